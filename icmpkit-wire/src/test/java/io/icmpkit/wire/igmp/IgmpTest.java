package io.icmpkit.wire.igmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.igmp.IgmpMessage.GroupRecord;
import io.icmpkit.wire.igmp.IgmpMessage.LeaveGroup;
import io.icmpkit.wire.igmp.IgmpMessage.MembershipQuery;
import io.icmpkit.wire.igmp.IgmpMessage.Unknown;
import io.icmpkit.wire.igmp.IgmpMessage.V1MembershipReport;
import io.icmpkit.wire.igmp.IgmpMessage.V2MembershipReport;
import io.icmpkit.wire.igmp.IgmpMessage.V3MembershipReport;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.print.FieldTree;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgmpTest {
  static final Inet4Address ANY = IgmpMessage.ANY;

  static Inet4Address a(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static MemorySegment vec(String name) {
    return MemorySegment.ofArray(Vectors.get("igmp", name).toByteArray());
  }

  static IgmpMessage expected(String name) {
    return switch (name) {
      case "v1_query" -> new MembershipQuery(1, 0, ANY, false, 0, 0, List.of());
      case "v2_query_general" -> MembershipQuery.v2General(100);
      case "v2_query_group" -> new MembershipQuery(2, 10, a("239.1.1.1"), false, 0, 0, List.of());
      case "v1_report" -> new V1MembershipReport(a("239.1.1.1"));
      case "v2_report" -> new V2MembershipReport(a("239.1.1.1"));
      case "v2_leave" -> new LeaveGroup(a("239.1.1.1"));
      case "v3_query_general" -> new MembershipQuery(3, 100, ANY, false, 2, 125, List.of());
      case "v3_query_gss" -> new MembershipQuery(3, 150, a("239.1.2.3"), true, 2, 200,
          List.of(a("10.0.0.1"), a("10.0.0.2")));
      case "v3_report_join_any" -> new V3MembershipReport(List.of(new GroupRecord(4, a("239.1.2.3"), List.of())));
      case "v3_report_leave" -> new V3MembershipReport(List.of(new GroupRecord(3, a("239.1.2.3"), List.of())));
      case "v3_report_multi" -> new V3MembershipReport(List.of(
          new GroupRecord(1, a("239.1.2.3"), List.of(a("10.0.0.1"), a("10.0.0.2"))),
          new GroupRecord(5, a("239.1.2.4"), List.of(a("10.0.0.3"))),
          new GroupRecord(6, a("239.9.9.9"), List.of(a("10.0.0.2"))),
          new GroupRecord(2, a("239.1.2.5"), List.of(a("10.0.0.9")))));
      case "v3_report_aux" -> new V3MembershipReport(List.of(
          new GroupRecord(1, a("239.1.2.3"), List.of(a("10.0.0.1")), Octets.ofHex("01020304"))));
      case "unknown_dvmrp" -> new Unknown(0x13, 3, Octets.ofHex("00000000"));
      case "unknown_99" -> new Unknown(0x99, 0, Octets.ofHex("01020304aabbccdd"));
      default -> throw new IllegalArgumentException(name);
    };
  }

  static final String[] VECTORS = {"v1_query", "v2_query_general", "v2_query_group", "v1_report", "v2_report",
      "v2_leave", "v3_query_general", "v3_query_gss", "v3_report_join_any", "v3_report_leave", "v3_report_multi",
      "v3_report_aux", "unknown_dvmrp", "unknown_99"};

  // ---- quartet ----

  @Test
  void v3QueryAccessorsOnAnEightByteQueryReturnZero() {
    // fuzz finding: the v3 fields are absent in an 8-byte (v2) query; no accessor may throw
    IgmpPacket p = IgmpPacket.checked(MemorySegment.ofArray(Octets.ofHex("1164ee9b00000000").toByteArray()));
    assertThat(p.version()).isEqualTo(2);
    assertThat(p.suppressRouterSide()).isFalse();
    assertThat(p.qrv()).isZero();
    assertThat(p.queryReserved()).isZero();
    assertThat(p.qqic()).isZero();
    assertThat(p.querierQueryIntervalSeconds()).isZero();
    assertThat(p.numberOfSources()).isZero();
    assertThat(p.sourcesPresent()).isZero();
    assertThat(p.numberOfGroupRecords()).isZero();
    assertThat(p.recordsPresent()).isZero();
  }

  @Test
  void deconstructQueries() {
    IgmpPacket v1 = IgmpPacket.checked(vec("v1_query"));
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.maxResponseTimeDeciseconds()).isEqualTo(100);
    IgmpPacket v2 = IgmpPacket.checked(vec("v2_query_group"));
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.type()).isEqualTo(0x11);
    assertThat(v2.maxRespCode()).isEqualTo(10);
    assertThat(v2.checksum()).isEqualTo(0xfef2);
    assertThat(v2.groupAddress()).isEqualTo(a("239.1.1.1"));
    assertThat(v2.verifyChecksum()).isTrue();
    IgmpPacket v3 = IgmpPacket.checked(vec("v3_query_gss"));
    assertThat(v3.version()).isEqualTo(3);
    assertThat(v3.maxRespCode()).isEqualTo(150);
    assertThat(v3.maxResponseTimeDeciseconds()).isEqualTo((0x16) << 4); // exp 1, mant 6
    assertThat(v3.suppressRouterSide()).isTrue();
    assertThat(v3.qrv()).isEqualTo(2);
    assertThat(v3.qqic()).isEqualTo(200);
    assertThat(v3.querierQueryIntervalSeconds()).isEqualTo((0x18) << 7); // exp 4, mant 8
    assertThat(v3.numberOfSources()).isEqualTo(2);
    assertThat(v3.sourcesPresent()).isEqualTo(2);
    assertThat(v3.sourceBits(1)).isEqualTo(0x0a000002);
    assertThat(v3.verifyChecksum()).isTrue();
  }

  @Test
  void deconstructV3ReportWithoutAllocation() {
    IgmpPacket p = IgmpPacket.checked(vec("v3_report_multi"));
    assertThat(p.version()).isEqualTo(3);
    assertThat(p.numberOfGroupRecords()).isEqualTo(4);
    assertThat(p.recordsPresent()).isEqualTo(4);
    int off = p.firstRecordOffset();
    assertThat(p.recordType(off)).isEqualTo(1);
    assertThat(p.recordNumberOfSources(off)).isEqualTo(2);
    assertThat(p.recordGroupBits(off)).isEqualTo(Ipv4Packet.bits(a("239.1.2.3")));
    assertThat(p.recordSourceBits(off, 1)).isEqualTo(0x0a000002);
    off = p.nextRecordOffset(off);
    assertThat(p.recordType(off)).isEqualTo(5);
    off = p.nextRecordOffset(p.nextRecordOffset(off));
    assertThat(p.recordType(off)).isEqualTo(2);
    assertThat(p.nextRecordOffset(off)).isEqualTo(p.length());
    IgmpPacket aux = IgmpPacket.checked(vec("v3_report_aux"));
    assertThat(aux.recordAuxDataLength(8)).isEqualTo(1);
    assertThat(aux.recordAuxDataOffset(8)).isEqualTo(20);
  }

  @Test
  void constructV3Query() {
    Octets golden = Vectors.get("igmp", "v3_query_gss");
    MemorySegment buf = MemorySegment.ofArray(new byte[golden.length()]);
    IgmpPacket p = IgmpPacket.unchecked(buf);
    p.setType(0x11);
    p.setMaxRespCode(150);
    p.setGroupAddress(a("239.1.2.3"));
    p.setSuppressRouterSide(true);
    p.setQrv(2);
    p.setQqic(200);
    p.setNumberOfSources(2);
    p.setSourceBits(0, 0x0a000001);
    p.setSourceBits(1, 0x0a000002);
    p.fillChecksum();
    assertThat(Octets.copyOf(buf)).isEqualTo(golden);
  }

  @Test
  void constructV2Leave() {
    Octets golden = Vectors.get("igmp", "v2_leave");
    MemorySegment buf = MemorySegment.ofArray(new byte[8]);
    IgmpPacket p = IgmpPacket.unchecked(buf);
    p.setType(0x17);
    p.setGroupAddress(a("239.1.1.1"));
    p.fillChecksum();
    assertThat(Octets.copyOf(buf)).isEqualTo(golden);
  }

  @Test
  void parseGivesExpectedRecords() {
    for (String v : VECTORS) {
      assertThat(IgmpMessage.parse(vec(v), ChecksumPolicy.VERIFY)).as(v).isEqualTo(expected(v));
    }
  }

  @Test
  void emitGivesGoldenBytes() {
    for (String v : VECTORS) {
      IgmpMessage m = expected(v);
      Octets golden = Vectors.get("igmp", v);
      assertThat(m.bufferLength()).as(v).isEqualTo(golden.length());
      byte[] buf = new byte[m.bufferLength() + 2];
      Arrays.fill(buf, (byte) 0xA5);
      m.emit(MemorySegment.ofArray(buf), ChecksumPolicy.FILL);
      assertThat(Octets.of(Arrays.copyOf(buf, m.bufferLength()))).as(v).isEqualTo(golden);
      assertThat(buf[m.bufferLength()]).isEqualTo((byte) 0xA5);
    }
  }

  @Test
  void wholeDatagramFromScapy() {
    Ipv4Packet ip = Ipv4Packet.checked(vec("ip_v3_join"));
    assertThat(ip.protocol()).isEqualTo(2);
    IgmpMessage m = IgmpMessage.parse(ip.payload(), ChecksumPolicy.VERIFY);
    assertThat(m).isEqualTo(expected("v3_report_join_any"));
  }

  /** Summaries as tshark 4.0 prints them in its Info column for these very vectors. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      v1_query           | Membership Query
      v2_query_general   | Membership Query, general
      v2_query_group     | Membership Query, specific for group 239.1.1.1
      v1_report          | Membership Report
      v2_report          | Membership Report group 239.1.1.1
      v2_leave           | Leave Group 239.1.1.1
      v3_query_general   | Membership Query, general
      v3_query_gss       | Membership Query, specific for group 239.1.2.3, sources {10.0.0.1, 10.0.0.2}
      v3_report_join_any | Membership Report / Join group 239.1.2.3 for any sources
      v3_report_leave    | Membership Report / Leave group 239.1.2.3
      v3_report_multi    | Membership Report / Join group 239.1.2.3 for sources in {10.0.0.1, 10.0.0.2} / Group 239.1.2.4, new source {10.0.0.3} / Group 239.9.9.9, block source {10.0.0.2} / Join group 239.1.2.5, for source not {10.0.0.9}
      v3_report_aux      | Membership Report / Join group 239.1.2.3 for source {10.0.0.1}
      unknown_99         | Unknown Type:0x99
      """)
  void summaryMatchesTshark(String vector, String info) {
    assertThat(IgmpMessage.parse(vec(vector), ChecksumPolicy.VERIFY).summary()).isEqualTo(info);
  }

  @Test
  void recordSummariesForEveryTypeAndSourceCount() {
    List<Inet4Address> one = List.of(a("10.0.0.1"));
    List<Inet4Address> two = List.of(a("10.0.0.1"), a("10.0.0.2"));
    Inet4Address g = a("239.1.2.3");
    assertThat(new GroupRecord(3, g, one).summary()).isEqualTo("Join group 239.1.2.3 for source {10.0.0.1}");
    assertThat(new GroupRecord(4, g, two).summary())
        .isEqualTo("Join group 239.1.2.3, for sources not in {10.0.0.1, 10.0.0.2}");
    assertThat(new GroupRecord(5, g, List.of()).summary())
        .isEqualTo("Group 239.1.2.3, ALLOW_NEW_SOURCES but no source specified (?)");
    assertThat(new GroupRecord(6, g, two).summary()).isEqualTo("Group 239.1.2.3, block sources {10.0.0.1, 10.0.0.2}");
    assertThat(new GroupRecord(7, g, one).summary()).isEqualTo("Group 239.1.2.3, unknown record type (?), sources {10.0.0.1}");
    assertThat(new MembershipQuery(3, 0, ANY, false, 0, 0, one).summary())
        .isEqualTo("Membership Query, general, source {10.0.0.1}");
    assertThat(new GroupRecord(2, g, List.of()).typeName()).isEqualTo("MODE_IS_EXCLUDE");
  }

  @Test
  void describeTree() {
    FieldTree t = FieldTree.root("Internet Group Management Protocol");
    expected("v3_report_multi").describe(t);
    assertThat(t.render()).contains("Num Group Records: 4", "Record Type: ALLOW_NEW_SOURCES (5)",
        "Source Address: 10.0.0.9");
    FieldTree q = FieldTree.root("IGMP");
    expected("v3_query_gss").describe(q);
    assertThat(q.render()).contains("QRV: 2", "Num Src: 2", "Max Resp Time: 35.2 sec (0x96)");
  }

  @Test
  void typeNames() {
    assertThat(IgmpType.valueOf(0x22).name()).isEqualTo("Version 3 Membership Report");
    assertThat(IgmpType.valueOf(0x99).name()).isEqualTo("Unknown (0x99)");
    assertThat(IgmpType.valueOf(0x99).isKnown()).isFalse();
    assertThat(IgmpType.valueOf(0x11)).isSameAs(IgmpType.MEMBERSHIP_QUERY);
  }

  // ---- bad input ----

  @Test
  void rejectsShortMessagesAndOddQueryLengths() {
    for (int len = 0; len < 8; len++) {
      MemorySegment s = vec("v2_report").asSlice(0, len);
      assertThatThrownBy(() -> IgmpPacket.checked(s))
          .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PKT_TOO_SMALL));
    }
    for (int len = 9; len < 12; len++) {
      MemorySegment s = vec("v3_query_gss").asSlice(0, len);
      assertThatThrownBy(() -> IgmpPacket.checked(s))
          .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void eightBytesOfAV3QueryReadAsV2() {
    // RFC 3376 7.1: length decides, whatever the sender meant
    IgmpPacket p = IgmpPacket.checked(vec("v3_query_gss").asSlice(0, 8));
    assertThat(p.version()).isEqualTo(2);
  }

  @Test
  void truncatedV3EntriesAreFlaggedAndCounted() {
    MemorySegment q = vec("v3_query_gss");
    for (int len = 12; len < q.byteSize(); len++) {
      AnomalySink.Collector c = AnomalySink.collector();
      IgmpPacket p = IgmpPacket.checked(q.asSlice(0, len), c);
      assertThat(c.anomalies()).containsExactly(Anomaly.IGMP_TRUNCATED);
      assertThat(p.isTruncated()).isTrue();
      assertThat(p.sourcesPresent()).isEqualTo((len - 12) / 4);
      assertThatThrownBy(() -> IgmpMessage.parse(p, ChecksumPolicy.IGNORE))
          .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }
    MemorySegment r = vec("v3_report_multi");
    for (int len = 8; len < r.byteSize(); len++) {
      AnomalySink.Collector c = AnomalySink.collector();
      IgmpPacket p = IgmpPacket.checked(r.asSlice(0, len), c);
      assertThat(c.anomalies()).containsExactly(Anomaly.IGMP_TRUNCATED);
      assertThat(p.recordsPresent()).isLessThan(4);
      int off = p.firstRecordOffset();
      for (int i = 0; i < p.recordsPresent(); i++) {
        off = p.nextRecordOffset(off);
      }
      assertThat(off).isLessThanOrEqualTo(len);
    }
  }

  @Test
  void hugeDeclaredCountsStayBounded() {
    byte[] b = Vectors.get("igmp", "v3_report_join_any").toByteArray();
    b[6] = (byte) 0xFF;
    b[7] = (byte) 0xFF; // 65535 records declared, one present
    IgmpPacket p = IgmpPacket.checked(MemorySegment.ofArray(b));
    assertThat(p.recordsPresent()).isEqualTo(1);
    assertThat(p.isTruncated()).isTrue();
  }

  @Test
  void badChecksum() {
    byte[] b = Vectors.get("igmp", "v2_report").toByteArray();
    b[3] ^= 1;
    assertThatThrownBy(() -> IgmpMessage.parse(MemorySegment.ofArray(b), ChecksumPolicy.VERIFY))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CHECKSUM));
    assertThat(IgmpMessage.parse(MemorySegment.ofArray(b), ChecksumPolicy.IGNORE)).isEqualTo(expected("v2_report"));
  }

  @Test
  void emitIntoShortBuffer() {
    IgmpMessage m = expected("v3_report_multi");
    assertThatThrownBy(() -> m.emit(MemorySegment.ofArray(new byte[m.bufferLength() - 1]), ChecksumPolicy.FILL))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BUFFER_TOO_SMALL));
  }

  @Test
  void recordsValidateVersions() {
    assertThatThrownBy(() -> new MembershipQuery(2, 0, ANY, false, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipQuery(1, 5, ANY, false, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipQuery(2, 5, ANY, false, 2, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GroupRecord(1, ANY, List.of(), Octets.ofHex("01")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- floating point (RFC 3376 4.1.1) ----

  @Test
  void floatExamples() {
    assertThat(IgmpPacket.decodeFloat(127)).isEqualTo(127);
    assertThat(IgmpPacket.decodeFloat(0x80)).isEqualTo(128);
    assertThat(IgmpPacket.decodeFloat(0xFF)).isEqualTo(31744);
    assertThat(IgmpPacket.encodeFloat(31744)).isEqualTo(0xFF);
    assertThat(IgmpPacket.encodeFloat(100000)).isEqualTo(0xFF);
    assertThat(IgmpPacket.encodeFloat(125)).isEqualTo(125);
  }

  @Property
  void floatRoundTripsOnEveryCode(@ForAll @IntRange(min = 0, max = 255) int code) {
    assertThat(IgmpPacket.encodeFloat(IgmpPacket.decodeFloat(code))).isEqualTo(code);
  }

  @Property
  void encodeRoundsDown(@ForAll @IntRange(min = 0, max = 40000) int value) {
    int decoded = IgmpPacket.decodeFloat(IgmpPacket.encodeFloat(value));
    assertThat(decoded).isLessThanOrEqualTo(value);
    assertThat(decoded).isGreaterThan(Math.min(value, 31744) * 15 / 16 - 1);
  }

  // ---- round trips ----

  @Provide
  Arbitrary<Inet4Address> addrs() {
    return Arbitraries.integers().map(Ipv4Packet::toAddress);
  }

  @Provide
  Arbitrary<IgmpMessage> messages() {
    Arbitrary<List<Inet4Address>> srcs = addrs().list().ofMaxSize(4);
    Arbitrary<GroupRecord> rec = Combinators.combine(Arbitraries.integers().between(0, 255), addrs(), srcs,
        Arbitraries.integers().between(0, 2)).as((t, g, s, aux) -> new GroupRecord(t, g, s, Octets.of(new byte[4 * aux])));
    return Arbitraries.oneOf(
        addrs().map(g -> new MembershipQuery(1, 0, g, false, 0, 0, List.of())),
        Combinators.combine(Arbitraries.integers().between(1, 255), addrs())
            .as((c, g) -> new MembershipQuery(2, c, g, false, 0, 0, List.of())),
        Combinators.combine(Arbitraries.integers().between(0, 255), addrs(), Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 255), srcs)
            .as((c, g, s, qrv, qqic, src) -> new MembershipQuery(3, c, g, s, qrv, qqic, src)),
        addrs().map(V1MembershipReport::new),
        addrs().map(V2MembershipReport::new),
        addrs().map(LeaveGroup::new),
        rec.list().ofMaxSize(3).map(V3MembershipReport::new),
        Combinators.combine(Arbitraries.of(0x13, 0x14, 0x1e, 0x30, 0x99, 0x00), Arbitraries.integers().between(0, 255),
            Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(20))
            .as((t, c, body) -> new Unknown(t, c, Octets.of(body))));
  }

  @Property
  void parseEmitRoundTrip(@ForAll("messages") IgmpMessage m) {
    byte[] buf = new byte[m.bufferLength()];
    m.emit(MemorySegment.ofArray(buf), ChecksumPolicy.FILL);
    assertThat(IgmpMessage.parse(MemorySegment.ofArray(buf), ChecksumPolicy.VERIFY)).isEqualTo(m);
  }

  @Property
  void junkIsRejectedOrParsed(@ForAll @Size(max = 64) byte[] junk) {
    try {
      IgmpPacket p = IgmpPacket.checked(MemorySegment.ofArray(junk));
      p.version();
      p.maxResponseTimeDeciseconds();
      try {
        IgmpMessage m = IgmpMessage.parse(p, ChecksumPolicy.IGNORE);
        m.summary();
        m.describe(FieldTree.root("IGMP"));
      } catch (WireException truncated) {
        assertThat(p.isTruncated()).isTrue();
      }
    } catch (WireException expected) {
      assertThat(expected.reason()).isIn(Reason.PKT_TOO_SMALL, Reason.MALFORMED);
    }
  }
}
