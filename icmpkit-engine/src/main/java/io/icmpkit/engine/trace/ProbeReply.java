package io.icmpkit.engine.trace;

import io.icmpkit.wire.ext.IcmpExtensions;
import java.net.InetAddress;

/**
 * The outcome of one probe of a hop.
 *
 * @param ttl the TTL / hop limit the probe was sent with
 * @param index the probe's number within its hop (0-based)
 * @param kind what answered
 * @param responder who answered, null on timeout
 * @param rttNanos send-to-answer time, -1 on timeout
 * @param replyTtl TTL / hop limit of the answer as received, -1 when unknown
 * @param icmpType ICMP type of the answer (-1 when not ICMP: TCP SYN-ACK/RST, timeout)
 * @param icmpCode ICMP code, -1 when not ICMP
 * @param mtu the new path MTU this probe was resent with after a "too big" error ({@code F=}), 0
 * @param extensions RFC 4884 extensions of the ICMP answer, or null
 */
public record ProbeReply(
    int ttl,
    int index,
    Kind kind,
    InetAddress responder,
    long rttNanos,
    int replyTtl,
    int icmpType,
    int icmpCode,
    int mtu,
    IcmpExtensions extensions) {

  /** The kinds of answer. */
  public enum Kind {
    /** Time exceeded from a router on the way. */
    TIME_EXCEEDED,
    /** The destination answered (echo reply, port unreachable, SYN-ACK or RST). */
    REACHED,
    /** A destination unreachable (or packet too big) that ends the trace; see {@link #flag()}. */
    UNREACHABLE,
    /** Nothing within the wait time. */
    TIMEOUT
  }

  /** Whether the trace ends at this probe's hop. */
  public boolean isFinal() {
    return kind == Kind.REACHED || kind == Kind.UNREACHABLE;
  }

  /**
   * Linux traceroute's annotation for an unreachable answer ({@code !H !N !P !X !S !V !C !F-<mtu>
   * !<code>}), or the empty string.
   */
  public String flag() {
    if (kind != Kind.UNREACHABLE) {
      return "";
    }
    boolean v6 = responder instanceof java.net.Inet6Address;
    if (v6) {
      if (icmpType == 2) {
        return "!F-" + mtu;
      }
      return switch (icmpCode) {
        case 0 -> "!N";
        case 2, 3 -> "!H";
        case 1 -> "!X";
        default -> "!<" + icmpCode + ">";
      };
    }
    return switch (icmpCode) {
      case 0, 6, 8, 11 -> "!N";
      case 1, 7, 12 -> "!H";
      case 9, 10, 13 -> "!X";
      case 2 -> "!P";
      case 4 -> "!F-" + mtu;
      case 5 -> "!S";
      case 14 -> "!V";
      case 15 -> "!C";
      default -> "!<" + icmpCode + ">";
    };
  }

  /**
   * Hops the answer travelled back, guessed from its TTL as traceroute {@code --back} does (initial
   * TTL 64, 128 or 255); -1 when the TTL is unknown.
   */
  public int backHops() {
    if (replyTtl < 0) {
      return -1;
    }
    return replyTtl <= 64 ? 65 - replyTtl : replyTtl <= 128 ? 129 - replyTtl : 256 - replyTtl;
  }
}
