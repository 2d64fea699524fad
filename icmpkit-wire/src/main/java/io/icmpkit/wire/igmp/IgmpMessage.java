package io.icmpkit.wire.igmp;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.print.Describable;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An IGMP message as a value: one record per kind, {@link Unknown} for the rest. {@link
 * #parse(IgmpPacket, ChecksumPolicy)} reads a checked view; {@link #emit} writes exactly {@link
 * #bufferLength()} bytes. Fields that the RFCs say are zero when sent and ignored when received
 * (Max Resp Code of reports, v3 reserved bits) are not components and are emitted as zero.
 * Summaries follow tshark's Info column.
 */
public sealed interface IgmpMessage extends Describable {
  IgmpType type();

  int bufferLength();

  /** The unspecified address: the group of a general query. */
  Inet4Address ANY = Ipv4Packet.toAddress(0);

  /**
   * Membership Query (0x11), any version. {@code version} is 1, 2 or 3; for 1 and 2 the v3 fields
   * must be zero/empty; version 1 has Max Resp Code 0 and version 2 a non-zero one (that is how the
   * receiver tells them apart, RFC 3376 7.1).
   *
   * @param maxRespCode the raw code (v2: tenths of a second; v3: RFC 3376 4.1.1 floating point)
   * @param qqic the raw Querier's Query Interval Code
   */
  record MembershipQuery(int version, int maxRespCode, Inet4Address group, boolean suppressRouterSide, int qrv,
      int qqic, List<Inet4Address> sources) implements IgmpMessage {
    public MembershipQuery {
      if (version < 1 || version > 3) {
        throw new IllegalArgumentException("IGMP version must be 1-3: " + version);
      }
      range("maxRespCode", maxRespCode, 255);
      range("qrv", qrv, 7);
      range("qqic", qqic, 255);
      if (group == null) {
        throw new IllegalArgumentException("group is required (0.0.0.0 for a general query)");
      }
      sources = List.copyOf(sources);
      if (version == 1 && maxRespCode != 0) {
        throw new IllegalArgumentException("an IGMPv1 query has Max Resp Code 0");
      }
      if (version == 2 && maxRespCode == 0) {
        throw new IllegalArgumentException("an IGMPv2 query with Max Resp Code 0 is read as IGMPv1");
      }
      if (version < 3 && (suppressRouterSide || qrv != 0 || qqic != 0 || !sources.isEmpty())) {
        throw new IllegalArgumentException("S, QRV, QQIC and sources exist only in IGMPv3 queries");
      }
      if (sources.size() > (65535 - 12) / 4) {
        throw new IllegalArgumentException("too many sources: " + sources.size());
      }
    }

    /** A v2 general query with the given Max Resp Time (tenths of a second, 1-255). */
    public static MembershipQuery v2General(int maxRespTimeDeciseconds) {
      return new MembershipQuery(2, maxRespTimeDeciseconds, ANY, false, 0, 0, List.of());
    }

    /** A v3 query; max response time in tenths of a second and interval in seconds are encoded. */
    public static MembershipQuery v3(Inet4Address group, List<Inet4Address> sources, int maxRespDeciseconds,
        int qrv, int queryIntervalSeconds) {
      return new MembershipQuery(3, IgmpPacket.encodeFloat(maxRespDeciseconds), group, false, qrv,
          IgmpPacket.encodeFloat(queryIntervalSeconds), sources);
    }

    @Override
    public IgmpType type() {
      return IgmpType.MEMBERSHIP_QUERY;
    }

    public boolean isGeneral() {
      return group.equals(ANY);
    }

    /** Max response time in tenths of a second (v1: 100). */
    public int maxResponseTimeDeciseconds() {
      return switch (version) {
        case 1 -> 100;
        case 2 -> maxRespCode;
        default -> IgmpPacket.decodeFloat(maxRespCode);
      };
    }

    /** The querier's query interval in seconds (v3; 0 otherwise). */
    public int querierQueryIntervalSeconds() {
      return IgmpPacket.decodeFloat(qqic);
    }

    @Override
    public int bufferLength() {
      return version < 3 ? 8 : 12 + 4 * sources.size();
    }

    @Override
    public String summary() {
      if (version == 1) {
        return "Membership Query";
      }
      String s = isGeneral() ? "Membership Query, general" : "Membership Query, specific for group " + addr(group);
      if (!sources.isEmpty()) {
        s += (sources.size() == 1 ? ", source " : ", sources ") + set(sources);
      }
      return s;
    }

    @Override
    public void describe(FieldTree t) {
      t.field("IGMP Version", version).field("Type", type() + " (0x11)");
      if (version == 2) {
        t.field("Max Resp Time", String.format("%.1f sec (0x%02x)", maxRespCode / 10.0, maxRespCode));
      } else if (version == 3) {
        t.field("Max Resp Time", String.format("%.1f sec (0x%02x)", maxResponseTimeDeciseconds() / 10.0, maxRespCode));
      }
      t.field("Multicast Address", addr(group));
      if (version == 3) {
        t.field("S", suppressRouterSide ? "Suppress router side processing" : "Do not suppress router side processing")
            .field("QRV", qrv)
            .field("QQIC", querierQueryIntervalSeconds())
            .field("Num Src", sources.size());
        for (Inet4Address a : sources) {
          t.field("Source Address", addr(a));
        }
      }
    }
  }

  /** IGMPv1 Membership Report (0x12, RFC 1112). */
  record V1MembershipReport(Inet4Address group) implements IgmpMessage {
    public V1MembershipReport {
      requireGroup(group);
    }

    @Override
    public IgmpType type() {
      return IgmpType.V1_MEMBERSHIP_REPORT;
    }

    @Override
    public int bufferLength() {
      return 8;
    }

    @Override
    public String summary() {
      return "Membership Report"; // tshark names no group for v1
    }

    @Override
    public void describe(FieldTree t) {
      t.field("IGMP Version", 1).field("Type", type() + " (0x12)").field("Multicast Address", addr(group));
    }
  }

  /** IGMPv2 Membership Report (0x16, RFC 2236). */
  record V2MembershipReport(Inet4Address group) implements IgmpMessage {
    public V2MembershipReport {
      requireGroup(group);
    }

    @Override
    public IgmpType type() {
      return IgmpType.V2_MEMBERSHIP_REPORT;
    }

    @Override
    public int bufferLength() {
      return 8;
    }

    @Override
    public String summary() {
      return "Membership Report group " + addr(group);
    }

    @Override
    public void describe(FieldTree t) {
      t.field("IGMP Version", 2).field("Type", type() + " (0x16)").field("Multicast Address", addr(group));
    }
  }

  /** IGMPv2 Leave Group (0x17, RFC 2236). */
  record LeaveGroup(Inet4Address group) implements IgmpMessage {
    public LeaveGroup {
      requireGroup(group);
    }

    @Override
    public IgmpType type() {
      return IgmpType.V2_LEAVE_GROUP;
    }

    @Override
    public int bufferLength() {
      return 8;
    }

    @Override
    public String summary() {
      return "Leave Group " + addr(group);
    }

    @Override
    public void describe(FieldTree t) {
      t.field("IGMP Version", 2).field("Type", type() + " (0x17)").field("Multicast Address", addr(group));
    }
  }

  /** One group record of a v3 report (RFC 3376 4.2.4); {@code auxData} is a multiple of 4 bytes. */
  record GroupRecord(int recordType, Inet4Address group, List<Inet4Address> sources, Octets auxData) {
    public static final int MODE_IS_INCLUDE = 1;
    public static final int MODE_IS_EXCLUDE = 2;
    public static final int CHANGE_TO_INCLUDE_MODE = 3;
    public static final int CHANGE_TO_EXCLUDE_MODE = 4;
    public static final int ALLOW_NEW_SOURCES = 5;
    public static final int BLOCK_OLD_SOURCES = 6;

    public GroupRecord {
      range("recordType", recordType, 255);
      requireGroup(group);
      sources = List.copyOf(sources);
      if (sources.size() > 65535 / 4) {
        throw new IllegalArgumentException("too many sources: " + sources.size());
      }
      if (auxData.length() % 4 != 0 || auxData.length() > 255 * 4) {
        throw new IllegalArgumentException("aux data must be a multiple of 4 up to 1020 bytes: " + auxData.length());
      }
    }

    public GroupRecord(int recordType, Inet4Address group, List<Inet4Address> sources) {
      this(recordType, group, sources, Octets.EMPTY);
    }

    public int length() {
      return 8 + 4 * sources.size() + auxData.length();
    }

    /** RFC 3376 name of the record type. */
    public String typeName() {
      return switch (recordType) {
        case MODE_IS_INCLUDE -> "MODE_IS_INCLUDE";
        case MODE_IS_EXCLUDE -> "MODE_IS_EXCLUDE";
        case CHANGE_TO_INCLUDE_MODE -> "CHANGE_TO_INCLUDE_MODE";
        case CHANGE_TO_EXCLUDE_MODE -> "CHANGE_TO_EXCLUDE_MODE";
        case ALLOW_NEW_SOURCES -> "ALLOW_NEW_SOURCES";
        case BLOCK_OLD_SOURCES -> "BLOCK_OLD_SOURCES";
        default -> "Unknown (" + recordType + ")";
      };
    }

    /** The record in tshark's words ("Join group 239.1.2.3 for any sources"). */
    public String summary() {
      String g = addr(group);
      int n = sources.size();
      return switch (recordType) {
        case MODE_IS_INCLUDE, CHANGE_TO_INCLUDE_MODE -> n == 0 ? "Leave group " + g
            : "Join group " + g + (n == 1 ? " for source " : " for sources in ") + set(sources);
        case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> n == 0 ? "Join group " + g + " for any sources"
            : "Join group " + g + (n == 1 ? ", for source not " : ", for sources not in ") + set(sources);
        case ALLOW_NEW_SOURCES -> n == 0 ? "Group " + g + ", ALLOW_NEW_SOURCES but no source specified (?)"
            : "Group " + g + (n == 1 ? ", new source " : ", new sources ") + set(sources);
        case BLOCK_OLD_SOURCES -> n == 0 ? "Group " + g + ", BLOCK_OLD_SOURCES but no source specified (?)"
            : "Group " + g + (n == 1 ? ", block source " : ", block sources ") + set(sources);
        default -> "Group " + g + ", unknown record type (?)" + (n == 0 ? "" : ", sources " + set(sources));
      };
    }
  }

  /** IGMPv3 Membership Report (0x22, RFC 3376 4.2). */
  record V3MembershipReport(List<GroupRecord> records) implements IgmpMessage {
    public V3MembershipReport {
      records = List.copyOf(records);
      if (records.size() > 65535) {
        throw new IllegalArgumentException("too many group records: " + records.size());
      }
    }

    @Override
    public IgmpType type() {
      return IgmpType.V3_MEMBERSHIP_REPORT;
    }

    @Override
    public int bufferLength() {
      int n = 8;
      for (GroupRecord r : records) {
        n += r.length();
      }
      return n;
    }

    @Override
    public String summary() {
      StringBuilder sb = new StringBuilder("Membership Report");
      for (GroupRecord r : records) {
        sb.append(" / ").append(r.summary());
      }
      return sb.toString();
    }

    @Override
    public void describe(FieldTree t) {
      t.field("IGMP Version", 3).field("Type", type() + " (0x22)").field("Num Group Records", records.size());
      for (GroupRecord r : records) {
        FieldTree g = t.child("Group Record : " + addr(r.group()) + "  " + r.typeName());
        g.field("Record Type", r.typeName() + " (" + r.recordType() + ")")
            .field("Aux Data Len", r.auxData().length() / 4)
            .field("Num Src", r.sources().size())
            .field("Multicast Address", addr(r.group()));
        for (Inet4Address a : r.sources()) {
          g.field("Source Address", addr(a));
        }
        if (!r.auxData().isEmpty()) {
          g.field("Aux Data", r.auxData().toHex());
        }
      }
    }
  }

  /** Any other type: the code (second byte) and the bytes after the checksum, kept raw. */
  record Unknown(int typeValue, int code, Octets body) implements IgmpMessage {
    public Unknown {
      range("typeValue", typeValue, 255);
      range("code", code, 255);
      if (body.length() < 4 || body.length() > 65531) {
        throw new IllegalArgumentException("IGMP body must be 4-65531 bytes: " + body.length());
      }
    }

    @Override
    public IgmpType type() {
      return IgmpType.valueOf(typeValue);
    }

    @Override
    public int bufferLength() {
      return 4 + body.length();
    }

    /** The IANA name of an assigned type (tshark decodes those further), else tshark's wording. */
    @Override
    public String summary() {
      IgmpType t = type();
      return t.isKnown() ? t.name() : String.format("Unknown Type:0x%02x", typeValue);
    }

    @Override
    public void describe(FieldTree t) {
      t.field("Type", type() + String.format(" (0x%02x)", typeValue)).field("Code", code).field("Data", body);
    }
  }

  // ---- parse ----

  /** {@link #parse(IgmpPacket, ChecksumPolicy, AnomalySink)} without reporting. */
  static IgmpMessage parse(IgmpPacket p, ChecksumPolicy policy) {
    return parse(p, policy, AnomalySink.IGNORE);
  }

  /**
   * Reads a checked view.
   *
   * @throws WireException BAD_CHECKSUM under VERIFY; TRUNCATED when the view is truncated (the
   *     cut-off entries cannot be represented)
   */
  static IgmpMessage parse(IgmpPacket p, ChecksumPolicy policy, AnomalySink sink) {
    if (policy.verifiesOnParse() && !p.verifyChecksum()) {
      throw new WireException(Reason.BAD_CHECKSUM, String.format("IGMP checksum 0x%04x does not verify", p.checksum()));
    }
    if (p.isTruncated()) {
      throw new WireException(Reason.TRUNCATED, "IGMP v3 entries run past the message");
    }
    Inet4Address group = p.groupAddress();
    return switch (p.type()) {
      case 0x11 -> {
        int v = p.version();
        if (v < 3) {
          yield new MembershipQuery(v, p.maxRespCode(), group, false, 0, 0, List.of());
        }
        List<Inet4Address> src = new ArrayList<>(p.sourcesPresent());
        for (int i = 0; i < p.sourcesPresent(); i++) {
          src.add(Ipv4Packet.toAddress(p.sourceBits(i)));
        }
        yield new MembershipQuery(3, p.maxRespCode(), group, p.suppressRouterSide(), p.qrv(), p.qqic(), src);
      }
      case 0x12 -> new V1MembershipReport(group);
      case 0x16 -> new V2MembershipReport(group);
      case 0x17 -> new LeaveGroup(group);
      case 0x22 -> {
        List<GroupRecord> recs = new ArrayList<>();
        int off = p.firstRecordOffset();
        for (int i = 0; i < p.recordsPresent(); i++) {
          List<Inet4Address> src = new ArrayList<>();
          for (int j = 0; j < p.recordNumberOfSources(off); j++) {
            src.add(Ipv4Packet.toAddress(p.recordSourceBits(off, j)));
          }
          Octets aux = Octets.copyOf(p.segment(), p.recordAuxDataOffset(off), 4L * p.recordAuxDataLength(off));
          recs.add(new GroupRecord(p.recordType(off), Ipv4Packet.toAddress(p.recordGroupBits(off)), src, aux));
          off = p.nextRecordOffset(off);
        }
        yield new V3MembershipReport(recs);
      }
      default -> new Unknown(p.type(), p.maxRespCode(), Octets.copyOf(p.segment(), 4, p.length() - 4));
    };
  }

  /** Checks and parses a whole IGMP message. */
  static IgmpMessage parse(MemorySegment segment, ChecksumPolicy policy) {
    return parse(IgmpPacket.checked(segment), policy);
  }

  // ---- emit ----

  /**
   * Writes the message into the first {@link #bufferLength()} bytes of {@code dst}; VERIFY and
   * FILL compute the checksum, IGNORE and KERNEL write zero.
   *
   * @throws WireException BUFFER_TOO_SMALL when {@code dst} is shorter
   */
  default void emit(MemorySegment dst, ChecksumPolicy policy) {
    int n = bufferLength();
    if (dst.byteSize() < n) {
      throw new WireException(Reason.BUFFER_TOO_SMALL, "IGMP message needs " + n + " bytes, got " + dst.byteSize());
    }
    MemorySegment m = dst.asSlice(0, n);
    IgmpPacket p = IgmpPacket.unchecked(m);
    p.setType(type().value());
    p.setChecksum(0);
    switch (this) {
      case MembershipQuery q -> {
        p.setMaxRespCode(q.maxRespCode());
        p.setGroupAddress(q.group());
        if (q.version() == 3) {
          Bytes.setU8(m, 8, (q.suppressRouterSide() ? 0x08 : 0) | q.qrv());
          p.setQqic(q.qqic());
          p.setNumberOfSources(q.sources().size());
          for (int i = 0; i < q.sources().size(); i++) {
            p.setSourceBits(i, Ipv4Packet.bits(q.sources().get(i)));
          }
        }
      }
      case V1MembershipReport r -> {
        p.setMaxRespCode(0);
        p.setGroupAddress(r.group());
      }
      case V2MembershipReport r -> {
        p.setMaxRespCode(0);
        p.setGroupAddress(r.group());
      }
      case LeaveGroup l -> {
        p.setMaxRespCode(0);
        p.setGroupAddress(l.group());
      }
      case V3MembershipReport r -> {
        p.setMaxRespCode(0);
        Bytes.setU16(m, 4, 0);
        p.setNumberOfGroupRecords(r.records().size());
        int off = 8;
        for (GroupRecord g : r.records()) {
          Bytes.setU8(m, off, g.recordType());
          Bytes.setU8(m, off + 1, g.auxData().length() / 4);
          Bytes.setU16(m, off + 2, g.sources().size());
          Bytes.setU32(m, off + 4, Ipv4Packet.bits(g.group()) & 0xFFFF_FFFFL);
          int o = off + 8;
          for (Inet4Address a : g.sources()) {
            Bytes.setU32(m, o, Ipv4Packet.bits(a) & 0xFFFF_FFFFL);
            o += 4;
          }
          g.auxData().copyTo(m, o);
          off += g.length();
        }
      }
      case Unknown u -> {
        p.setMaxRespCode(u.code());
        u.body().copyTo(m, 4);
      }
    }
    if (policy.fillsOnEmit()) {
      p.fillChecksum();
    }
  }

  // ---- helpers ----

  private static void range(String what, int v, int max) {
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(what + " out of range 0-" + max + ": " + v);
    }
  }

  private static void requireGroup(Inet4Address group) {
    if (group == null) {
      throw new IllegalArgumentException("group is required");
    }
  }

  private static String addr(Inet4Address a) {
    return a.getHostAddress();
  }

  private static String set(List<Inet4Address> sources) {
    return sources.stream().map(Inet4Address::getHostAddress).collect(Collectors.joining(", ", "{", "}"));
  }
}
