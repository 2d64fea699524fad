package io.icmpkit.wire.icmpv4;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.WireException;
import java.lang.foreign.MemorySegment;

/**
 * A checked view of an ICMPv4 message (RFC 792) over a {@link MemorySegment}, from the type byte to
 * the end of the segment (the caller trims IP padding first).
 *
 * <p>Contract: {@link #checked} verifies once that the 8-byte header (type, code, checksum and the
 * 4 "rest of header" bytes) is present, and afterwards no getter throws. Getters of fields past the
 * header (timestamps, address mask, router entries) return 0 when the message is shorter than its
 * type's fixed part; {@link #hasFixedPart()} tells. Setters write where the caller says and do not
 * check the type. No accessor allocates, except {@link #data()} (a slice).
 */
public final class Icmpv4Packet {
  /** Field offsets (RFC 792; RFC 1191, 1256, 950, 4884, 8335 for the rest-of-header variants). */
  private static final class Field {
    static final int TYPE = 0;
    static final int CODE = 1;
    static final int CHECKSUM = 2;
    static final int REST = 4; // 4 bytes, meaning depends on the type
    static final int ECHO_IDENT = 4;
    static final int ECHO_SEQ = 6;
    static final int GATEWAY = 4; // redirect
    static final int POINTER = 4; // parameter problem
    static final int RFC4884_LENGTH = 5; // 3, 11, 12: original datagram length in 32-bit words
    static final int NEXT_HOP_MTU = 6; // 3/4
    static final int RA_NUM_ADDRS = 4;
    static final int RA_ENTRY_SIZE = 5;
    static final int RA_LIFETIME = 6;
    static final int RA_ENTRIES = 8;
    static final int TS_ORIGINATE = 8;
    static final int TS_RECEIVE = 12;
    static final int TS_TRANSMIT = 16;
    static final int TS_END = 20;
    static final int ADDRESS_MASK = 8;
    static final int MASK_END = 12;
    static final int XECHO_SEQ = 6; // 8 bits in RFC 8335
    static final int XECHO_FLAGS = 7;
    static final int DATA = 8;
  }

  /** Length of the fixed header every ICMPv4 message has. */
  public static final int HEADER_LENGTH = Field.DATA;

  // The message is bytes [base, base + len) of buf: a view over part of a larger segment (the IP
  // payload) needs no slice, so the hot path allocates nothing even where the JIT does not inline.
  private MemorySegment buf;
  private long base;
  private long len;

  private Icmpv4Packet(MemorySegment buf, long base, long len) {
    this.buf = buf;
    this.base = base;
    this.len = len;
  }

  /**
   * Wraps a segment after checking it holds the 8-byte header; shorter input is rejected with
   * {@link WireException.Reason#PKT_TOO_SMALL} (BAD-INPUTS 19: no identifier or sequence is read
   * from a 4-7 byte message).
   */
  public static Icmpv4Packet checked(MemorySegment segment) {
    WireException.requireLength(segment.byteSize(), HEADER_LENGTH, "ICMPv4 header");
    return new Icmpv4Packet(segment, 0, segment.byteSize());
  }

  /**
   * As {@link #checked(MemorySegment)} over bytes {@code [offset, offset + length)} of {@code
   * segment}, without slicing it: the hot-path form, e.g. {@code checked(ip.segment(),
   * ip.payloadOffset(), ip.payloadLength())}, which keeps {@link #verifyChecksum()} free of
   * allocation even when the caller is too large for the JIT to inline everything.
   *
   * @throws IndexOutOfBoundsException when the range is not inside {@code segment} (a programmer
   *     error: the caller computed the range)
   */
  public static Icmpv4Packet checked(MemorySegment segment, long offset, long length) {
    java.util.Objects.checkFromIndexSize(offset, length, segment.byteSize());
    WireException.requireLength(length, HEADER_LENGTH, "ICMPv4 header");
    return new Icmpv4Packet(segment, offset, length);
  }

  /**
   * A view that {@link #wrap(MemorySegment, long, long)} points at one message after another, for
   * hot loops that must not allocate per packet. Empty until the first {@code wrap}; not
   * thread-safe; every {@code wrap} replaces what earlier reads saw.
   */
  public static Icmpv4Packet reusable() {
    return new Icmpv4Packet(MemorySegment.NULL, 0, 0);
  }

  /**
   * Points this view at bytes {@code [offset, offset + length)} of {@code segment} after the
   * check of {@link #checked(MemorySegment)}, and returns it (unchanged on failure).
   *
   * @throws WireException PKT_TOO_SMALL under 8 bytes
   * @throws IndexOutOfBoundsException when the range is not inside {@code segment}
   */
  public Icmpv4Packet wrap(MemorySegment segment, long offset, long length) {
    java.util.Objects.checkFromIndexSize(offset, length, segment.byteSize());
    WireException.requireLength(length, HEADER_LENGTH, "ICMPv4 header");
    this.buf = segment;
    this.base = offset;
    this.len = length;
    return this;
  }

  /**
   * The segment this view reads; the message starts at {@link #bufferOffset()} in it (0 unless
   * the view was made over part of it). For reading in place without the slice {@link #segment()}.
   */
  public MemorySegment buffer() {
    return buf;
  }

  /** Where the message starts in {@link #buffer()}. */
  public long bufferOffset() {
    return base;
  }

  /** The message's bytes (a slice when the view was made over part of a larger segment). */
  public MemorySegment segment() {
    return base == 0 && len == buf.byteSize() ? buf : buf.asSlice(base, len);
  }

  /** Total length of the message in bytes. */
  public int length() {
    return (int) Math.min(Integer.MAX_VALUE, len);
  }

  public int type() {
    return Bytes.u8(buf, base + Field.TYPE);
  }

  public int code() {
    return Bytes.u8(buf, base + Field.CODE);
  }

  public int checksum() {
    return Bytes.u16(buf, base + Field.CHECKSUM);
  }

  /** The 4 rest-of-header bytes as raw big-endian bits. */
  public int restOfHeader() {
    return Bytes.i32(buf, base + Field.REST);
  }

  /** Echo (0/8), timestamp, information and address-mask messages, extended echo (42/43). */
  public int echoIdentifier() {
    return Bytes.u16(buf, base + Field.ECHO_IDENT);
  }

  public int echoSequence() {
    return Bytes.u16(buf, base + Field.ECHO_SEQ);
  }

  /** Redirect (5): the gateway address as raw big-endian bits. */
  public int gateway() {
    return Bytes.i32(buf, base + Field.GATEWAY);
  }

  /** Parameter problem (12): the octet where the error was found. */
  public int pointer() {
    return Bytes.u8(buf, base + Field.POINTER);
  }

  /**
   * RFC 4884 length attribute of types 3, 11 and 12: the length of the original datagram in 32-bit
   * words; 0 when the message is not multi-part.
   */
  public int rfc4884Length() {
    return Bytes.u8(buf, base + Field.RFC4884_LENGTH);
  }

  /** Destination unreachable / fragmentation needed (3/4): next-hop MTU (RFC 1191). */
  public int nextHopMtu() {
    return Bytes.u16(buf, base + Field.NEXT_HOP_MTU);
  }

  /** Router advertisement (9): number of addresses. */
  public int numAddrs() {
    return Bytes.u8(buf, base + Field.RA_NUM_ADDRS);
  }

  /** Router advertisement (9): 32-bit words per entry (2 in RFC 1256). */
  public int addrEntrySize() {
    return Bytes.u8(buf, base + Field.RA_ENTRY_SIZE);
  }

  /** Router advertisement (9): lifetime in seconds. */
  public int lifetime() {
    return Bytes.u16(buf, base + Field.RA_LIFETIME);
  }

  /**
   * Router advertisement: how many entries lie wholly inside the message, at most {@link #numAddrs()};
   * 0 when the entry size is below 2 words (an entry needs an address and a preference).
   */
  public int routerEntryCount() {
    int size = addrEntrySize();
    if (size < 2) {
      return 0;
    }
    long fit = (len - Field.RA_ENTRIES) / (size * 4L);
    return (int) Math.min(numAddrs(), Math.max(0, fit));
  }

  /** Router advertisement entry {@code i}'s address (raw bits); 0 unless {@code i < routerEntryCount()}. */
  public int routerAddress(int i) {
    return i >= 0 && i < routerEntryCount() ? Bytes.i32(buf, base + Field.RA_ENTRIES + (long) i * addrEntrySize() * 4) : 0;
  }

  /** Router advertisement entry {@code i}'s preference level (signed, RFC 1256); 0 unless in range. */
  public int routerPreference(int i) {
    return i >= 0 && i < routerEntryCount() ? Bytes.i32(buf, base + Field.RA_ENTRIES + (long) i * addrEntrySize() * 4 + 4) : 0;
  }

  /** Timestamp (13/14): originate timestamp, ms since midnight UT; 0 if the message is short. */
  public long originateTimestamp() {
    return len >= Field.TS_END ? Bytes.u32(buf, base + Field.TS_ORIGINATE) : 0;
  }

  public long receiveTimestamp() {
    return len >= Field.TS_END ? Bytes.u32(buf, base + Field.TS_RECEIVE) : 0;
  }

  public long transmitTimestamp() {
    return len >= Field.TS_END ? Bytes.u32(buf, base + Field.TS_TRANSMIT) : 0;
  }

  /** Address mask (17/18): the mask as raw bits; 0 if the message is short. */
  public int addressMask() {
    return len >= Field.MASK_END ? Bytes.i32(buf, base + Field.ADDRESS_MASK) : 0;
  }

  /** Extended echo (42/43): the 8-bit sequence number of RFC 8335. */
  public int extendedEchoSequence() {
    return Bytes.u8(buf, base + Field.XECHO_SEQ);
  }

  /** Extended echo request (42): the L (local) bit. */
  public boolean extendedEchoLocal() {
    return (Bytes.u8(buf, base + Field.XECHO_FLAGS) & 0x01) != 0;
  }

  /** Extended echo reply (43): the 3-bit State field (neighbour state, RFC 8335 section 3). */
  public int extendedEchoState() {
    return Bytes.u8(buf, base + Field.XECHO_FLAGS) >>> 5;
  }

  /** Extended echo reply (43): the A (active) bit. */
  public boolean extendedEchoActive() {
    return (Bytes.u8(buf, base + Field.XECHO_FLAGS) & 0x04) != 0;
  }

  /** Extended echo reply (43): the 4 (IPv4 running) bit. */
  public boolean extendedEchoIpv4() {
    return (Bytes.u8(buf, base + Field.XECHO_FLAGS) & 0x02) != 0;
  }

  /** Extended echo reply (43): the 6 (IPv6 running) bit. */
  public boolean extendedEchoIpv6() {
    return (Bytes.u8(buf, base + Field.XECHO_FLAGS) & 0x01) != 0;
  }

  /** Whether the message has its type's fixed part (20 bytes for 13/14, 12 for 17/18, 8 otherwise). */
  public boolean hasFixedPart() {
    return len >= fixedLength(type());
  }

  /** The fixed part a type needs before its variable data. */
  public static int fixedLength(int type) {
    return switch (type) {
      case 13, 14 -> Field.TS_END;
      case 17, 18 -> Field.MASK_END;
      default -> HEADER_LENGTH;
    };
  }

  /** Offset of the data after the 8-byte header. */
  public int dataOffset() {
    return Field.DATA;
  }

  /** Length of the data after the 8-byte header. */
  public int dataLength() {
    return length() - Field.DATA;
  }

  /** The bytes after the 8-byte header (echo payload, original datagram...): a slice, no copy. */
  public MemorySegment data() {
    return buf.asSlice(base + Field.DATA, len - Field.DATA);
  }

  /** Whether the checksum over the whole message verifies (an odd last byte is padded with zero). */
  public boolean verifyChecksum() {
    return Checksum.verifies(Checksum.sum(buf, base, len, 0));
  }

  /** The checksum the message should carry (computed with the checksum field taken as zero). */
  public int computeChecksum() {
    long s = Checksum.sum(buf, base, len, 0);
    s += (~checksum()) & 0xFFFF; // one's complement subtraction of the field as stored
    return Checksum.finish(s);
  }

  /** Computes and writes the checksum over the whole message. */
  public void fillChecksum() {
    setChecksum(0);
    setChecksum(Checksum.compute(buf, base, len));
  }

  // ---- setters -----------------------------------------------------------------------------

  public void setType(int v) {
    Bytes.setU8(buf, base + Field.TYPE, v);
  }

  public void setCode(int v) {
    Bytes.setU8(buf, base + Field.CODE, v);
  }

  public void setChecksum(int v) {
    Bytes.setU16(buf, base + Field.CHECKSUM, v);
  }

  public void setRestOfHeader(int v) {
    Bytes.setU32(buf, base + Field.REST, v & 0xFFFF_FFFFL);
  }

  public void setEchoIdentifier(int v) {
    Bytes.setU16(buf, base + Field.ECHO_IDENT, v);
  }

  public void setEchoSequence(int v) {
    Bytes.setU16(buf, base + Field.ECHO_SEQ, v);
  }

  public void setGateway(int v) {
    Bytes.setU32(buf, base + Field.GATEWAY, v & 0xFFFF_FFFFL);
  }

  public void setPointer(int v) {
    Bytes.setU8(buf, base + Field.POINTER, v);
  }

  public void setRfc4884Length(int words) {
    Bytes.setU8(buf, base + Field.RFC4884_LENGTH, words);
  }

  public void setNextHopMtu(int v) {
    Bytes.setU16(buf, base + Field.NEXT_HOP_MTU, v);
  }

  public void setNumAddrs(int v) {
    Bytes.setU8(buf, base + Field.RA_NUM_ADDRS, v);
  }

  public void setAddrEntrySize(int v) {
    Bytes.setU8(buf, base + Field.RA_ENTRY_SIZE, v);
  }

  public void setLifetime(int v) {
    Bytes.setU16(buf, base + Field.RA_LIFETIME, v);
  }

  /** Writes router entry {@code i} at the stride given by {@link #addrEntrySize()} (set it first). */
  public void setRouterEntry(int i, int address, int preference) {
    long off = Field.RA_ENTRIES + (long) i * addrEntrySize() * 4;
    Bytes.setU32(buf, base + off, address & 0xFFFF_FFFFL);
    Bytes.setU32(buf, base + off + 4, preference & 0xFFFF_FFFFL);
  }

  public void setOriginateTimestamp(long v) {
    Bytes.setU32(buf, base + Field.TS_ORIGINATE, v);
  }

  public void setReceiveTimestamp(long v) {
    Bytes.setU32(buf, base + Field.TS_RECEIVE, v);
  }

  public void setTransmitTimestamp(long v) {
    Bytes.setU32(buf, base + Field.TS_TRANSMIT, v);
  }

  public void setAddressMask(int v) {
    Bytes.setU32(buf, base + Field.ADDRESS_MASK, v & 0xFFFF_FFFFL);
  }

  public void setExtendedEchoSequence(int v) {
    Bytes.setU8(buf, base + Field.XECHO_SEQ, v);
  }

  /** Extended echo request: byte 7 = reserved (0) | L. */
  public void setExtendedEchoLocal(boolean local) {
    Bytes.setU8(buf, base + Field.XECHO_FLAGS, local ? 1 : 0);
  }

  /** Extended echo reply: byte 7 = State (3 bits) | Res (2 bits) | A | 4 | 6. */
  public void setExtendedEchoReplyFlags(int state, boolean active, boolean ipv4, boolean ipv6) {
    int b = (state & 7) << 5 | (active ? 4 : 0) | (ipv4 ? 2 : 0) | (ipv6 ? 1 : 0);
    Bytes.setU8(buf, base + Field.XECHO_FLAGS, b);
  }

  @Override
  public String toString() {
    return "Icmpv4Packet[type=" + type() + ", code=" + code() + ", length=" + len + "]";
  }
}
