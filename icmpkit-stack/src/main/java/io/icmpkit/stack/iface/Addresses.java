package io.icmpkit.stack.iface;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address helpers on raw bytes: literal parsing (never DNS) and the address classes the RFCs name. */
public final class Addresses {
  private Addresses() {}

  /** Parses an IPv4 or IPv6 literal; never resolves a name. */
  public static InetAddress parse(String literal) {
    String s = literal.trim();
    if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
      throw new IllegalArgumentException("not an IP address literal: " + literal);
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + literal, e);
    }
  }

  public static InetAddress of(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address must be 4 or 16 bytes", e);
    }
  }

  public static Inet4Address v4(int bits) {
    return (Inet4Address) of(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
  }

  public static int bits(byte[] v4) {
    return (v4[0] & 0xFF) << 24 | (v4[1] & 0xFF) << 16 | (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
  }

  /** IPv4 multicast 224.0.0.0/4 (RFC 1112). */
  public static boolean isV4Multicast(int a) {
    return (a >>> 28) == 0xE;
  }

  /** 255.255.255.255, the limited broadcast (RFC 919 / RFC 1122 3.2.1.3). */
  public static boolean isV4LimitedBroadcast(int a) {
    return a == -1;
  }

  /**
   * A source that does not name a single host (RFC 1122 3.2.2 / RFC 1812 4.3.2.7): 0.0.0.0/8,
   * 127/8 (seen on a wire), multicast, class E and the limited broadcast.
   */
  public static boolean isV4NonUnicastSource(int a) {
    int top = a >>> 24;
    return top == 0 || top == 127 || (a >>> 28) >= 0xE;
  }

  public static boolean isV6Multicast(byte[] a) {
    return (a[0] & 0xFF) == 0xFF;
  }

  public static boolean isV6Unspecified(byte[] a) {
    for (byte b : a) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  public static boolean isV6LinkLocal(byte[] a) {
    return (a[0] & 0xFF) == 0xFE && (a[1] & 0xC0) == 0x80;
  }

  public static Inet6Address v6(byte[] raw16) {
    return (Inet6Address) of(raw16);
  }
}
