package io.icmpkit.socket.capture;

import io.icmpkit.wire.Octets;
import java.util.Objects;

/**
 * One captured frame, immutable: its bytes (starting with the link header for {@code linkType} 1,
 * with the IP header for 101), its length on the wire, the kernel receive timestamp (nanoseconds
 * since the Unix epoch), the interface index, the ethertype, the packet type ({@code
 * sll_pkttype}: 0 host, 4 outgoing...) and the pcap LINKTYPE_ value.
 */
public record CapturedPacket(Octets data, int originalLength, long timestampNanos,
    int interfaceIndex, int protocol, int packetType, int linkType) {
  public CapturedPacket {
    Objects.requireNonNull(data, "data");
    if (originalLength < data.length()) {
      throw new IllegalArgumentException(
          "original length " + originalLength + " < captured " + data.length());
    }
  }

  /** Whether this host sent the frame ({@code PACKET_OUTGOING}). */
  public boolean outgoing() {
    return packetType == 4;
  }

  /** Whether the buffer was shorter than the frame. */
  public boolean truncated() {
    return originalLength > data.length();
  }
}
