package io.icmpkit.wire.icmpv6;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.iana.Icmpv6Types;
import java.lang.foreign.MemorySegment;

/**
 * A checked view over the bytes of one ICMPv6 message (RFC 4443 section 2.1): the segment starts
 * at the ICMPv6 type byte and ends with the IPv6 payload.
 *
 * <p>{@link #checked(MemorySegment)} does every length check once: at least the 4-byte common
 * header (BAD-INPUTS row 38), and the 8 bytes that carry the type's fields for every registered
 * type. Afterwards no accessor throws and none allocates. Only a message of an unregistered type
 * may be 4-7 bytes long; the accessors of bytes 4-7 read such missing bytes as zero.
 *
 * <p>The checksum covers the IPv6 pseudo-header (RFC 8200 section 8.1), so verifying and filling
 * it need the source and destination addresses as 16-byte segments.
 */
public final class Icmpv6Packet {
  /** Byte offsets of the fields (RFC 4443, 4861, 2710, 3810, 4884, 8335). */
  private static final class Field {
    static final int TYPE = 0;
    static final int CODE = 1;
    static final int CHECKSUM = 2;
    static final int ECHO_IDENT = 4;
    static final int ECHO_SEQNO = 6;
    static final int MTU = 4;
    static final int POINTER = 4;
    static final int LENGTH = 4; // RFC 4884 length attribute of types 1 and 3
    static final int HEADER_END = 8;
  }

  /** The common header: type, code, checksum. */
  public static final int MIN_LENGTH = 4;
  /** The common header plus the 4-byte rest of header that every registered type has. */
  public static final int HEADER_LENGTH = 8;

  // The message is bytes [base, base + len) of seg: a view over the upper-layer part of an IPv6
  // packet needs no slice, and a reusable view (reusable()/wrap) no object per packet.
  private MemorySegment seg;
  private long base;
  private long len;
  private boolean full; // at least HEADER_LENGTH bytes

  private Icmpv6Packet(MemorySegment seg, long base, long len) {
    this.seg = seg;
    this.base = base;
    this.len = len;
    this.full = len >= HEADER_LENGTH;
  }

  /**
   * Checks the length and wraps the segment (no copy).
   *
   * @throws WireException PKT_TOO_SMALL below 4 bytes; TRUNCATED when a registered type has fewer
   *     than 8 bytes
   */
  public static Icmpv6Packet checked(MemorySegment seg) {
    long n = seg.byteSize();
    if (n < HEADER_LENGTH) {
      checkShort(seg, 0, n); // rare: out of line, so that checked() stays small enough to inline
    }
    return new Icmpv6Packet(seg, 0, n);
  }

  /**
   * A view that {@link #wrap(MemorySegment, long, long)} points at one message after another, for
   * hot loops that must not allocate per packet. Empty until the first {@code wrap}; not
   * thread-safe; every {@code wrap} replaces what earlier reads saw.
   */
  public static Icmpv6Packet reusable() {
    return new Icmpv6Packet(MemorySegment.NULL, 0, 0);
  }

  /**
   * Points this view at bytes {@code [offset, offset + length)} of {@code segment} (e.g. {@code
   * ip.segment(), ip.upperLayerOffset(), ...}) after the checks of {@link #checked(MemorySegment)},
   * and returns it (unchanged on failure).
   *
   * @throws WireException as {@link #checked(MemorySegment)}
   * @throws IndexOutOfBoundsException when the range is not inside {@code segment}
   */
  public Icmpv6Packet wrap(MemorySegment segment, long offset, long length) {
    java.util.Objects.checkFromIndexSize(offset, length, segment.byteSize());
    if (length < HEADER_LENGTH) {
      checkShort(segment, offset, length);
    }
    this.seg = segment;
    this.base = offset;
    this.len = length;
    this.full = length >= HEADER_LENGTH;
    return this;
  }

  private static void checkShort(MemorySegment seg, long base, long n) {
    if (n < MIN_LENGTH) {
      throw new WireException(WireException.Reason.PKT_TOO_SMALL, "ICMPv6 message needs 4 bytes, got " + n);
    }
    int type = Bytes.u8(seg, base + Field.TYPE);
    if (Icmpv6Types.isKnownType(type)) {
      throw new WireException(WireException.Reason.TRUNCATED,
          "ICMPv6 " + Icmpv6Types.typeName(type) + " needs 8 bytes, got " + n);
    }
  }

  /** Wraps a buffer for writing a message; no check beyond the common header's 8 bytes. */
  public static Icmpv6Packet forWriting(MemorySegment seg) {
    WireException.requireLength(seg.byteSize(), HEADER_LENGTH, "ICMPv6 header");
    return new Icmpv6Packet(seg, 0, seg.byteSize());
  }

  /** Wraps a buffer of any length for filling its checksum (emitters, which know the layout). */
  static Icmpv6Packet forWritingAnyLength(MemorySegment seg) {
    return new Icmpv6Packet(seg, 0, seg.byteSize());
  }

  /** The message's bytes (a slice when the view was made over part of a larger segment). */
  public MemorySegment segment() {
    return base == 0 && len == seg.byteSize() ? seg : seg.asSlice(base, len);
  }

  /** The message length in bytes. */
  public int length() {
    return (int) len;
  }

  public int type() {
    return Bytes.u8(seg, base + Field.TYPE);
  }

  public int code() {
    return Bytes.u8(seg, base + Field.CODE);
  }

  public int checksum() {
    return Bytes.u16(seg, base + Field.CHECKSUM);
  }

  /** Whether the type is an error message (RFC 4443 section 2.1: types 0-127). */
  public boolean isError() {
    return Icmpv6Types.isError(type());
  }

  /** Echo / extended echo identifier (bytes 4-5). */
  public int echoIdentifier() {
    return full ? Bytes.u16(seg, base + Field.ECHO_IDENT) : 0;
  }

  /** Echo sequence number (bytes 6-7). */
  public int echoSequence() {
    return full ? Bytes.u16(seg, base + Field.ECHO_SEQNO) : 0;
  }

  /** Packet Too Big MTU (bytes 4-7, RFC 4443 section 3.2). */
  public long mtu() {
    return full ? Bytes.u32(seg, base + Field.MTU) : 0;
  }

  /** Parameter Problem pointer (bytes 4-7, RFC 4443 section 3.4). */
  public long pointer() {
    return full ? Bytes.u32(seg, base + Field.POINTER) : 0;
  }

  /**
   * RFC 4884 length attribute of Destination Unreachable and Time Exceeded: the length of the
   * original datagram field in 64-bit words (0 = no extension structure).
   */
  public int length4884() {
    return full ? Bytes.u8(seg, base + Field.LENGTH) : 0;
  }

  /** The 4 bytes after the checksum as one unsigned value ("rest of header"). */
  public long restOfHeader() {
    return full ? Bytes.u32(seg, base + 4) : 0;
  }

  /** The bytes after the 8-byte header (a slice, no copy; empty for a 4-7-byte message). */
  public MemorySegment data() {
    return full ? seg.asSlice(base + Field.HEADER_END, len - Field.HEADER_END) : seg.asSlice(base + len, 0);
  }

  /** Offset of {@link #data()} in the message. */
  public static int dataOffset() {
    return Field.HEADER_END;
  }

  public void setType(int type) {
    Bytes.setU8(seg, base + Field.TYPE, type);
  }

  public void setCode(int code) {
    Bytes.setU8(seg, base + Field.CODE, code);
  }

  public void setChecksum(int checksum) {
    Bytes.setU16(seg, base + Field.CHECKSUM, checksum);
  }

  public void setEchoIdentifier(int id) {
    Bytes.setU16(seg, base + Field.ECHO_IDENT, id);
  }

  public void setEchoSequence(int seq) {
    Bytes.setU16(seg, base + Field.ECHO_SEQNO, seq);
  }

  public void setMtu(long mtu) {
    Bytes.setU32(seg, base + Field.MTU, mtu);
  }

  public void setPointer(long pointer) {
    Bytes.setU32(seg, base + Field.POINTER, pointer);
  }

  public void setLength4884(int words) {
    Bytes.setU8(seg, base + Field.LENGTH, words);
  }

  public void setRestOfHeader(long rest) {
    Bytes.setU32(seg, base + 4, rest);
  }

  /** The one's complement sum this message's checksum field must make: pseudo-header plus message. */
  private long sum(MemorySegment src16, MemorySegment dst16) {
    long s = Checksum.pseudoHeaderV6(src16, dst16, len, IpProtocol.ICMPV6.number());
    return Checksum.sum(seg, base, len, s);
  }

  /**
   * Whether the checksum verifies with the addresses of an IPv6 header read in place: source at
   * {@code ipHeader[8, 24)}, destination at {@code [24, 40)}; no slices, so the hot-path form
   * ({@code verifyChecksum(ipView.segment())}).
   *
   * @param ipHeader a segment starting with the 40-byte IPv6 header
   */
  public boolean verifyChecksum(MemorySegment ipHeader) {
    long s = Checksum.pseudoHeaderV6(ipHeader, 8, 24, len, IpProtocol.ICMPV6.number());
    return Checksum.verifies(Checksum.sum(seg, base, len, s));
  }

  /** Whether the checksum verifies with this IPv6 source and destination (16-byte segments). */
  public boolean verifyChecksum(MemorySegment src16, MemorySegment dst16) {
    return Checksum.verifies(sum(src16, dst16));
  }

  /** Computes the checksum with this IPv6 source and destination and writes it. */
  public void fillChecksum(MemorySegment src16, MemorySegment dst16) {
    setChecksum(0);
    setChecksum(Checksum.finish(sum(src16, dst16)));
  }

  @Override
  public String toString() {
    return "Icmpv6Packet[type=" + type() + ", code=" + code() + ", length=" + length() + "]";
  }
}
