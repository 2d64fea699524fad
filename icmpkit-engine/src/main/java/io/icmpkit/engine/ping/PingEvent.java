package io.icmpkit.engine.ping;

import io.icmpkit.wire.Octets;
import java.net.InetAddress;

/**
 * What happened to one probe of a ping run. Per probe the events form the tree
 *
 * <pre>
 * Sent ─┬─ Reply (duplicate=false)  ─── Reply (duplicate=true)*
 *       ├─ Error                     (an ICMP error or a local send error instead of the reply)
 *       └─ Timeout                   (no reply within the timeout; a late Reply may still follow)
 * </pre>
 *
 * <p>{@code seq} is the ICMP echo sequence number on the wire (16 bits, starting at 1 and
 * wrapping as in iputils). Times are nanoseconds since the epoch (CLOCK_REALTIME, the clock of
 * kernel timestamps); durations are nanoseconds.
 */
public sealed interface PingEvent {
  /** The echo sequence number of the probe (0-65535). */
  int seq();

  /**
   * A probe was sent.
   *
   * @param seq sequence number
   * @param sentNanos send time: the kernel's software transmit timestamp when available, else the
   *     clock read just before the send
   */
  record Sent(int seq, long sentNanos) implements PingEvent {}

  /**
   * An echo reply matched a probe (identifier, sequence and payload cookie).
   *
   * @param seq sequence number
   * @param rttNanos round-trip time (receive time - send time), never negative
   * @param ttl the reply's TTL / hop limit, -1 when the kernel did not report it
   * @param tos the reply's TOS / traffic class, -1 when unknown
   * @param bytes ICMP bytes received (header + payload, as iputils' "N bytes from")
   * @param from the reply's source address
   * @param duplicate a reply for this sequence number came before (iputils' {@code (DUP!)})
   * @param corrupted bad checksum or a payload that differs from what was sent
   * @param badChecksum the ICMP checksum is wrong (iputils' {@code (BAD CHECKSUM!)}; such replies
   *     are not counted as received)
   * @param receivedNanos receive time: the kernel receive timestamp when available
   */
  record Reply(int seq, long rttNanos, int ttl, int tos, int bytes, InetAddress from,
      boolean duplicate, boolean corrupted, boolean badChecksum, long receivedNanos)
      implements PingEvent {}

  /**
   * An ICMP error came back for the probe (time exceeded, destination unreachable, packet too
   * big...), or the send failed locally.
   *
   * @param seq sequence number
   * @param from the router or host that sent the error; null for a local error
   * @param icmpType ICMP (or ICMPv6 when {@code ipv6}) type; -1 for a local error
   * @param icmpCode ICMP code; -1 for a local error
   * @param info the MTU of "fragmentation needed"/"packet too big" and of local EMSGSIZE, the
   *     pointer of "parameter problem", the gateway of a redirect as an IPv4 address number; 0
   *     otherwise
   * @param errno the errno name Linux maps this error to ({@code EHOSTUNREACH}, {@code EMSGSIZE}...)
   * @param quoted the quoted datagram (IP header + start of our probe) when the error was read from
   *     a raw socket, else empty
   * @param ipv6 whether type and code are ICMPv6 ones
   * @param receivedNanos when the error arrived
   */
  record Error(int seq, InetAddress from, int icmpType, int icmpCode, long info, String errno,
      Octets quoted, boolean ipv6, long receivedNanos) implements PingEvent {
    /** Whether the error was found locally (no ICMP message). */
    public boolean local() {
      return icmpType < 0;
    }

    /** The MTU reported by this error, or -1. */
    public long mtu() {
      boolean v4 = !ipv6 && icmpType == 3 && icmpCode == 4;
      boolean v6 = ipv6 && icmpType == 2;
      return v4 || v6 || (local() && "EMSGSIZE".equals(errno)) ? info : -1;
    }
  }

  /**
   * No reply (nor error) within the request's timeout.
   *
   * @param seq sequence number
   */
  record Timeout(int seq) implements PingEvent {}
}
