package io.icmpkit.stack.iface;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network prefix ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); the host bits of
 * {@link #network()} are zero. Matching works on raw address bytes so the hot path needs no
 * {@link InetAddress}.
 */
public record Prefix(InetAddress network, int length) {
  public Prefix {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException("prefix length out of range 0.." + bits + ": " + length);
    }
    network = mask(network, length);
  }

  /** Parses {@code a.b.c.d/n} or {@code x::y/n}; without {@code /n} a host prefix. */
  public static Prefix parse(String cidr) {
    int slash = cidr.indexOf('/');
    InetAddress a = Addresses.parse(slash < 0 ? cidr : cidr.substring(0, slash));
    int len = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(cidr.substring(slash + 1).trim());
    return new Prefix(a, len);
  }

  /** The default route of one family. */
  public static Prefix defaultRoute(boolean ipv6) {
    return parse(ipv6 ? "::/0" : "0.0.0.0/0");
  }

  public boolean isIpv6() {
    return network.getAddress().length == 16;
  }

  /** Whether {@code address} (4 or 16 raw bytes) lies inside this prefix. */
  public boolean contains(byte[] address) {
    byte[] n = network.getAddress();
    return address.length == n.length && matches(n, address, length);
  }

  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  static boolean matches(byte[] net, byte[] a, int len) {
    int full = len >>> 3;
    for (int i = 0; i < full; i++) {
      if (net[i] != a[i]) {
        return false;
      }
    }
    int rest = len & 7;
    if (rest == 0) {
      return true;
    }
    int m = (0xFF << (8 - rest)) & 0xFF;
    return (net[full] & m) == (a[full] & m);
  }

  private static InetAddress mask(InetAddress a, int len) {
    byte[] b = a.getAddress();
    byte[] m = Arrays.copyOf(b, b.length);
    for (int i = 0; i < m.length; i++) {
      int keep = Math.clamp(len - i * 8L, 0, 8);
      m[i] = (byte) (m[i] & ((0xFF << (8 - keep)) & 0xFF));
    }
    if (Arrays.equals(b, m)) {
      return a;
    }
    try {
      return InetAddress.getByAddress(m);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + length;
  }
}
