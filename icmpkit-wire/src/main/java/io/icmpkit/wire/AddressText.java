package io.icmpkit.wire;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * Text forms of IP addresses straight from packet bytes, without going through
 * {@link java.net.InetAddress} (which allocates several objects per call): dotted quad for IPv4,
 * RFC 5952 canonical form for IPv6 (lowercase, longest run of two or more zero groups as
 * {@code ::}, first run on a tie; IPv4-mapped addresses keep their dotted tail). One copy for every
 * module that prints addresses (decode, ping engine, sweep, stack).
 */
public final class AddressText {
  private AddressText() {}

  /** The text form of an address: dotted quad, or RFC 5952 for IPv6. */
  public static String of(InetAddress a) {
    MemorySegment s = MemorySegment.ofArray(a.getAddress());
    return s.byteSize() == 4 ? ipv4(s, 0) : ipv6(s, 0);
  }

  public static String ipv4(MemorySegment s, long off) {
    StringBuilder sb = new StringBuilder(15);
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(Bytes.u8(s, off + i));
    }
    return sb.toString();
  }

  public static String ipv4(int bits) {
    return ((bits >>> 24) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
  }

  public static String ipv6(MemorySegment s, long off) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = Bytes.u16(s, off + 2L * i);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] == 0) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    // IPv4-mapped ::ffff:a.b.c.d keeps the dotted tail (RFC 5952 section 5)
    if (bestStart == 0 && bestLen == 5 && g[5] == 0xFFFF) {
      return sb.append("::ffff:").append(ipv4(s, off + 12)).toString();
    }
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
