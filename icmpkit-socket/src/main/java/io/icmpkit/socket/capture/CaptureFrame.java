package io.icmpkit.socket.capture;

import io.icmpkit.wire.Octets;
import java.lang.foreign.MemorySegment;

/**
 * The frame a {@link PacketCaptureSocket#dispatch dispatch} callback is looking at: a flyweight
 * over the socket's receive buffer, reused for every frame, valid only during the callback (copy
 * what you keep, e.g. with {@link #copy()}). Nothing is allocated per frame.
 */
public final class CaptureFrame {
  MemorySegment data = MemorySegment.NULL;
  int originalLength;
  long timestampNanos;
  int interfaceIndex;
  int protocol;
  int packetType;
  int linkType;

  CaptureFrame() {}

  /** The captured bytes (at most the buffer size; see {@link #truncated()}). */
  public MemorySegment data() {
    return data;
  }

  /** The frame's length on the wire (more than {@code data().byteSize()} when truncated). */
  public int originalLength() {
    return originalLength;
  }

  public boolean truncated() {
    return originalLength > data.byteSize();
  }

  /** Kernel receive timestamp ({@code SO_TIMESTAMPNS}), nanoseconds since the Unix epoch. */
  public long timestampNanos() {
    return timestampNanos;
  }

  /** Index of the interface the frame was seen on. */
  public int interfaceIndex() {
    return interfaceIndex;
  }

  /** The frame's ethertype ({@code 0x0800} IPv4, {@code 0x86dd} IPv6). */
  public int protocol() {
    return protocol;
  }

  /** {@code sll_pkttype}: 0 to this host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing. */
  public int packetType() {
    return packetType;
  }

  /** Whether this host sent the frame ({@code PACKET_OUTGOING}). */
  public boolean outgoing() {
    return packetType == 4;
  }

  /** The pcap LINKTYPE_ of {@link #data()}: 1 Ethernet, 101 raw IP. */
  public int linkType() {
    return linkType;
  }

  /** An immutable copy of this frame. */
  public CapturedPacket copy() {
    return new CapturedPacket(Octets.copyOf(data), originalLength,
        timestampNanos, interfaceIndex, protocol, packetType, linkType);
  }
}
