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

  private final MemorySegment seg;
  private final boolean full; // at least HEADER_LENGTH bytes

  private Icmpv6Packet(MemorySegment seg) {
    this.seg = seg;
    this.full = seg.byteSize() >= HEADER_LENGTH;
  }

  /**
   * Checks the length and wraps the segment (no copy).
   *
   * @throws WireException PKT_TOO_SMALL below 4 bytes; TRUNCATED when a registered type has fewer
   *     than 8 bytes
   */
  public static Icmpv6Packet checked(MemorySegment seg) {
    long n = seg.byteSize();
    if (n < MIN_LENGTH) {
      throw new WireException(WireException.Reason.PKT_TOO_SMALL, "ICMPv6 message needs 4 bytes, got " + n);
    }
    int type = Bytes.u8(seg, Field.TYPE);
    if (n < HEADER_LENGTH && Icmpv6Types.isKnownType(type)) {
      throw new WireException(WireException.Reason.TRUNCATED,
          "ICMPv6 " + Icmpv6Types.typeName(type) + " needs 8 bytes, got " + n);
    }
    return new Icmpv6Packet(seg);
  }

  /** Wraps a buffer for writing a message; no check beyond the common header's 8 bytes. */
  public static Icmpv6Packet forWriting(MemorySegment seg) {
    WireException.requireLength(seg.byteSize(), HEADER_LENGTH, "ICMPv6 header");
    return new Icmpv6Packet(seg);
  }

  /** Wraps a buffer of any length for filling its checksum (emitters, which know the layout). */
  static Icmpv6Packet forWritingAnyLength(MemorySegment seg) {
    return new Icmpv6Packet(seg);
  }

  /** The underlying segment. */
  public MemorySegment segment() {
    return seg;
  }

  /** The message length in bytes. */
  public int length() {
    return (int) seg.byteSize();
  }

  public int type() {
    return Bytes.u8(seg, Field.TYPE);
  }

  public int code() {
    return Bytes.u8(seg, Field.CODE);
  }

  public int checksum() {
    return Bytes.u16(seg, Field.CHECKSUM);
  }

  /** Whether the type is an error message (RFC 4443 section 2.1: types 0-127). */
  public boolean isError() {
    return Icmpv6Types.isError(type());
  }

  /** Echo / extended echo identifier (bytes 4-5). */
  public int echoIdentifier() {
    return full ? Bytes.u16(seg, Field.ECHO_IDENT) : 0;
  }

  /** Echo sequence number (bytes 6-7). */
  public int echoSequence() {
    return full ? Bytes.u16(seg, Field.ECHO_SEQNO) : 0;
  }

  /** Packet Too Big MTU (bytes 4-7, RFC 4443 section 3.2). */
  public long mtu() {
    return full ? Bytes.u32(seg, Field.MTU) : 0;
  }

  /** Parameter Problem pointer (bytes 4-7, RFC 4443 section 3.4). */
  public long pointer() {
    return full ? Bytes.u32(seg, Field.POINTER) : 0;
  }

  /**
   * RFC 4884 length attribute of Destination Unreachable and Time Exceeded: the length of the
   * original datagram field in 64-bit words (0 = no extension structure).
   */
  public int length4884() {
    return full ? Bytes.u8(seg, Field.LENGTH) : 0;
  }

  /** The 4 bytes after the checksum as one unsigned value ("rest of header"). */
  public long restOfHeader() {
    return full ? Bytes.u32(seg, 4) : 0;
  }

  /** The bytes after the 8-byte header (a slice, no copy; empty for a 4-7-byte message). */
  public MemorySegment data() {
    return full ? seg.asSlice(Field.HEADER_END) : seg.asSlice(seg.byteSize());
  }

  /** Offset of {@link #data()} in the message. */
  public static int dataOffset() {
    return Field.HEADER_END;
  }

  public void setType(int type) {
    Bytes.setU8(seg, Field.TYPE, type);
  }

  public void setCode(int code) {
    Bytes.setU8(seg, Field.CODE, code);
  }

  public void setChecksum(int checksum) {
    Bytes.setU16(seg, Field.CHECKSUM, checksum);
  }

  public void setEchoIdentifier(int id) {
    Bytes.setU16(seg, Field.ECHO_IDENT, id);
  }

  public void setEchoSequence(int seq) {
    Bytes.setU16(seg, Field.ECHO_SEQNO, seq);
  }

  public void setMtu(long mtu) {
    Bytes.setU32(seg, Field.MTU, mtu);
  }

  public void setPointer(long pointer) {
    Bytes.setU32(seg, Field.POINTER, pointer);
  }

  public void setLength4884(int words) {
    Bytes.setU8(seg, Field.LENGTH, words);
  }

  public void setRestOfHeader(long rest) {
    Bytes.setU32(seg, 4, rest);
  }

  /** The one's complement sum this message's checksum field must make: pseudo-header plus message. */
  private long sum(MemorySegment src16, MemorySegment dst16) {
    long s = Checksum.pseudoHeaderV6(src16, dst16, seg.byteSize(), IpProtocol.ICMPV6.number());
    return Checksum.sum(seg, 0, seg.byteSize(), s);
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
