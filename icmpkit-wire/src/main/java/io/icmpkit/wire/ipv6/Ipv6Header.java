package io.icmpkit.wire.ipv6;

import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.print.Describable;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;

/**
 * The fixed IPv6 header (RFC 8200 section 3) as a value: 40 bytes; extension headers are {@link
 * Ipv6ExtensionHeader} records and the payload is emitted by the caller after it. IPv6 has no
 * header checksum.
 *
 * @param trafficClass the 8-bit traffic class (DSCP << 2 | ECN)
 * @param flowLabel 20 bits
 * @param payloadLength bytes after the fixed header, extension headers included
 * @param nextHeader the first extension header or the upper-layer protocol
 */
public record Ipv6Header(
    int trafficClass, int flowLabel, int payloadLength, int nextHeader, int hopLimit, Inet6Address source,
    Inet6Address destination) implements Describable {

  public Ipv6Header {
    range("trafficClass", trafficClass, 255);
    range("flowLabel", flowLabel, 0xFFFFF);
    range("payloadLength", payloadLength, 65535);
    range("nextHeader", nextHeader, 255);
    range("hopLimit", hopLimit, 255);
    if (source == null || destination == null) {
      throw new IllegalArgumentException("source and destination are required");
    }
  }

  private static void range(String what, int v, int max) {
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(what + " out of range 0-" + max + ": " + v);
    }
  }

  /** A header with traffic class and flow label 0. */
  public static Ipv6Header of(Inet6Address source, Inet6Address destination, int nextHeader, int hopLimit,
      int payloadLength) {
    return new Ipv6Header(0, 0, payloadLength, nextHeader, hopLimit, source, destination);
  }

  public int dscp() {
    return trafficClass >>> 2;
  }

  public int ecn() {
    return trafficClass & 3;
  }

  public int bufferLength() {
    return Ipv6Packet.HEADER_LENGTH;
  }

  /** Reads the fixed header of a checked view. */
  public static Ipv6Header parse(Ipv6Packet p) {
    return new Ipv6Header(p.trafficClass(), p.flowLabel(), p.payloadLength(), p.nextHeader(), p.hopLimit(),
        p.source(), p.destination());
  }

  /**
   * Writes the 40 bytes into {@code dst}.
   *
   * @throws WireException BUFFER_TOO_SMALL when {@code dst} is shorter
   */
  public void emit(MemorySegment dst) {
    if (dst.byteSize() < Ipv6Packet.HEADER_LENGTH) {
      throw new WireException(Reason.BUFFER_TOO_SMALL, "IPv6 header needs 40 bytes, got " + dst.byteSize());
    }
    Ipv6Packet p = Ipv6Packet.unchecked(dst);
    io.icmpkit.wire.Bytes.setU32(dst, 0, 0x6000_0000L | (long) trafficClass << 20 | flowLabel);
    p.setPayloadLength(payloadLength);
    p.setNextHeader(nextHeader);
    p.setHopLimit(hopLimit);
    p.setSource(source);
    p.setDestination(destination);
  }

  @Override
  public String summary() {
    return source.getHostAddress() + " \u2192 " + destination.getHostAddress() + " next header " + nextHeader
        + " hlim " + hopLimit;
  }

  @Override
  public void describe(FieldTree tree) {
    tree.field("Version", 6)
        .field("Traffic Class", String.format("0x%02x (DSCP: %d, ECN: %d)", trafficClass, dscp(), ecn()))
        .field("Flow Label", String.format("0x%05x", flowLabel))
        .field("Payload Length", payloadLength)
        .field("Next Header", IpProtocol.valueOf(nextHeader) + " (" + nextHeader + ")")
        .field("Hop Limit", hopLimit)
        .field("Source Address", source.getHostAddress())
        .field("Destination Address", destination.getHostAddress());
  }
}
