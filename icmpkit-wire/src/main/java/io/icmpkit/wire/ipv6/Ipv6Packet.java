package io.icmpkit.wire.ipv6;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.UnknownHostException;

/**
 * A view over an IPv6 packet (RFC 8200 section 3) and its extension-header chain. {@link
 * #checked(MemorySegment)} checks the fixed header once and walks the extension headers (bounded,
 * see {@link Ipv6ExtensionWalk}); afterwards no accessor throws and none allocates, except those
 * returning an {@link Inet6Address} or a {@link MemorySegment} slice.
 *
 * <p>The payload ends at {@code min(40 + payloadLength, captured)}: a payload length past the
 * capture is flagged {@link Anomaly#IPV6_TRUNC_PKT} and the packet is marked truncated; bytes past
 * the payload length (link padding) are not payload. A payload length of 0 with a hop-by-hop header
 * (a jumbogram, RFC 2675) is out of scope and read as "everything captured".
 */
public final class Ipv6Packet {
  /** Byte offsets of the fixed header (RFC 8200 section 3). */
  private static final class Field {
    static final int VER_TC_FLOW = 0;
    static final int PAYLOAD_LENGTH = 4;
    static final int NEXT_HEADER = 6;
    static final int HOP_LIMIT = 7;
    static final int SOURCE = 8;
    static final int DESTINATION = 24;
    static final int PAYLOAD = 40;
  }

  public static final int HEADER_LENGTH = 40;

  private MemorySegment segment; // re-pointed only by wrap() of a reusable() view
  private final Ipv6ExtensionWalk walk;

  private Ipv6Packet(MemorySegment segment, Ipv6ExtensionWalk walk) {
    this.segment = segment;
    this.walk = walk;
  }

  /**
   * Checks the fixed header and walks the extension headers; anomalies are not reported.
   *
   * @throws WireException PKT_TOO_SMALL (under 40 bytes), WRONG_IP_VERSION
   */
  public static Ipv6Packet checked(MemorySegment segment) {
    return checked(segment, AnomalySink.IGNORE);
  }

  /**
   * {@link #checked(MemorySegment)}, reporting {@link Anomaly#IPV6_TRUNC_PKT}, extension-header
   * anomalies and {@link Anomaly#IPV6_ICMPV4} to {@code sink}.
   */
  public static Ipv6Packet checked(MemorySegment segment, AnomalySink sink) {
    return checked(segment, sink, new Ipv6ExtensionWalk());
  }

  /**
   * As {@link #checked(MemorySegment, AnomalySink)} with a caller-owned walk object (reused
   * across packets on a hot path; the view reads its results, so do not reuse it while the view is
   * in use).
   */
  public static Ipv6Packet checked(MemorySegment segment, AnomalySink sink, Ipv6ExtensionWalk walk) {
    checkHeader(segment);
    Ipv6Packet p = new Ipv6Packet(segment, walk);
    p.walkAndFlag(sink);
    return p;
  }

  /**
   * A view (with its own extension-header walk) that {@link #wrap(MemorySegment, AnomalySink)}
   * points at one packet after another, for hot loops that must not allocate per packet. Empty
   * until the first {@code wrap}; not thread-safe; every {@code wrap} replaces what earlier reads
   * saw.
   */
  public static Ipv6Packet reusable() {
    return new Ipv6Packet(MemorySegment.NULL, new Ipv6ExtensionWalk());
  }

  /**
   * Points this view at {@code segment} after the checks and the walk of {@link
   * #checked(MemorySegment, AnomalySink, Ipv6ExtensionWalk)}, and returns it.
   *
   * @throws WireException as {@link #checked(MemorySegment)} (the view is then unchanged)
   */
  public Ipv6Packet wrap(MemorySegment segment, AnomalySink sink) {
    checkHeader(segment);
    this.segment = segment;
    walkAndFlag(sink);
    return this;
  }

  private static void checkHeader(MemorySegment segment) {
    long size = segment.byteSize();
    if (size < HEADER_LENGTH) {
      throw tooSmall(size);
    }
    int v = Bytes.u8(segment, 0) >>> 4;
    if (v != 6) {
      throw wrongVersion(v);
    }
  }

  private void walkAndFlag(AnomalySink sink) {
    if (isTruncated()) {
      sink.flag(Anomaly.IPV6_TRUNC_PKT);
    }
    walk.walk(segment, Field.PAYLOAD, payloadEnd(), nextHeader(), sink);
    if (walk.upperLayerProtocol() == IpProtocol.ICMP.number()) {
      sink.flag(Anomaly.IPV6_ICMPV4);
    }
  }

  // exceptions built out of line: keeps checked() small enough to inline on the hot path
  private static WireException tooSmall(long size) {
    return new WireException(Reason.PKT_TOO_SMALL, "IPv6 header needs 40 bytes, got " + size);
  }

  private static WireException wrongVersion(int v) {
    return new WireException(Reason.WRONG_IP_VERSION, "IP version " + v + ", expected 6");
  }

  /**
   * A view without checks for building a packet in a fresh buffer (at least 40 bytes). The
   * extension-header results are those of an empty walk; call {@link #rewalk()} after building.
   */
  public static Ipv6Packet unchecked(MemorySegment segment) {
    return new Ipv6Packet(segment, new Ipv6ExtensionWalk());
  }

  /** Walks the extension headers again (after setters changed them). */
  public void rewalk() {
    walk.walk(segment, Field.PAYLOAD, payloadEnd(), nextHeader(), AnomalySink.IGNORE);
  }

  public MemorySegment segment() {
    return segment;
  }

  public int capturedLength() {
    return (int) Math.min(segment.byteSize(), Integer.MAX_VALUE);
  }

  // ---- fixed header ----

  public int version() {
    return Bytes.u8(segment, Field.VER_TC_FLOW) >>> 4;
  }

  /** The 8-bit traffic class (DSCP and ECN). */
  public int trafficClass() {
    return (Bytes.i32(segment, Field.VER_TC_FLOW) >>> 20) & 0xFF;
  }

  public int dscp() {
    return trafficClass() >>> 2;
  }

  public int ecn() {
    return trafficClass() & 0x03;
  }

  /** The 20-bit flow label (RFC 6437). */
  public int flowLabel() {
    return Bytes.i32(segment, Field.VER_TC_FLOW) & 0xFFFFF;
  }

  /** The payload length field (bytes after the fixed header, extension headers included). */
  public int payloadLength() {
    return Bytes.u16(segment, Field.PAYLOAD_LENGTH);
  }

  public int nextHeader() {
    return Bytes.u8(segment, Field.NEXT_HEADER);
  }

  public int hopLimit() {
    return Bytes.u8(segment, Field.HOP_LIMIT);
  }

  /** The 16 source address bytes as a slice. */
  public MemorySegment sourceBytes() {
    return segment.asSlice(Field.SOURCE, 16);
  }

  public MemorySegment destinationBytes() {
    return segment.asSlice(Field.DESTINATION, 16);
  }

  /** The source address (allocates). */
  public Inet6Address source() {
    return toAddress(segment, Field.SOURCE);
  }

  /** The destination address (allocates). */
  public Inet6Address destination() {
    return toAddress(segment, Field.DESTINATION);
  }

  /** The upper 64 bits of the source address. */
  public long sourceHigh() {
    return Bytes.i64(segment, Field.SOURCE);
  }

  public long sourceLow() {
    return Bytes.i64(segment, Field.SOURCE + 8);
  }

  public long destinationHigh() {
    return Bytes.i64(segment, Field.DESTINATION);
  }

  public long destinationLow() {
    return Bytes.i64(segment, Field.DESTINATION + 8);
  }

  // ---- payload ----

  /** End of the payload: 40 + payload length, limited to the captured bytes. */
  public int payloadEnd() {
    int pl = payloadLength();
    if (pl == 0 && nextHeader() == Ipv6ExtensionWalk.HOP_BY_HOP) {
      return capturedLength(); // jumbogram: out of scope, take what was captured
    }
    return (int) Math.min((long) HEADER_LENGTH + pl, capturedLength());
  }

  public int payloadOffset() {
    return Field.PAYLOAD;
  }

  /** Payload bytes present (extension headers included). */
  public int capturedPayloadLength() {
    return payloadEnd() - Field.PAYLOAD;
  }

  /** The payload (extension headers included) as a slice. */
  public MemorySegment payload() {
    return segment.asSlice(Field.PAYLOAD, capturedPayloadLength());
  }

  /** Whether the payload length claims more bytes than were captured. */
  public boolean isTruncated() {
    return HEADER_LENGTH + payloadLength() > capturedLength();
  }

  // ---- extension-header results ----

  /** The results of the extension-header walk. */
  public Ipv6ExtensionWalk extensions() {
    return walk;
  }

  /** Upper-layer protocol after the extension headers; -1 when it could not be found. */
  public int upperLayerProtocol() {
    return walk.upperLayerProtocol();
  }

  /** Offset of the upper-layer header from the start of this packet; -1 when unknown. */
  public int upperLayerOffset() {
    return walk.upperLayerOffset();
  }

  /** Length of the upper-layer bytes at {@link #upperLayerOffset()} (0 when none was found). */
  public int upperLayerLength() {
    int off = walk.upperLayerOffset();
    return off < 0 ? 0 : payloadEnd() - off;
  }

  /** The upper-layer bytes (empty when none was found). */
  public MemorySegment upperLayerPayload() {
    int off = walk.upperLayerOffset();
    return off < 0 ? segment.asSlice(0, 0) : segment.asSlice(off, payloadEnd() - off);
  }

  public boolean isFragment() {
    return walk.isFragment();
  }

  /** Fragment offset in bytes (0 when not a fragment). */
  public int fragmentOffset() {
    return walk.fragmentOffset();
  }

  public boolean isNonFirstFragment() {
    return walk.isNonFirstFragment();
  }

  public boolean extensionHeadersTruncated() {
    return walk.isTruncated();
  }

  // ---- setters ----

  public void setVersion(int version) {
    Bytes.setU8(segment, 0, (version & 0x0F) << 4 | (Bytes.u8(segment, 0) & 0x0F));
  }

  public void setTrafficClass(int tc) {
    int w = Bytes.i32(segment, Field.VER_TC_FLOW);
    w = (w & 0xF00F_FFFF) | (tc & 0xFF) << 20;
    Bytes.setU32(segment, Field.VER_TC_FLOW, w & 0xFFFF_FFFFL);
  }

  public void setFlowLabel(int label) {
    int w = Bytes.i32(segment, Field.VER_TC_FLOW);
    w = (w & 0xFFF0_0000) | (label & 0xFFFFF);
    Bytes.setU32(segment, Field.VER_TC_FLOW, w & 0xFFFF_FFFFL);
  }

  public void setPayloadLength(int length) {
    Bytes.setU16(segment, Field.PAYLOAD_LENGTH, length);
  }

  public void setNextHeader(int nextHeader) {
    Bytes.setU8(segment, Field.NEXT_HEADER, nextHeader);
  }

  public void setHopLimit(int hopLimit) {
    Bytes.setU8(segment, Field.HOP_LIMIT, hopLimit);
  }

  public void setSource(Inet6Address a) {
    Bytes.put(segment, Field.SOURCE, a.getAddress());
  }

  public void setDestination(Inet6Address a) {
    Bytes.put(segment, Field.DESTINATION, a.getAddress());
  }

  /** Copies 16 address bytes into the source field. */
  public void setSource(MemorySegment address16) {
    MemorySegment.copy(address16, 0, segment, Field.SOURCE, 16);
  }

  public void setDestination(MemorySegment address16) {
    MemorySegment.copy(address16, 0, segment, Field.DESTINATION, 16);
  }

  // ---- address helper ----

  /**
   * The 16 bytes at {@code off} as an {@link Inet6Address}, always (unlike {@code
   * InetAddress.getByAddress}, which turns IPv4-mapped addresses into {@code Inet4Address}).
   */
  public static Inet6Address toAddress(MemorySegment s, long off) {
    byte[] b = s.asSlice(off, 16).toArray(ValueLayout.JAVA_BYTE);
    return toAddress(b);
  }

  /** See {@link #toAddress(MemorySegment, long)}. */
  public static Inet6Address toAddress(byte[] sixteen) {
    try {
      return Inet6Address.getByAddress(null, sixteen, -1);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("IPv6 address needs 16 bytes, got " + sixteen.length, e);
    }
  }

  @Override
  public String toString() {
    return "Ipv6Packet[" + source().getHostAddress() + " > " + destination().getHostAddress()
        + " nh " + nextHeader() + " upper " + upperLayerProtocol() + " hlim " + hopLimit()
        + " plen " + payloadLength() + (isTruncated() ? " truncated" : "") + "]";
  }
}
