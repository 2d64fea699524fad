package io.icmpkit.socket;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * The datagram last read by {@link IcmpSocket#tryReceiveView(boolean)}, seen in place in the
 * socket's own native buffers: no copy, no allocation (a hot receive loop, e.g. a flood ping,
 * reads a reply and a transmit timestamp per probe). Valid until the next receive of any kind on
 * the socket; one reader thread. {@link #toDatagram()} makes the full, independent
 * {@link ReceivedDatagram} for the rare cases (ICMP errors, unknown error-queue entries).
 *
 * <p>The fields are those of {@link ReceivedDatagram}; an error-queue entry exposes the raw
 * {@code sock_extended_err} origin and {@code ee_data} only (for transmit timestamps: {@code
 * SO_EE_ORIGIN_TIMESTAMPING} and the {@code OPT_ID} counter).
 */
public final class DatagramView {
  private final SocketCore core;
  private final MemorySegment buffer;
  long length;
  boolean errorQueue;
  int payloadOffset;
  boolean truncated;
  long timestamp;
  int ttl;
  int origin;
  long errorData;

  DatagramView(SocketCore core, MemorySegment buffer) {
    this.core = core;
    this.buffer = buffer;
  }

  /** The receive buffer; the datagram is its first {@link #length()} bytes. */
  public MemorySegment buffer() {
    return buffer;
  }

  /** Bytes received (at most the buffer; see {@link #truncated()}). */
  public long length() {
    return length;
  }

  /** Offset of the ICMP message: the IPv4 header length on raw ICMPv4 sockets, else 0. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** Whether this came from the error queue. */
  public boolean isError() {
    return errorQueue;
  }

  /** The datagram was longer than the buffer ({@code MSG_TRUNC}). */
  public boolean truncated() {
    return truncated;
  }

  /** Kernel receive (or, error queue, transmit) stamp in CLOCK_REALTIME ns; -1 when absent. */
  public long kernelTimestampNanos() {
    return timestamp;
  }

  /** Received TTL / hop limit ({@code RECVTTL}), -1 when not reported. */
  public int ttl() {
    return ttl;
  }

  /** Error queue: {@code ee_origin} ({@code SO_EE_ORIGIN_*}); -1 for none or a normal datagram. */
  public int errorOrigin() {
    return origin;
  }

  /** Error queue: {@code ee_data} (the {@code OPT_ID} counter of a transmit timestamp). */
  public long errorData() {
    return errorData;
  }

  /**
   * The source of the datagram (error queue: destination of the offending one); the same object
   * as last time when the kernel's address did not change, so a steady stream allocates nothing.
   */
  public InetAddress peer() {
    return core.viewPeer();
  }

  /** The datagram as an independent record (copies the bytes, parses every control message). */
  public ReceivedDatagram toDatagram() {
    return core.viewDatagram(this);
  }
}
