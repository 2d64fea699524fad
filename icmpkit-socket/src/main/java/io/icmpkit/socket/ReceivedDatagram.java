package io.icmpkit.socket;

import io.icmpkit.wire.Octets;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.time.Instant;

/**
 * One datagram read from a socket, with the ancillary data the kernel attached.
 *
 * <p>From the normal queue: {@link #data()} is the ICMP message (datagram sockets, raw ICMPv6),
 * or the IPv4 packet with its header (raw ICMPv4: {@link #payloadOffset()} is then the header
 * length), or the UDP payload ({@link UdpProbeSocket}); {@link #error()} is null.
 *
 * <p>From the error queue ({@code MSG_ERRQUEUE}): {@link #error()} is set; {@link #data()} is what
 * the kernel returns of the datagram that caused the error (the ICMP message this socket sent, or
 * the UDP payload; empty for transmit timestamps with {@code OPT_TSONLY}), and {@link #peer()} the
 * address that datagram was sent to.
 *
 * @param data the bytes received (at most the receive buffer; see {@link #truncated()})
 * @param payloadOffset offset of the ICMP message in {@code data} (IPv4 header length for raw
 *     ICMPv4 sockets, else 0)
 * @param peer source of the datagram (error queue: destination of the offending datagram); null
 *     when the kernel gave none
 * @param ttl received TTL / hop limit ({@code RECVTTL}), -1 when not reported
 * @param kernelTimestampNanos kernel timestamp, nanoseconds since the epoch (CLOCK_REALTIME):
 *     receive time ({@code TIMESTAMPNS}) or, for a transmit timestamp, send time; -1 when absent
 * @param interfaceIndex receiving interface ({@code PKTINFO}), -1 when not reported
 * @param destination destination address of the received packet ({@code PKTINFO}), or null
 * @param truncated the datagram was longer than the buffer ({@code MSG_TRUNC})
 * @param error the error-queue entry, or null for a normal datagram
 */
public record ReceivedDatagram(
    Octets data,
    int payloadOffset,
    InetAddress peer,
    int ttl,
    long kernelTimestampNanos,
    int interfaceIndex,
    InetAddress destination,
    boolean truncated,
    IcmpError error) {

  public ReceivedDatagram {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    if (payloadOffset < 0 || payloadOffset > data.length()) {
      throw new IllegalArgumentException("payloadOffset outside data: " + payloadOffset);
    }
  }

  /** Whether this came from the error queue. */
  public boolean isError() {
    return error != null;
  }

  /** The ICMP message (or UDP payload): {@code data} from {@link #payloadOffset()} on. */
  public MemorySegment payload() {
    return data.asSegment().asSlice(payloadOffset);
  }

  /** {@link #kernelTimestampNanos()} as an Instant, or null when absent. */
  public Instant kernelTimestamp() {
    if (kernelTimestampNanos < 0) {
      return null;
    }
    return Instant.ofEpochSecond(
        kernelTimestampNanos / 1_000_000_000L, kernelTimestampNanos % 1_000_000_000L);
  }
}
