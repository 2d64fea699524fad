package io.icmpkit.wire.icmpv6;

import static io.icmpkit.wire.icmpv6.V6.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.icmpv6.Icmpv6Message.MldDone;
import io.icmpkit.wire.icmpv6.Icmpv6Message.MldQuery;
import io.icmpkit.wire.icmpv6.Icmpv6Message.MldReport;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Mldv2Query;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Mldv2Report;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Mldv2Report.MulticastAddressRecord;
import io.icmpkit.wire.icmpv6.Icmpv6Message.NeighborAdvertisement;
import io.icmpkit.wire.icmpv6.Icmpv6Message.NeighborSolicitation;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Redirect;
import io.icmpkit.wire.icmpv6.Icmpv6Message.RouterAdvertisement;
import io.icmpkit.wire.icmpv6.Icmpv6Message.RouterSolicitation;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Unknown;
import io.icmpkit.wire.icmpv6.NdpOption.DnsSearchList;
import io.icmpkit.wire.icmpv6.NdpOption.Mtu;
import io.icmpkit.wire.icmpv6.NdpOption.Nonce;
import io.icmpkit.wire.icmpv6.NdpOption.PrefixInformation;
import io.icmpkit.wire.icmpv6.NdpOption.RecursiveDnsServer;
import io.icmpkit.wire.icmpv6.NdpOption.RedirectedHeader;
import io.icmpkit.wire.icmpv6.NdpOption.RouteInformation;
import io.icmpkit.wire.icmpv6.NdpOption.SourceLinkLayerAddress;
import io.icmpkit.wire.icmpv6.NdpOption.TargetLinkLayerAddress;
import io.icmpkit.wire.icmpv6.NdpOption.UnknownOption;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The quartet for NDP messages and options and MLDv1/v2, plus BAD-INPUTS rows 40-46. */
class NdpMldTest {
  private static final Octets MAC = Octets.ofHex("001122334455");

  /** Valid vectors: name -> expected record (parse and emit both checked). */
  static Map<String, Icmpv6Message> expected() {
    Map<String, Icmpv6Message> m = new LinkedHashMap<>();
    m.put("rs", new RouterSolicitation(List.of(new SourceLinkLayerAddress(MAC))));
    m.put("rs_bare", new RouterSolicitation(List.of()));
    // Scapy's RA defaults prf=1 (high): flag bits 0x08
    m.put("ra", new RouterAdvertisement(64, true, true, 0x08, 1800, 30000, 1000, List.of(
        new SourceLinkLayerAddress(MAC), new Mtu(1500),
        new PrefixInformation(64, true, true, 86400, 14400, addr("2001:db8::")))));
    m.put("ra_dns", new RouterAdvertisement(64, false, false, 0x20 | 0x08 | 0x04, 0, 0, 0, List.of(
        new RecursiveDnsServer(600, List.of(addr("2001:db8::53"), addr("2001:db8::54"))),
        new DnsSearchList(600, List.of("example.com", "lab.example.org")),
        // Scapy always sends the 3-unit form
        new RouteInformation(48, 3, 100, addr("2001:db8:1::"), 3),
        new RouteInformation(0, 0, 200, addr("::"), 3),
        new RouteInformation(80, 0, 300, addr("2001:db8:2:3:4::"), 3))));
    m.put("ra_unknown_opt", new RouterAdvertisement(0, false, false, 0x08, 1800, 0, 0, List.of(
        new UnknownOption(0xfe, Octets.ofHex("aabbccddeeff")), new Nonce(Octets.ofHex("010203040506")))));
    m.put("ns", new NeighborSolicitation(addr("fe80::1"), List.of(new SourceLinkLayerAddress(MAC))));
    m.put("ns_dad", new NeighborSolicitation(addr("fe80::1"), List.of()));
    m.put("na", new NeighborAdvertisement(true, true, true, addr("fe80::1"), List.of(new TargetLinkLayerAddress(MAC))));
    m.put("na_sol", new NeighborAdvertisement(false, true, false, addr("2001:db8::1"), List.of()));
    m.put("na_none", new NeighborAdvertisement(false, false, false, addr("fe80::1"), List.of()));
    byte[] r = V6.icmp("redirect");
    m.put("redirect", new Redirect(addr("fe80::3"), addr("2001:db8::9"), List.of(
        new TargetLinkLayerAddress(MAC), new RedirectedHeader(Octets.of(Arrays.copyOfRange(r, 56, r.length))))));
    m.put("mld_query", new MldQuery(10000, addr("::")));
    m.put("mld_query_specific", new MldQuery(1000, addr("ff02::1:3")));
    m.put("mld_report", new MldReport(addr("ff02::1:3")));
    m.put("mld_done", new MldDone(addr("ff02::1:3")));
    m.put("mld2_query", new Mldv2Query(10000, addr("ff02::1:3"), true, 2, 125,
        List.of(addr("2001:db8::1"), addr("2001:db8::2"))));
    m.put("mld2_query_general", new Mldv2Query(10000, addr("::"), false, 2, 125, List.of()));
    m.put("mld2_report", new Mldv2Report(List.of(
        new MulticastAddressRecord(4, addr("ff02::1:3"), List.of()),
        new MulticastAddressRecord(1, addr("ff05::fb"), List.of(addr("2001:db8::1"), addr("2001:db8::2")),
            Octets.ofHex("deadbeef")))));
    return m;
  }

  @Test
  void dnsSearchListWithoutNamesIsKeptRaw() {
    // fuzz finding: RS with a DNSSL option (type 31, 2 units) holding only zero padding
    Octets in = Octets.ofHex("85000000000000001f02000000000e100000000000000000");
    Icmpv6Message m = Icmpv6Message.parse(Icmpv6Packet.checked(in.asSegment()), ChecksumPolicy.IGNORE);
    assertThat(m).isEqualTo(new RouterSolicitation(List.of(
        new UnknownOption(31, Octets.ofHex("000000000e100000000000000000")))));
    byte[] out = new byte[m.bufferLength()];
    m.emit(MemorySegment.ofArray(out), ChecksumPolicy.IGNORE);
    assertThat(Octets.of(out)).isEqualTo(in);
  }

  @Test
  void parse() {
    expected().forEach((name, want) -> assertThat(V6.parse(name)).as(name).isEqualTo(want));
  }

  @Test
  void emit() {
    expected().forEach((name, m) -> assertThat(V6.emit(m, name)).as(name).isEqualTo(V6.icmp(name)));
  }

  @Test
  void validVectorsRaiseNoAnomaly() {
    expected().keySet().forEach(name -> assertThat(anomalies(name)).as(name).isEmpty());
  }

  @Test
  void deconstructRouterAdvertisementAccessors() {
    RouterAdvertisement ra = (RouterAdvertisement) V6.parse("ra_dns");
    assertThat(ra.homeAgent()).isTrue();
    assertThat(ra.preference()).isEqualTo(1);
    assertThat(ra.proxy()).isTrue();
    RouteInformation low = (RouteInformation) ra.options().get(2);
    assertThat(NdpOption.preferenceName(low.preference())).isEqualTo("Low");
    assertThat(low.bufferLength()).isEqualTo(24);
    // the shortest forms, when we build them
    assertThat(new RouteInformation(48, 3, 100, addr("2001:db8:1::")).bufferLength()).isEqualTo(16);
    assertThat(new RouteInformation(0, 0, 100, addr("::")).bufferLength()).isEqualTo(8);
    assertThat(new RouteInformation(80, 0, 100, addr("2001:db8::")).bufferLength()).isEqualTo(24);
    assertThat(new RouteInformation(0, 0, 100, addr("2001:db8::")).bufferLength()).isEqualTo(16);
  }

  @Test
  void mldv2MaximumResponseCodeDecodes() {
    assertThat(new Mldv2Query(10000, addr("::"), false, 2, 125, List.of()).maxResponseDelayMillis()).isEqualTo(10000);
    // RFC 3810 5.1.3: 0x8000 = exp 0, mant 0 -> (0x1000) << 3
    assertThat(new Mldv2Query(0x8000, addr("::"), false, 2, 125, List.of()).maxResponseDelayMillis()).isEqualTo(0x1000 << 3);
    assertThat(new Mldv2Query(0xFFFF, addr("::"), false, 2, 125, List.of()).maxResponseDelayMillis()).isEqualTo(0x1FFFL << 10);
  }

  @Test
  void summariesMatchTshark() {
    Map<String, String> tshark = V6.tsharkInfo();
    for (String name : List.of("rs", "rs_bare", "rs_reserved", "ra", "ra_dns", "ra_badcode", "ra_rdnss_even",
        "ra_stray_byte", "ra_unknown_opt", "ns", "ns_dad", "ns_short", "na", "na_sol", "na_none", "redirect",
        "mld_query", "mld_query_specific", "mld_report", "mld_done", "mld2_query", "mld2_query_general", "mld2_report")) {
      assertThat(V6.parse(name).summary()).as(name).isEqualTo(tshark.get(name));
    }
  }

  @Test
  void describeOptionsLikeTshark() {
    FieldTree t = FieldTree.root("Internet Control Message Protocol v6");
    V6.parse("ra").describe(t);
    assertThat(t.render())
        .contains("    Cur hop limit: 64\n")
        .contains("    Flags: 0xc8, Managed address configuration, Other configuration, Prf (Default Router Preference): High\n")
        .contains("    Router lifetime (s): 1800\n")
        .contains("    ICMPv6 Option (Source link-layer address : 00:11:22:33:44:55)\n")
        .contains("    ICMPv6 Option (MTU : 1500)\n")
        .contains("    ICMPv6 Option (Prefix information : 2001:db8::/64)\n");
    FieldTree d = FieldTree.root("x");
    V6.parse("ra_dns").describe(d);
    assertThat(d.render())
        .contains("ICMPv6 Option (Recursive DNS Server 2001:db8::53 2001:db8::54)")
        .contains("ICMPv6 Option (DNS Search List Option example.com lab.example.org)")
        .contains("ICMPv6 Option (Route Information : Low 2001:db8:1::/48)");
    FieldTree n = FieldTree.root("x");
    V6.parse("na").describe(n);
    assertThat(n.render()).contains("    Flags: 0xe0000000, Router, Solicited, Override\n    Target Address: fe80::1\n");
    FieldTree r = FieldTree.root("x");
    V6.parse("mld2_report").describe(r);
    assertThat(r.render()).contains("Multicast Address Record Changed to exclude: ff02::1:3");
  }

  // ---- BAD-INPUTS ---------------------------------------------------------------------------

  private static Set<Anomaly> anomalies(String name) {
    AnomalySink.Collector c = AnomalySink.collector();
    V6.parse(name, c);
    return c.anomalies();
  }

  /** Row 40: an option of length 0 rejects the list at once. */
  @Test
  void zeroLengthOptionRejects() {
    assertThatThrownBy(() -> V6.parse("ra_zero_len_opt"))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.MALFORMED));
    // anywhere in the list, in every ND message
    for (String name : List.of("rs", "ra", "ns", "na", "redirect")) {
      byte[] b = V6.icmp(name);
      byte[] z = Arrays.copyOf(b, b.length + 8);
      z[b.length] = 1; // type 1, length 0
      Icmpv6Packet p = Icmpv6Packet.checked(MemorySegment.ofArray(z));
      assertThatThrownBy(() -> Icmpv6Message.parse(p, ChecksumPolicy.IGNORE)).as(name).isInstanceOf(WireException.class);
    }
  }

  /** Row 41: a stray byte after the last option. */
  @Test
  void strayByteIsFlagged() {
    assertThat(anomalies("ra_stray_byte")).containsExactly(Anomaly.ND_OPT_TRUNCATED);
    assertThat(((RouterAdvertisement) V6.parse("ra_stray_byte")).options()).containsExactly(new Mtu(1500));
  }

  @Test
  void optionRunningPastTheEndIsFlagged() {
    byte[] b = V6.icmp("ns");
    b[25] = 3; // SLLA claims 24 bytes, 8 remain
    AnomalySink.Collector c = AnomalySink.collector();
    Icmpv6Message m = Icmpv6Message.parse(Icmpv6Packet.checked(MemorySegment.ofArray(b)), (MemorySegment) null, null,
        ChecksumPolicy.IGNORE, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ND_OPT_TRUNCATED);
    assertThat(((NeighborSolicitation) m).options()).isEmpty();
  }

  /** Row 42: RDNSS with even length (CVE-2020-16898 "Bad Neighbor"): flagged, kept raw, nothing read past it. */
  @Test
  void rdnssEvenLengthIsFlagged() {
    assertThat(anomalies("ra_rdnss_even")).containsExactly(Anomaly.ND_RDNSS_BAD_LENGTH);
    RouterAdvertisement ra = (RouterAdvertisement) V6.parse("ra_rdnss_even");
    assertThat(ra.options()).hasSize(1);
    assertThat(ra.options().getFirst()).isInstanceOf(UnknownOption.class);
    assertThat(ra.options().getFirst().bufferLength()).isEqualTo(32);
    assertThat(V6.emit(ra, "ra_rdnss_even")).isEqualTo(V6.icmp("ra_rdnss_even"));
  }

  /** Row 43: fixed part longer than the message: flagged, no options, kept raw. */
  @Test
  void fixedPartLongerThanMessage() {
    assertThat(anomalies("ns_short")).containsExactly(Anomaly.ND_BAD_OPT_OFFSET);
    assertThat(V6.parse("ns_short")).isInstanceOf(Unknown.class);
    for (String name : List.of("ra", "ns", "na", "redirect")) {
      byte[] b = V6.icmp(name);
      int fixed = switch (name) {
        case "ra" -> 16;
        case "redirect" -> 40;
        default -> 24;
      };
      for (int n = 8; n < fixed; n++) {
        AnomalySink.Collector c = AnomalySink.collector();
        Icmpv6Packet p = Icmpv6Packet.checked(MemorySegment.ofArray(Arrays.copyOf(b, n)));
        Icmpv6Message m = Icmpv6Message.parse(p, (MemorySegment) null, null, ChecksumPolicy.IGNORE, c);
        assertThat(m).as("%s cut to %d", name, n).isInstanceOf(Unknown.class);
        assertThat(c.anomalies()).as("%s cut to %d", name, n).containsExactly(Anomaly.ND_BAD_OPT_OFFSET);
      }
    }
  }

  /** Row 46: RA code != 0 / reachable time > 1 hour; RS reserved != 0. */
  @Test
  void routerFieldsOutOfRangeAreFlagged() {
    assertThat(anomalies("ra_badcode")).contains(Anomaly.ND_RA_BAD_FIELDS);
    assertThat(anomalies("rs_reserved")).containsExactly(Anomaly.ND_RA_BAD_FIELDS);
    assertThat(((RouterAdvertisement) V6.parse("ra_badcode")).reachableTime()).isEqualTo(4_000_000);
  }

  /** Row 45: MLD with hop limit != 1, checked by the caller who has the IPv6 header. */
  @Test
  void mldHopLimit() {
    AnomalySink.Collector c = AnomalySink.collector();
    assertThat(Icmpv6Message.checkMldHopLimit(130, 1, c)).isTrue();
    assertThat(Icmpv6Message.checkMldHopLimit(128, 64, c)).isTrue();
    assertThat(c.anomalies()).isEmpty();
    for (int t : new int[] {130, 131, 132, 143}) {
      c.clear();
      assertThat(Icmpv6Message.checkMldHopLimit(t, 255, c)).isFalse();
      assertThat(c.anomalies()).containsExactly(Anomaly.MLD_HOP_LIMIT);
    }
    // the vectors carry hop limit 1 in byte 7 of their IPv6 header
    assertThat(V6.packet("mld_report").get(7)).isEqualTo(1);
  }

  @Test
  void mldQueryOfInvalidLengthIsKeptRaw() {
    byte[] b = Arrays.copyOf(V6.icmp("mld_query"), 26); // RFC 3810 8.1: neither 24 nor >= 28
    AnomalySink.Collector c = AnomalySink.collector();
    Icmpv6Message m = Icmpv6Message.parse(Icmpv6Packet.checked(MemorySegment.ofArray(b)), (MemorySegment) null, null, ChecksumPolicy.IGNORE, c);
    assertThat(m).isInstanceOf(Unknown.class);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_TRUNCATED);
  }

  @Test
  void mldv2CountsBeyondTheMessageAreFlagged() {
    byte[] q = V6.icmp("mld2_query");
    q[26] = (byte) 0xFF; // 65280+ sources
    q[27] = (byte) 0xFF;
    assertThat(parseIgnore(q)).isInstanceOf(Unknown.class);
    byte[] r = V6.icmp("mld2_report");
    r[6] = (byte) 0xFF; // 65535 records
    r[7] = (byte) 0xFF;
    assertThat(parseIgnore(r)).isInstanceOf(Unknown.class);
  }

  private static Icmpv6Message parseIgnore(byte[] b) {
    return Icmpv6Message.parse(Icmpv6Packet.checked(MemorySegment.ofArray(b)), ChecksumPolicy.IGNORE);
  }

  /** Every truncation of every vector: only WireException or a record, never another exception. */
  @Test
  void everyTruncationIsSafe() {
    for (String name : io.icmpkit.wire.testing.Vectors.load("icmpv6").keySet()) {
      byte[] b = V6.icmp(name);
      for (int n = 0; n <= b.length; n++) {
        byte[] cut = Arrays.copyOf(b, n);
        try {
          Icmpv6Message m = Icmpv6Message.parse(Icmpv6Packet.checked(MemorySegment.ofArray(cut)),
              (MemorySegment) null, null, ChecksumPolicy.IGNORE, AnomalySink.IGNORE);
          m.summary();
          m.describe(FieldTree.root("x"));
          MemorySegment out = MemorySegment.ofArray(new byte[m.bufferLength()]);
          m.emit(out, ChecksumPolicy.IGNORE);
          assertThat(parseIgnore(out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))).as("%s cut to %d", name, n).isEqualTo(m);
        } catch (WireException expected) {
          assertThat(n).as("%s: full vector must parse", name).isLessThan(name.equals("ra_zero_len_opt") ? b.length + 1 : b.length);
        }
      }
    }
  }

  @Test
  void optionRecordsValidate() {
    assertThatThrownBy(() -> new SourceLinkLayerAddress(Octets.ofHex("0011223344"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DnsSearchList(1, List.of("bad..name"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DnsSearchList(1, List.of("x".repeat(64) + ".com"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RouteInformation(129, 0, 0, addr("::"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RedirectedHeader(Octets.ofHex("00"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dnsSearchListWithCompressionPointerIsKeptRaw() {
    // 31, len 2, reserved, lifetime, then a compression pointer c00c and zero padding
    byte[] o = Octets.ofHex("1f02 0000 00000258 c00c 000000000000").toByteArray();
    List<NdpOption> opts = NdpOption.parseAll(MemorySegment.ofArray(o), AnomalySink.IGNORE);
    assertThat(opts).containsExactly(new UnknownOption(31, Octets.ofHex("0000 00000258 c00c 000000000000")));
  }
}
