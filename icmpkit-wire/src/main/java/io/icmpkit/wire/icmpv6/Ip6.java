package io.icmpkit.wire.icmpv6;

import io.icmpkit.wire.Octets;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.UnknownHostException;

/** IPv6 address helpers for this package: read/write 16 bytes, RFC 5952 text, MAC text. */
final class Ip6 {
  private Ip6() {}

  /** An Inet6Address from 16 bytes (never an Inet4Address, even for ::ffff:a.b.c.d). */
  static Inet6Address read(MemorySegment s, long off) {
    byte[] b = s.asSlice(off, 16).toArray(ValueLayout.JAVA_BYTE);
    try {
      return Inet6Address.getByAddress(null, b, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // 16 bytes are always an IPv6 address
    }
  }

  /** An Inet6Address from a 16-byte array. */
  static Inet6Address of(byte[] b) {
    try {
      return Inet6Address.getByAddress(null, b.clone(), -1);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("need 16 bytes, got " + b.length, e);
    }
  }

  static void write(MemorySegment s, long off, Inet6Address a) {
    MemorySegment.copy(a.getAddress(), 0, s, ValueLayout.JAVA_BYTE, off, 16);
  }

  /** A 16-byte segment holding the address (for the checksum pseudo-header). */
  static MemorySegment segment(Inet6Address a) {
    return MemorySegment.ofArray(a.getAddress());
  }

  /** RFC 5952 text (see {@link io.icmpkit.wire.AddressText}). */
  static String format(Inet6Address a) {
    return io.icmpkit.wire.AddressText.of(a);
  }

  /** Colon-separated lowercase hex, as Wireshark prints a link-layer address. */
  static String mac(Octets o) {
    StringBuilder sb = new StringBuilder(o.length() * 3);
    for (int i = 0; i < o.length(); i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Character.forDigit(o.get(i) >> 4, 16)).append(Character.forDigit(o.get(i) & 15, 16));
    }
    return sb.toString();
  }
}
