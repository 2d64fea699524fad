package io.icmpkit.wire.igmp;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;

/**
 * A view over one IGMP message (the whole IPv4 payload). {@link #checked(MemorySegment)} checks
 * the lengths once; afterwards no accessor throws and none allocates except those returning an
 * {@link Inet4Address}.
 *
 * <p>Version rules (RFC 3376 section 7.1): a Membership Query of 8 bytes is IGMPv1 when Max Resp
 * Code is zero, IGMPv2 otherwise; of 12 bytes or more it is IGMPv3; a query of 9-11 bytes is
 * rejected (the RFC says to ignore it). A v3 query whose source list, or a v3 report whose group
 * records, run past the bytes is accepted as {@link #isTruncated() truncated} (flagged {@link
 * Anomaly#IGMP_TRUNCATED}) and exposes only the complete entries.
 *
 * <p>v3 group records are reached without allocation: {@code for (int off = p.firstRecordOffset(),
 * i = 0; i < p.recordsPresent(); off = p.nextRecordOffset(off), i++) p.recordGroupBits(off)...}.
 */
public final class IgmpPacket {
  /** Byte offsets (RFC 2236 section 2, RFC 3376 sections 4.1 and 4.2). */
  private static final class Field {
    static final int TYPE = 0;
    static final int MAX_RESP_CODE = 1;
    static final int CHECKSUM = 2;
    static final int GROUP = 4;
    static final int RESV_S_QRV = 8;
    static final int QQIC = 9;
    static final int NUMBER_OF_SOURCES = 10;
    static final int SOURCES = 12;
    static final int NUMBER_OF_RECORDS = 6;
    static final int RECORDS = 8;
    // within a group record
    static final int REC_TYPE = 0;
    static final int REC_AUX_LEN = 1;
    static final int REC_NUM_SOURCES = 2;
    static final int REC_GROUP = 4;
    static final int REC_SOURCES = 8;
  }

  public static final int MIN_LENGTH = 8;
  public static final int V3_QUERY_MIN_LENGTH = 12;

  private final MemorySegment segment;
  private final int present; // complete v3 sources or group records
  private final boolean truncated;

  private IgmpPacket(MemorySegment segment, int present, boolean truncated) {
    this.segment = segment;
    this.present = present;
    this.truncated = truncated;
  }

  /** {@link #checked(MemorySegment, AnomalySink)} without reporting. */
  public static IgmpPacket checked(MemorySegment segment) {
    return checked(segment, AnomalySink.IGNORE);
  }

  /**
   * Checks the lengths and returns the view.
   *
   * @throws WireException PKT_TOO_SMALL under 8 bytes (or a v3 report without its record count),
   *     MALFORMED for a query of 9-11 bytes
   */
  public static IgmpPacket checked(MemorySegment segment, AnomalySink sink) {
    long size = segment.byteSize();
    if (size < MIN_LENGTH) {
      throw new WireException(Reason.PKT_TOO_SMALL, "IGMP needs 8 bytes, got " + size);
    }
    int type = Bytes.u8(segment, Field.TYPE);
    int len = (int) Math.min(size, 0xFFFF);
    if (type == IgmpType.MEMBERSHIP_QUERY.value()) {
      if (len == MIN_LENGTH) {
        return new IgmpPacket(segment, 0, false);
      }
      if (len < V3_QUERY_MIN_LENGTH) {
        throw new WireException(Reason.MALFORMED, "IGMP query of " + len + " bytes is neither v1/v2 (8) nor v3 (>= 12)");
      }
      int n = Bytes.u16(segment, Field.NUMBER_OF_SOURCES);
      int fit = (len - Field.SOURCES) / 4;
      if (n > fit) {
        sink.flag(Anomaly.IGMP_TRUNCATED);
        return new IgmpPacket(segment, fit, true);
      }
      return new IgmpPacket(segment, n, false);
    }
    if (type == IgmpType.V3_MEMBERSHIP_REPORT.value()) {
      int n = Bytes.u16(segment, Field.NUMBER_OF_RECORDS);
      int off = Field.RECORDS;
      int complete = 0;
      // bounded: every record is at least 8 bytes, so the loop ends within len / 8 steps
      while (complete < n) {
        if (off + 8 > len) {
          break;
        }
        int recLen = 8 + 4 * Bytes.u16(segment, off + Field.REC_NUM_SOURCES) + 4 * Bytes.u8(segment, off + Field.REC_AUX_LEN);
        if (off + recLen > len) {
          break;
        }
        off += recLen;
        complete++;
      }
      if (complete < n) {
        sink.flag(Anomaly.IGMP_TRUNCATED);
        return new IgmpPacket(segment, complete, true);
      }
      return new IgmpPacket(segment, n, false);
    }
    return new IgmpPacket(segment, 0, false);
  }

  /** A view without checks, for building a message in a zeroed buffer. */
  public static IgmpPacket unchecked(MemorySegment segment) {
    return new IgmpPacket(segment, 0, false);
  }

  public MemorySegment segment() {
    return segment;
  }

  /** The message length (the segment size). */
  public int length() {
    return (int) Math.min(segment.byteSize(), 0xFFFF);
  }

  // ---- common fields ----

  public int type() {
    return Bytes.u8(segment, Field.TYPE);
  }

  public IgmpType igmpType() {
    return IgmpType.valueOf(type());
  }

  /** Max Resp Code (v3), Max Resp Time (v2, tenths of a second), unused in v1 and reports. */
  public int maxRespCode() {
    return Bytes.u8(segment, Field.MAX_RESP_CODE);
  }

  public int checksum() {
    return Bytes.u16(segment, Field.CHECKSUM);
  }

  /** The group address of queries and v1/v2 messages, as int bits (reserved in v3 reports). */
  public int groupAddressBits() {
    return Bytes.i32(segment, Field.GROUP);
  }

  public Inet4Address groupAddress() {
    return Ipv4Packet.toAddress(groupAddressBits());
  }

  /**
   * The IGMP version of this message: queries by RFC 3376 7.1 (8 bytes and code 0: 1; 8 bytes: 2;
   * 12 or more: 3), reports by type (0x12: 1, 0x16 and 0x17: 2, 0x22: 3); 0 for other types.
   */
  public int version() {
    return switch (type()) {
      case 0x11 -> length() == MIN_LENGTH ? (maxRespCode() == 0 ? 1 : 2) : 3;
      case 0x12 -> 1;
      case 0x16, 0x17 -> 2;
      case 0x22 -> 3;
      default -> 0;
    };
  }

  /** Maximum response time in tenths of a second (v1 queries: 100, as RFC 2236 section 4 says). */
  public int maxResponseTimeDeciseconds() {
    return switch (version()) {
      case 1 -> 100;
      case 3 -> decodeFloat(maxRespCode());
      default -> maxRespCode();
    };
  }

  /** Whether entries past the bytes were cut off (v3 sources or group records). */
  public boolean isTruncated() {
    return truncated;
  }

  // ---- v3 query ----

  // The v3 query fields sit at bytes 8-11, which an 8-byte (v1/v2) message does not have: their
  // accessors then return 0 (false) instead of reading outside the view, so that after checked()
  // no accessor throws whatever the version.

  /** Byte 8 (Resv/S/QRV) of a v3 query, 0 when the message is shorter. */
  private int resvSQrv() {
    return segment.byteSize() > Field.RESV_S_QRV ? Bytes.u8(segment, Field.RESV_S_QRV) : 0;
  }

  /** S flag: suppress router-side processing (v3 query; false when the message has no byte 8). */
  public boolean suppressRouterSide() {
    return (resvSQrv() & 0x08) != 0;
  }

  /** Querier's Robustness Variable (v3 query; 0 when the message has no byte 8). */
  public int qrv() {
    return resvSQrv() & 0x07;
  }

  /** The four reserved bits of the v3 query (0 when the message has no byte 8). */
  public int queryReserved() {
    return resvSQrv() >>> 4;
  }

  /** Querier's Query Interval Code (v3 query; 0 when the message has no byte 9). */
  public int qqic() {
    return segment.byteSize() > Field.QQIC ? Bytes.u8(segment, Field.QQIC) : 0;
  }

  /** The querier's query interval in seconds (QQIC decoded). */
  public int querierQueryIntervalSeconds() {
    return decodeFloat(qqic());
  }

  /** The declared number of sources (v3 query; 0 when the message has no bytes 10-11). */
  public int numberOfSources() {
    return segment.byteSize() >= Field.NUMBER_OF_SOURCES + 2 ? Bytes.u16(segment, Field.NUMBER_OF_SOURCES) : 0;
  }

  /** Sources present in the bytes (v3 query; fewer than declared when truncated). */
  public int sourcesPresent() {
    return type() == 0x11 ? present : 0;
  }

  /** Source {@code i} (0-based, below {@link #sourcesPresent()}) of a v3 query, as int bits. */
  public int sourceBits(int i) {
    return Bytes.i32(segment, Field.SOURCES + 4L * i);
  }

  // ---- v3 report ----

  /** The declared number of group records (v3 report). */
  public int numberOfGroupRecords() {
    return Bytes.u16(segment, Field.NUMBER_OF_RECORDS);
  }

  /** Group records present in the bytes (v3 report). */
  public int recordsPresent() {
    return type() == 0x22 ? present : 0;
  }

  public int firstRecordOffset() {
    return Field.RECORDS;
  }

  public int recordType(int off) {
    return Bytes.u8(segment, off + Field.REC_TYPE);
  }

  /** Aux data length in 32-bit words. */
  public int recordAuxDataLength(int off) {
    return Bytes.u8(segment, off + Field.REC_AUX_LEN);
  }

  public int recordNumberOfSources(int off) {
    return Bytes.u16(segment, off + Field.REC_NUM_SOURCES);
  }

  public int recordGroupBits(int off) {
    return Bytes.i32(segment, off + Field.REC_GROUP);
  }

  public int recordSourceBits(int off, int i) {
    return Bytes.i32(segment, off + Field.REC_SOURCES + 4L * i);
  }

  /** Offset of the record's auxiliary data. */
  public int recordAuxDataOffset(int off) {
    return off + Field.REC_SOURCES + 4 * recordNumberOfSources(off);
  }

  /** Whole length of the record at {@code off}. */
  public int recordLength(int off) {
    return 8 + 4 * recordNumberOfSources(off) + 4 * recordAuxDataLength(off);
  }

  public int nextRecordOffset(int off) {
    return off + recordLength(off);
  }

  // ---- checksum ----

  /** Whether the checksum over the whole message verifies. */
  public boolean verifyChecksum() {
    return Checksum.verifies(Checksum.sum(segment, 0, length(), 0));
  }

  public void fillChecksum() {
    setChecksum(0);
    setChecksum(Checksum.compute(segment, 0, length()));
  }

  // ---- setters ----

  public void setType(int type) {
    Bytes.setU8(segment, Field.TYPE, type);
  }

  public void setMaxRespCode(int code) {
    Bytes.setU8(segment, Field.MAX_RESP_CODE, code);
  }

  public void setChecksum(int checksum) {
    Bytes.setU16(segment, Field.CHECKSUM, checksum);
  }

  public void setGroupAddressBits(int bits) {
    Bytes.setU32(segment, Field.GROUP, bits & 0xFFFF_FFFFL);
  }

  public void setGroupAddress(Inet4Address a) {
    setGroupAddressBits(Ipv4Packet.bits(a));
  }

  public void setSuppressRouterSide(boolean s) {
    int v = Bytes.u8(segment, Field.RESV_S_QRV);
    Bytes.setU8(segment, Field.RESV_S_QRV, s ? v | 0x08 : v & ~0x08);
  }

  public void setQrv(int qrv) {
    int v = Bytes.u8(segment, Field.RESV_S_QRV);
    Bytes.setU8(segment, Field.RESV_S_QRV, (v & ~0x07) | (qrv & 0x07));
  }

  public void setQqic(int qqic) {
    Bytes.setU8(segment, Field.QQIC, qqic);
  }

  public void setNumberOfSources(int n) {
    Bytes.setU16(segment, Field.NUMBER_OF_SOURCES, n);
  }

  public void setSourceBits(int i, int bits) {
    Bytes.setU32(segment, Field.SOURCES + 4L * i, bits & 0xFFFF_FFFFL);
  }

  public void setNumberOfGroupRecords(int n) {
    Bytes.setU16(segment, Field.NUMBER_OF_RECORDS, n);
  }

  // ---- RFC 3376 4.1.1 / 4.1.7 floating point ----

  /**
   * Decodes a Max Resp Code or QQIC: below 128 the value itself, else {@code (mant | 0x10) << (exp
   * + 3)} with exp the three bits after the high bit and mant the low four.
   */
  public static int decodeFloat(int code) {
    if (code < 128) {
      return code;
    }
    int exp = (code >>> 4) & 0x07;
    int mant = code & 0x0F;
    return (mant | 0x10) << (exp + 3);
  }

  /**
   * Encodes a value as a Max Resp Code / QQIC, rounding down to the nearest representable value
   * (at most 31744).
   */
  public static int encodeFloat(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value: " + value);
    }
    if (value < 128) {
      return value;
    }
    int v = Math.min(value, 31744);
    for (int exp = 7; exp >= 0; exp--) {
      int mant = (v >>> (exp + 3)) - 0x10;
      if (mant >= 0) {
        return 0x80 | exp << 4 | Math.min(mant, 0x0F);
      }
    }
    return 0x80; // unreachable for v >= 128
  }
}
