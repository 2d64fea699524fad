package io.icmpkit.cli.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The text pieces of iputils ping 20221126, as pure functions: the RTT rounding of reply lines,
 * {@code %g} of the loss percentage, {@code %ld.%03ld} milliseconds, and the ICMP error texts of
 * {@code pr_icmph()} (IPv4) and {@code print_icmp()} (IPv6). Strings are copied from the iputils
 * binary ({@code strings /usr/bin/ping}), not translated.
 */
public final class PingFormat {
  private PingFormat() {}

  /**
   * The {@code time=...} value of a reply line for an RTT in microseconds, rounded as iputils'
   * {@code gather_statistics()} does: 3 significant digits from 1 ms on, 3 decimals below.
   * With {@code precise} ({@code -3}) always {@code ms.uuu}, never rounded.
   */
  public static String replyTime(long micros, boolean precise) {
    long t = micros;
    if (precise || t < 1000) {
      return t / 1000 + "." + pad(t % 1000, 3);
    }
    if (t >= 100000 - 50) {
      return Long.toString((t + 500) / 1000);
    }
    if (t >= 10000 - 5) {
      return (t + 50) / 1000 + "." + ((t + 50) % 1000) / 100;
    }
    return (t + 5) / 1000 + "." + pad(((t + 5) % 1000) / 10, 2);
  }

  /** {@code %ld.%03ld} of microseconds as milliseconds (statistics lines; truncates). */
  public static String millis(long micros) {
    long q = micros / 1000;
    long r = micros % 1000;
    if (micros < 0 && q == 0) {
      return "-0." + pad(-r, 3);
    }
    return q + "." + pad(Math.abs(r), 3);
  }

  /**
   * The loss percentage as iputils prints it: {@code (float)((tx - rx) * 100.0 / tx)} through
   * C's {@code %g} (6 significant digits, trailing zeros dropped).
   */
  public static String lossPercent(long transmitted, long received) {
    if (transmitted == 0) {
      return "0";
    }
    float loss = (float) (((double) (transmitted - received)) * 100.0 / transmitted);
    return formatG(loss);
  }

  /** C's {@code printf("%g", v)} for a finite value (precision 6). */
  static String formatG(double v) {
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN));
    int exp = bd.precision() - bd.scale() - 1; // decimal exponent after rounding
    if (exp < -4 || exp >= 6) {
      BigDecimal mant = bd.movePointLeft(exp).stripTrailingZeros();
      String m = mant.scale() <= 0 ? mant.toBigInteger().toString() : mant.toPlainString();
      return m + "e" + (exp < 0 ? "-" : "+") + pad(Math.abs(exp), 2);
    }
    BigDecimal plain = bd.stripTrailingZeros();
    return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
  }

  /** {@code pr_icmph()} text of an ICMPv4 error (without the trailing newline). */
  public static String icmpv4Error(int type, int code, long info) {
    return switch (type) {
      case 0 -> "Echo Reply";
      case 3 -> switch (code) {
        case 0 -> "Destination Net Unreachable";
        case 1 -> "Destination Host Unreachable";
        case 2 -> "Destination Protocol Unreachable";
        case 3 -> "Destination Port Unreachable";
        case 4 -> "Frag needed and DF set (mtu = " + (info & 0xFFFFFFFFL) + ")";
        case 5 -> "Source Route Failed";
        case 6 -> "Destination Net Unknown";
        case 7 -> "Destination Host Unknown";
        case 8 -> "Source Host Isolated";
        case 9 -> "Destination Net Prohibited";
        case 10 -> "Destination Host Prohibited";
        case 11 -> "Destination Net Unreachable for Type of Service";
        case 12 -> "Destination Host Unreachable for Type of Service";
        case 13 -> "Packet filtered";
        case 14 -> "Precedence Violation";
        case 15 -> "Precedence Cutoff";
        default -> "Dest Unreachable, Bad Code: " + code;
      };
      case 4 -> "Source Quench";
      case 5 -> (switch (code) {
        case 0 -> "Redirect Network";
        case 1 -> "Redirect Host";
        case 2 -> "Redirect Type of Service and Network";
        case 3 -> "Redirect Type of Service and Host";
        default -> "Redirect, Bad Code: " + code;
      }) + "(New nexthop: " + ipv4(info) + ")";
      case 8 -> "Echo Request";
      case 11 -> switch (code) {
        case 0 -> "Time to live exceeded";
        case 1 -> "Frag reassembly time exceeded";
        default -> "Time exceeded, Bad Code: " + code;
      };
      // the kernel's ee_info for a parameter problem is the pointer already
      case 12 -> "Parameter problem: pointer = " + (info & 0xFFFFFFFFL);
      case 13 -> "Timestamp";
      case 14 -> "Timestamp Reply";
      case 15 -> "Information Request";
      case 16 -> "Information Reply";
      case 17 -> "Address Mask Request";
      case 18 -> "Address Mask Reply";
      default -> "Bad ICMP type: " + type;
    };
  }

  /** {@code print_icmp()} text of an ICMPv6 error (iputils 20221126 code list). */
  public static String icmpv6Error(int type, int code, long info) {
    return switch (type) {
      case 1 -> "Destination unreachable: " + switch (code) {
        case 0 -> "No route";
        case 1 -> "Administratively prohibited";
        case 2 -> "Beyond scope of source address";
        case 3 -> "Address unreachable";
        case 4 -> "Port unreachable";
        default -> "Unknown code " + code;
      };
      case 2 -> "Packet too big: mtu=" + (info & 0xFFFFFFFFL) + (code != 0 ? ", code=" + code : "");
      case 3 -> "Time exceeded: " + switch (code) {
        case 0 -> "Hop limit";
        case 1 -> "Defragmentation failure";
        default -> "code " + code;
      };
      case 4 -> "Parameter problem: " + switch (code) {
        case 0 -> "Wrong header field ";
        case 1 -> "Unknown header ";
        case 2 -> "Unknown option ";
        default -> "code " + code + " ";
      } + "at " + (info & 0xFFFFFFFFL);
      case 128 -> "Echo request";
      case 129 -> "Echo reply";
      case 130 -> "MLD Query";
      case 131 -> "MLD Report";
      case 132 -> "MLD Reduction";
      default -> "unknown icmp type: " + type;
    };
  }

  /** {@code [sec.usec] } prefix of {@code -D}. */
  public static String timestampPrefix(long epochMicros) {
    return "[" + Math.floorDiv(epochMicros, 1_000_000L) + "." + pad(Math.floorMod(epochMicros, 1_000_000L), 6) + "] ";
  }

  /**
   * An address as {@code inet_ntop(3)} writes it: IPv6 in RFC 5952 form (the longest run of two
   * or more zero groups as {@code ::}, the first one on a tie; IPv4-mapped as {@code ::ffff:a.b.c.d}),
   * no scope.
   */
  public static String ntop(java.net.InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF) {
      return "::ffff:" + (b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestStart = -1;
    }
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  private static String ipv4(long info) {
    // ee_info carries the gateway in network order read as a host integer; callers pass it as
    // the 32-bit big-endian value
    return ((info >>> 24) & 0xFF) + "." + ((info >>> 16) & 0xFF) + "." + ((info >>> 8) & 0xFF) + "." + (info & 0xFF);
  }

  static String pad(long v, int width) {
    String s = Long.toString(v);
    if (s.length() >= width) {
      return s;
    }
    return "0".repeat(width - s.length()) + s;
  }
}
