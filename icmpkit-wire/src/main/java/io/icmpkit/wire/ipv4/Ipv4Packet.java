package io.icmpkit.wire.ipv4;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A view over an IPv4 datagram (RFC 791 section 3.1). {@link #checked(MemorySegment)} does every
 * length check once; afterwards no accessor throws and none allocates, except the ones returning an
 * {@link Inet4Address} or a {@link MemorySegment} slice.
 *
 * <p>The <em>payload</em> ends at {@code min(totalLength, captured)}: bytes past the total length
 * (Ethernet padding) are not payload, and a datagram cut short by the capture is marked
 * {@link #isTruncated() truncated} rather than rejected (BAD-INPUTS rows 7 and 8).
 */
public final class Ipv4Packet {
  /** Byte offsets of the fixed header fields (RFC 791 section 3.1). */
  private static final class Field {
    static final int VER_IHL = 0;
    static final int DSCP_ECN = 1;
    static final int TOTAL_LENGTH = 2;
    static final int IDENTIFICATION = 4;
    static final int FLAGS_FRAGMENT = 6;
    static final int TTL = 8;
    static final int PROTOCOL = 9;
    static final int CHECKSUM = 10;
    static final int SOURCE = 12;
    static final int DESTINATION = 16;
    static final int OPTIONS = 20;
  }

  /** The fixed header without options. */
  public static final int MIN_HEADER_LENGTH = 20;
  /** IHL is four bits of 32-bit words. */
  public static final int MAX_HEADER_LENGTH = 60;

  private static final int FLAG_RESERVED = 0x8000;
  private static final int FLAG_DF = 0x4000;
  private static final int FLAG_MF = 0x2000;
  private static final int OFFSET_MASK = 0x1FFF;

  // The datagram is bytes [base, base + len) of segment. A view over part of a larger segment
  // (a quoted datagram) needs no slice; a reusable view (see reusable()) is re-pointed by wrap().
  // Neither allocates per packet, so the hot path stays allocation-free even where the JIT cannot
  // inline everything (docs/BENCHMARKS.md).
  private MemorySegment segment;
  private long base;
  private long len;

  private Ipv4Packet(MemorySegment segment, long base, long len) {
    this.segment = segment;
    this.base = base;
    this.len = len;
  }

  /**
   * Checks the lengths (BAD-INPUTS rows 1-6) and returns the view; anomalies are not reported.
   *
   * @throws WireException PKT_TOO_SMALL, WRONG_IP_VERSION, HLEN_TOO_SMALL, TRUNCATED,
   *     IPLEN_SMALLER_THAN_HLEN
   */
  public static Ipv4Packet checked(MemorySegment segment) {
    long size = segment.byteSize();
    check(segment, 0, size);
    return new Ipv4Packet(segment, 0, size);
  }

  /**
   * A view that {@link #wrap(MemorySegment, long, long)} points at one datagram after another,
   * for hot loops that must not allocate per packet (a capture decoder, a sweep). It is empty until
   * the first {@code wrap}; not thread-safe; every {@code wrap} replaces what earlier reads saw.
   */
  public static Ipv4Packet reusable() {
    return new Ipv4Packet(MemorySegment.NULL, 0, 0);
  }

  /** {@link #wrap(MemorySegment, long, long)} over the whole segment. */
  public Ipv4Packet wrap(MemorySegment segment) {
    return wrap(segment, 0, segment.byteSize());
  }

  /**
   * Points this view at bytes {@code [offset, offset + length)} of {@code segment} (without
   * slicing it) after the checks of {@link #checked(MemorySegment)}, and returns it. On failure
   * the view is left unchanged.
   *
   * @throws WireException as {@link #checked(MemorySegment)}
   * @throws IndexOutOfBoundsException when the range is not inside {@code segment}
   */
  public Ipv4Packet wrap(MemorySegment segment, long offset, long length) {
    java.util.Objects.checkFromIndexSize(offset, length, segment.byteSize());
    check(segment, offset, length);
    this.segment = segment;
    this.base = offset;
    this.len = length;
    return this;
  }

  // hot path: kept small (the messages are built in cold methods) so that JIT compilers inline it
  private static void check(MemorySegment segment, long base, long size) {
    if (size < MIN_HEADER_LENGTH) {
      throw tooSmall(size);
    }
    int b0 = Bytes.u8(segment, base + Field.VER_IHL);
    int hl = (b0 & 0x0F) * 4;
    if ((b0 >>> 4) != 4 || hl < MIN_HEADER_LENGTH || hl > size
        || Bytes.u16(segment, base + Field.TOTAL_LENGTH) < hl) {
      throw badHeader(segment.asSlice(base, size), size);
    }
  }

  private static WireException tooSmall(long size) {
    return new WireException(Reason.PKT_TOO_SMALL, "IPv4 header needs 20 bytes, got " + size);
  }

  /** The reason a header of at least 20 bytes failed the checks, in the order they are documented. */
  private static WireException badHeader(MemorySegment segment, long size) {
    int b0 = Bytes.u8(segment, Field.VER_IHL);
    if ((b0 >>> 4) != 4) {
      return new WireException(Reason.WRONG_IP_VERSION, "IP version " + (b0 >>> 4) + ", expected 4");
    }
    int hl = (b0 & 0x0F) * 4;
    if (hl < MIN_HEADER_LENGTH) {
      return new WireException(Reason.HLEN_TOO_SMALL, "IHL " + (b0 & 0x0F) + " below 5");
    }
    if (hl > size) {
      return new WireException(Reason.TRUNCATED, "IPv4 header length " + hl + " past " + size + " captured bytes");
    }
    int total = Bytes.u16(segment, Field.TOTAL_LENGTH);
    return new WireException(Reason.IPLEN_SMALLER_THAN_HLEN, "total length " + total + " < header length " + hl);
  }

  /**
   * {@link #checked(MemorySegment)} and then reports to {@code sink} every anomaly this header
   * shows (see {@link #flagAnomalies(AnomalySink)}).
   */
  public static Ipv4Packet checked(MemorySegment segment, AnomalySink sink) {
    Ipv4Packet p = checked(segment);
    p.flagAnomalies(sink);
    return p;
  }

  /**
   * A view without any check, for building a datagram in a fresh buffer: set the version/IHL
   * and total length first. Accessors of an unchecked view may throw when the fields are garbage.
   */
  public static Ipv4Packet unchecked(MemorySegment segment) {
    return new Ipv4Packet(segment, 0, segment.byteSize());
  }

  /**
   * Reports the header's "flag" cases: total length past the capture (row 7), a bad header
   * checksum (row 12), option problems (rows 9-11), the reserved bit and DF on a non-first
   * fragment (row 16), a fragment reaching past 65535 (row 13), ICMPv6 carried in IPv4 (row 39).
   */
  public void flagAnomalies(AnomalySink sink) {
    if (isTruncated()) {
      sink.flag(Anomaly.IPV4_TRUNC_PKT);
    }
    if (!verifyChecksum()) {
      sink.flag(Anomaly.IPV4_BAD_CHECKSUM);
    }
    Ipv4Fragments.flagAnomalies(this, sink);
    if (protocol() == IpProtocol.ICMPV6.number()) {
      sink.flag(Anomaly.IPV4_ICMPV6);
    }
    if (headerLength() > MIN_HEADER_LENGTH) {
      Ipv4OptionWalk.validate(segment(), Field.OPTIONS, headerLength(), sink);
    }
  }

  /** The segment this view was created over (including any padding past the total length). */
  public MemorySegment segment() {
    return base == 0 && len == segment.byteSize() ? segment : segment.asSlice(base, len);
  }

  /** Bytes captured (the segment size). */
  public int capturedLength() {
    return (int) Math.min(len, Integer.MAX_VALUE);
  }

  // ---- fixed header ----

  public int version() {
    return Bytes.u8(segment, base + Field.VER_IHL) >>> 4;
  }

  /** The raw IHL field: header length in 32-bit words. */
  public int ihl() {
    return Bytes.u8(segment, base + Field.VER_IHL) & 0x0F;
  }

  /** Header length in bytes ({@code ihl() * 4}). */
  public int headerLength() {
    return ihl() * 4;
  }

  /** Differentiated services code point (RFC 2474), the upper six bits of the old TOS byte. */
  public int dscp() {
    return Bytes.u8(segment, base + Field.DSCP_ECN) >>> 2;
  }

  /** Explicit congestion notification (RFC 3168), the lower two bits of the old TOS byte. */
  public int ecn() {
    return Bytes.u8(segment, base + Field.DSCP_ECN) & 0x03;
  }

  /** The whole old TOS byte. */
  public int typeOfService() {
    return Bytes.u8(segment, base + Field.DSCP_ECN);
  }

  public int totalLength() {
    return Bytes.u16(segment, base + Field.TOTAL_LENGTH);
  }

  public int identification() {
    return Bytes.u16(segment, base + Field.IDENTIFICATION);
  }

  /** The three flag bits (reserved, DF, MF) as a number 0-7. */
  public int flags() {
    return Bytes.u16(segment, base + Field.FLAGS_FRAGMENT) >>> 13;
  }

  /** The reserved bit (RFC 3514's "evil bit"): must be zero. */
  public boolean reservedFlag() {
    return (Bytes.u16(segment, base + Field.FLAGS_FRAGMENT) & FLAG_RESERVED) != 0;
  }

  public boolean dontFragment() {
    return (Bytes.u16(segment, base + Field.FLAGS_FRAGMENT) & FLAG_DF) != 0;
  }

  public boolean moreFragments() {
    return (Bytes.u16(segment, base + Field.FLAGS_FRAGMENT) & FLAG_MF) != 0;
  }

  /** The raw 13-bit fragment offset field, in 8-byte units. */
  public int fragmentOffsetRaw() {
    return Bytes.u16(segment, base + Field.FLAGS_FRAGMENT) & OFFSET_MASK;
  }

  /** The fragment offset in bytes. */
  public int fragmentOffset() {
    return fragmentOffsetRaw() * 8;
  }

  /** Whether this datagram is a fragment (MF set or offset non-zero). */
  public boolean isFragment() {
    return moreFragments() || fragmentOffsetRaw() != 0;
  }

  public int ttl() {
    return Bytes.u8(segment, base + Field.TTL);
  }

  public int protocol() {
    return Bytes.u8(segment, base + Field.PROTOCOL);
  }

  public int headerChecksum() {
    return Bytes.u16(segment, base + Field.CHECKSUM);
  }

  /** The source address as raw big-endian int bits. */
  public int sourceBits() {
    return Bytes.i32(segment, base + Field.SOURCE);
  }

  public int destinationBits() {
    return Bytes.i32(segment, base + Field.DESTINATION);
  }

  /** The source address (allocates). */
  public Inet4Address source() {
    return toAddress(sourceBits());
  }

  /** The destination address (allocates). */
  public Inet4Address destination() {
    return toAddress(destinationBits());
  }

  // ---- options and payload ----

  /** Offset of the options (always 20). */
  public int optionsOffset() {
    return Field.OPTIONS;
  }

  /** Length of the options area (header length - 20). */
  public int optionsLength() {
    return Math.max(0, Math.min(headerLength(), capturedLength()) - MIN_HEADER_LENGTH);
  }

  /** The options area as a slice. */
  public MemorySegment options() {
    return segment.asSlice(base + Field.OPTIONS, optionsLength());
  }

  /** Offset of the payload (the header length). */
  public int payloadOffset() {
    return Math.min(headerLength(), capturedLength());
  }

  /** Payload bytes present: up to the total length, limited to the captured bytes. */
  public int payloadLength() {
    return Math.max(0, Math.min(totalLength(), capturedLength()) - payloadOffset());
  }

  /** The payload as a slice (trimmed to the total length and to the captured bytes). */
  public MemorySegment payload() {
    return segment.asSlice(base + payloadOffset(), payloadLength());
  }

  /** Whether the total length claims more bytes than were captured (row 7). */
  public boolean isTruncated() {
    return totalLength() > capturedLength();
  }

  // ---- checksum ----

  /** The checksum the header should carry (computed with the checksum field as zero). */
  public int computeChecksum() {
    int hl = Math.min(headerLength(), capturedLength());
    long s = Checksum.sum(segment, base, hl, 0);
    s = s + ((~headerChecksum()) & 0xFFFF); // take the stored value back out
    return Checksum.finish(s);
  }

  /** Whether the header checksum verifies. */
  public boolean verifyChecksum() {
    return Checksum.verifies(Checksum.sum(segment, base, Math.min(headerLength(), capturedLength()), 0));
  }

  /** Computes and writes the header checksum. */
  public void fillChecksum() {
    setHeaderChecksum(0);
    setHeaderChecksum(Checksum.compute(segment, base, Math.min(headerLength(), capturedLength())));
  }

  // ---- setters ----

  public void setVersion(int version) {
    Bytes.setU8(segment, base + Field.VER_IHL, (version & 0x0F) << 4 | ihl());
  }

  public void setIhl(int ihl) {
    Bytes.setU8(segment, base + Field.VER_IHL, (Bytes.u8(segment, base + Field.VER_IHL) & 0xF0) | (ihl & 0x0F));
  }

  /** Sets the IHL from a length in bytes (a multiple of 4, 20-60). */
  public void setHeaderLength(int bytes) {
    setIhl(bytes / 4);
  }

  public void setDscp(int dscp) {
    Bytes.setU8(segment, base + Field.DSCP_ECN, (dscp & 0x3F) << 2 | ecn());
  }

  public void setEcn(int ecn) {
    Bytes.setU8(segment, base + Field.DSCP_ECN, (Bytes.u8(segment, base + Field.DSCP_ECN) & 0xFC) | (ecn & 0x03));
  }

  public void setTypeOfService(int tos) {
    Bytes.setU8(segment, base + Field.DSCP_ECN, tos);
  }

  public void setTotalLength(int length) {
    Bytes.setU16(segment, base + Field.TOTAL_LENGTH, length);
  }

  public void setIdentification(int id) {
    Bytes.setU16(segment, base + Field.IDENTIFICATION, id);
  }

  /** Sets the three flag bits (reserved, DF, MF) from a number 0-7. */
  public void setFlags(int flags) {
    Bytes.setU16(segment, base + Field.FLAGS_FRAGMENT, (flags & 0x7) << 13 | fragmentOffsetRaw());
  }

  public void setReservedFlag(boolean on) {
    setFlagBit(FLAG_RESERVED, on);
  }

  public void setDontFragment(boolean on) {
    setFlagBit(FLAG_DF, on);
  }

  public void setMoreFragments(boolean on) {
    setFlagBit(FLAG_MF, on);
  }

  private void setFlagBit(int bit, boolean on) {
    int v = Bytes.u16(segment, base + Field.FLAGS_FRAGMENT);
    Bytes.setU16(segment, base + Field.FLAGS_FRAGMENT, on ? v | bit : v & ~bit);
  }

  /** Sets the raw 13-bit fragment offset (8-byte units). */
  public void setFragmentOffsetRaw(int units) {
    int v = Bytes.u16(segment, base + Field.FLAGS_FRAGMENT);
    Bytes.setU16(segment, base + Field.FLAGS_FRAGMENT, (v & ~OFFSET_MASK) | (units & OFFSET_MASK));
  }

  /** Sets the fragment offset in bytes (a multiple of 8). */
  public void setFragmentOffset(int bytes) {
    setFragmentOffsetRaw(bytes >>> 3);
  }

  public void setTtl(int ttl) {
    Bytes.setU8(segment, base + Field.TTL, ttl);
  }

  public void setProtocol(int protocol) {
    Bytes.setU8(segment, base + Field.PROTOCOL, protocol);
  }

  public void setHeaderChecksum(int checksum) {
    Bytes.setU16(segment, base + Field.CHECKSUM, checksum);
  }

  public void setSourceBits(int bits) {
    Bytes.setU32(segment, base + Field.SOURCE, bits & 0xFFFF_FFFFL);
  }

  public void setDestinationBits(int bits) {
    Bytes.setU32(segment, base + Field.DESTINATION, bits & 0xFFFF_FFFFL);
  }

  public void setSource(Inet4Address a) {
    setSourceBits(bits(a));
  }

  public void setDestination(Inet4Address a) {
    setDestinationBits(bits(a));
  }

  // ---- address helpers ----

  /** The int bits of an IPv4 address. */
  public static int bits(Inet4Address a) {
    byte[] b = a.getAddress();
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  /** An address from its int bits. */
  public static Inet4Address toAddress(int bits) {
    byte[] b = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // cannot happen for 4 bytes
    }
  }

  @Override
  public String toString() {
    return "Ipv4Packet[" + source().getHostAddress() + " > " + destination().getHostAddress()
        + " proto " + protocol() + " ttl " + ttl() + " len " + totalLength()
        + (isTruncated() ? " truncated" : "") + "]";
  }
}
