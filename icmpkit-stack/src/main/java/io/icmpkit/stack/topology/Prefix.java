package io.icmpkit.stack.topology;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address with a prefix length, as written in a topology file ({@code 198.18.1.1/24},
 * {@code 2001:db8:1::1/64}): an interface address together with its subnet.
 */
public record Prefix(InetAddress address, int length) {
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public Prefix {
    int max = address instanceof Inet4Address ? 32 : 128;
    if (length < 0 || length > max) {
      throw new IllegalArgumentException("prefix length must be 0.." + max + ": " + length);
    }
  }

  /** Parses {@code ADDRESS/LENGTH} (the length may be left out: a host prefix). */
  public static Prefix parse(String text) {
    int slash = text.indexOf('/');
    String a = slash < 0 ? text : text.substring(0, slash);
    InetAddress addr = parseAddress(a);
    int max = addr instanceof Inet4Address ? 32 : 128;
    int len = max;
    if (slash >= 0) {
      String l = text.substring(slash + 1);
      if (!l.matches("\\d{1,3}")) {
        throw new IllegalArgumentException("not a prefix length: '" + l + "'");
      }
      len = Integer.parseInt(l);
      if (len > max) {
        throw new IllegalArgumentException("prefix length must be 0.." + max + ": " + len);
      }
    }
    return new Prefix(addr, len);
  }

  /** Parses an IPv4 or IPv6 address literal (never a name lookup). */
  public static InetAddress parseAddress(String text) {
    if (!V4.matcher(text).matches() && !V6.matcher(text).matches()) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + text + "'");
    }
    try {
      InetAddress a = InetAddress.getByName(text); // a literal: no lookup
      if (V4.matcher(text).matches() && !(a instanceof Inet4Address)) {
        throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
      }
      return a;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + text + "'");
    }
  }

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  /** The subnet: the address with the host bits cleared. */
  public Prefix network() {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.clamp(length - i * 8L, 0, 8);
      b[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return new Prefix(InetAddress.getByAddress(b), length);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether {@code a} lies in this prefix. */
  public boolean contains(InetAddress a) {
    byte[] x = address.getAddress();
    byte[] y = a.getAddress();
    if (x.length != y.length) {
      return false;
    }
    int full = length / 8;
    for (int i = 0; i < full; i++) {
      if (x[i] != y[i]) {
        return false;
      }
    }
    int rest = length % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (x[full] & mask) == (y[full] & mask);
  }

  /** The IPv4 directed broadcast address of this subnet (null for IPv6 or /31, /32). */
  public InetAddress broadcast() {
    if (isIpv6() || length >= 31) {
      return null;
    }
    byte[] b = network().address.getAddress();
    for (int i = 0; i < 4; i++) {
      int keep = Math.clamp(length - i * 8L, 0, 8);
      b[i] |= (byte) (0xff >>> keep);
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return format(address) + "/" + length;
  }

  /**
   * An address as text; IPv6 in the RFC 5952 form ({@code 2001:db8::1}: lower case, no leading
   * zeros, the longest run of two or more zero groups as {@code ::}).
   */
  public static String format(InetAddress a) {
    return io.icmpkit.wire.AddressText.of(a);
  }
}
