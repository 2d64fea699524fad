package io.icmpkit.socket;

import io.icmpkit.nativeio.Errno;
import java.net.InetAddress;

/**
 * An entry of a socket's error queue ({@code MSG_ERRQUEUE}, ip(7) {@code IP_RECVERR}): the
 * kernel's {@code struct sock_extended_err} and the offender address, typed.
 *
 * <p>For {@link Origin#ICMP} / {@link Origin#ICMP6} it describes an ICMP error about a datagram
 * this socket sent: {@link #type()} and {@link #code()} of the ICMP message, {@link #info()} (the
 * next-hop MTU of "fragmentation needed" / "packet too big", the pointer of "parameter problem"),
 * the {@link #offender()} (the router or host that sent the error), and {@link #errno()} as Linux
 * maps it (port unreachable → ECONNREFUSED, time exceeded → EHOSTUNREACH, frag needed →
 * EMSGSIZE...: see {@link #linuxErrno(boolean, int, int)}). For {@link Origin#LOCAL} the error
 * was found locally (e.g. EMSGSIZE with the local MTU in {@code info}). For {@link
 * Origin#TIMESTAMPING} it is a transmit timestamp, and {@link #data()} is the send counter.
 *
 * @param origin where the entry comes from
 * @param errno the error as Linux reports it (0 = none, e.g. for timestamps, as {@code E0})
 * @param type ICMP type (ICMP origins), else 0
 * @param code ICMP code (ICMP origins), else 0
 * @param info {@code ee_info}: MTU or pointer; 0 when not applicable
 * @param data {@code ee_data}: for timestamps the counter of the sent packet; RFC 4884 length
 *     and flags otherwise (see {@link #rfc4884Length()})
 * @param offender the sender of the ICMP error, or null (local errors, timestamps)
 * @param rfc4884Length length in bytes of the original datagram part when the ICMP message has
 *     RFC 4884 extensions and {@code RECVERR_RFC4884} is on; 0 otherwise
 * @param rfc4884Invalid the kernel found an RFC 4884 structure invalid
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7)</a>
 */
public record IcmpError(
    Origin origin,
    Errno errno,
    int type,
    int code,
    long info,
    long data,
    InetAddress offender,
    int rfc4884Length,
    boolean rfc4884Invalid) {

  /** {@code ee_origin}. */
  public enum Origin {
    NONE, LOCAL, ICMP, ICMP6, TIMESTAMPING, ZEROCOPY, TXTIME, UNKNOWN;

    static Origin of(int v) {
      return switch (v) {
        case 0 -> NONE;
        case 1 -> LOCAL;
        case 2 -> ICMP;
        case 3 -> ICMP6;
        case 4 -> TIMESTAMPING;
        case 5 -> ZEROCOPY;
        case 6 -> TXTIME;
        default -> UNKNOWN;
      };
    }
  }

  public IcmpError {
    if (origin == null || errno == null) {
      throw new IllegalArgumentException("origin and errno are required");
    }
  }

  /** Whether this entry is an ICMP error (from ICMPv4 or ICMPv6). */
  public boolean isIcmp() {
    return origin == Origin.ICMP || origin == Origin.ICMP6;
  }

  /**
   * The MTU this error reports: ICMPv4 frag-needed (type 3 code 4), ICMPv6 packet too big (type
   * 2), or a local EMSGSIZE; -1 otherwise.
   */
  public long mtu() {
    boolean v4 = origin == Origin.ICMP && type == 3 && code == 4;
    boolean v6 = origin == Origin.ICMP6 && type == 2;
    boolean local = origin == Origin.LOCAL && errno.number() == 90;
    return v4 || v6 || local ? info : -1;
  }

  /**
   * The errno Linux gives an ICMP error on a datagram socket ({@code icmp_err_convert} in
   * {@code net/ipv4/icmp.c}, {@code icmpv6_err_convert} in {@code net/ipv6/icmp.c}), for mapping
   * errors read from a raw socket the same way. Returns 0 for messages that are not errors.
   *
   * @param ipv6 ICMPv6 type/code when true, ICMPv4 otherwise
   */
  public static int linuxErrno(boolean ipv6, int type, int code) {
    if (ipv6) {
      return switch (type) {
        case 1 -> switch (code) { // destination unreachable: tab_unreach
          case 0 -> 101; // no route: ENETUNREACH
          case 1, 5, 6 -> 13; // administratively prohibited, policy, reject route: EACCES
          case 2, 3 -> 113; // not neighbour, address unreachable: EHOSTUNREACH
          case 4 -> 111; // port unreachable: ECONNREFUSED
          default -> 113;
        };
        case 2 -> 90; // packet too big: EMSGSIZE
        case 3 -> 113; // time exceeded: EHOSTUNREACH
        case 4 -> 71; // parameter problem: EPROTO
        default -> type < 128 ? 71 : 0;
      };
    }
    return switch (type) {
      case 3 -> switch (code) {
        case 0, 6, 9, 11 -> 101; // net unreachable/unknown/prohibited/TOS: ENETUNREACH
        case 1, 10, 12, 13, 14, 15 -> 113; // host ...: EHOSTUNREACH
        case 2 -> 92; // protocol unreachable: ENOPROTOOPT
        case 3 -> 111; // port unreachable: ECONNREFUSED
        case 4 -> 90; // fragmentation needed: EMSGSIZE
        case 5 -> 95; // source route failed: EOPNOTSUPP
        case 7 -> 112; // host unknown: EHOSTDOWN
        case 8 -> 64; // host isolated: ENONET
        default -> 113;
      };
      case 11 -> 113; // time exceeded: EHOSTUNREACH
      case 12 -> 71; // parameter problem: EPROTO
      case 4, 5 -> 121; // source quench, redirect: EREMOTEIO
      default -> 0;
    };
  }
}
