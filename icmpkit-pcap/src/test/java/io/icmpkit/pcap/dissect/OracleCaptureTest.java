package io.icmpkit.pcap.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.pcap.dissect.DissectorTest.Seen;
import io.icmpkit.pcap.io.CaptureReader;
import io.icmpkit.pcap.io.PcapRecord;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dissector's answers that the tshark oracle settled, on frames of the oracle capture (written
 * by Scapy: tools/oracle/gen_oracle_pcap.py), looked up by case name. TsharkOracleTest in
 * icmpkit-cli compares every frame with tshark; these pin the individual rulings without tshark.
 */
class OracleCaptureTest {
  static final Path ORACLE = Path.of("..", "icmpkit-cli", "src", "test", "resources", "oracle", "oracle.pcap");
  static final Map<String, Seen> SEEN = new HashMap<>();
  static final Map<String, byte[]> FRAMES = new HashMap<>();
  static final Map<String, Long> WIRE = new HashMap<>();

  @BeforeAll
  static void dissectAll() throws IOException {
    Map<Long, String> names = new HashMap<>();
    for (String line : Files.readAllLines(ORACLE.resolveSibling("oracle.names"))) {
      String[] p = line.split("\t");
      if (!line.startsWith("#") && p.length >= 2) {
        names.put(Long.parseLong(p[0]), p[1]);
      }
    }
    try (CaptureReader r = CaptureReader.open(ORACLE)) {
      Dissector dis = new Dissector(r.linkType(), false, false);
      while (r.next()) {
        PcapRecord rec = r.record();
        String name = names.get(rec.number());
        SEEN.put(name, Seen.of(dis.dissect(rec)));
        FRAMES.put(name, rec.data().toArray(ValueLayout.JAVA_BYTE));
        WIRE.put(name, rec.origlen());
      }
    }
  }

  /** Ruling A: a cut quote shows what it holds; the cut stays flagged. */
  @Test
  void shortQuotesShowTheFieldsTheyHold() {
    Seen udp4 = SEEN.get("unreach-short-quote-udp-4");
    assertThat(udp4.quoted()).isEqualTo(new Quoted(4, "198.51.100.7", "192.0.2.1", 17, 1111, 2222));
    assertThat(udp4.anomalies()).contains("icmp_quote_ports_missing");
    Seen ip12 = SEEN.get("unreach-short-quote-ip-12");
    assertThat(ip12.quoted()).isEqualTo(new Quoted(4, null, null, 17, -1, -1));
    assertThat(ip12.anomalies()).contains("icmp_quote_truncated");
    assertThat(SEEN.get("unreach-short-quote-tcp-4").quoted().dport()).isEqualTo(443);
    assertThat(SEEN.get("v6-unreach-short-quote-udp-4").quoted().sport()).isEqualTo(33434);
    Seen v6ip20 = SEEN.get("v6-unreach-short-quote-ip-20");
    assertThat(v6ip20.quoted()).isEqualTo(new Quoted(6, null, null, 17, -1, -1));
    assertThat(v6ip20.malformed()).isNull();
    assertThat(SEEN.get("unreach-empty-quote").quoted()).isNull();
  }

  /** Ruling B: messages of 8 bytes or more shorter than their fixed part still have id/seq. */
  @Test
  void shortTimestampAndMaskKeepIdentifierAndSequence() {
    for (String n : new String[] {"timestamp-short", "addrmask-short"}) {
      Seen s = SEEN.get(n);
      assertThat(s.id()).as(n).isEqualTo(1);
      assertThat(s.seq()).as(n).isEqualTo(1);
      assertThat(s.malformed()).as(n).startsWith("icmp_truncated");
      assertThat(s.summary()).as(n).endsWith("ttl=64" + Messages.MALFORMED);
    }
    Seen six = SEEN.get("icmp-6-bytes-echo"); // row 19: rejected, no id/seq
    assertThat(six.id()).isNull();
    assertThat(six.summary()).isEqualTo("Echo (ping) request [Malformed Packet]");
  }

  /** Ruling C: malformed as tshark means it; a snaplen cut is truncation, not malformed. */
  @Test
  void snaplenCutIsNotMalformedButAnIpLengthPastTheFrameIs() {
    Seen echo = SEEN.get("snaplen-truncated-echo");
    assertThat(echo.malformed()).isNull();
    assertThat(echo.anomalies()).containsExactly("ipv4_trunc_pkt");
    Seen unreach = SEEN.get("snaplen-truncated-unreach");
    assertThat(unreach.malformed()).isNull();
    assertThat(unreach.summary()).isEqualTo("Destination unreachable (Port unreachable)" + Dissector.LIMITED);
    Seen lying = SEEN.get("ipv4-total-length-exceeds-frame");
    assertThat(lying.malformed()).startsWith("ipv4_trunc_pkt");
    assertThat(lying.summary()).doesNotContain("Malformed"); // tshark: an expert error, no Info suffix
    assertThat(SEEN.get("router-advert-count-too-big").malformed()).startsWith("icmp_routeradvert_truncated");
    assertThat(SEEN.get("nd-ns-option-truncated").malformed()).startsWith("nd_opt_truncated");
  }

  /** Ruling C, row 33 exactly: entry size 1 whose entries fit is neither flagged nor malformed. */
  @Test
  void routerAdvertisementEntrySizeOne() {
    Seen s = SEEN.get("router-advert-entry-size-1");
    assertThat(s.anomalies()).isEmpty();
    assertThat(s.malformed()).isNull();
  }

  /** Ruling F and G: the version nibble as read; tshark's words for a broken IP header. */
  @Test
  void brokenIpHeadersReadLikeTshark() {
    Seen v5 = SEEN.get("ipv4-version-5");
    assertThat(v5.ipVersion()).isEqualTo(5);
    assertThat(v5.malformed()).startsWith("wrong_ip_version");
    assertThat(v5.summary()).isEqualTo("Bogus IPv4 version (5, must be 4)");
    assertThat(SEEN.get("ipv4-ihl-4").summary()).isEqualTo("Bogus IP header length (16, must be at least 20)");
    assertThat(SEEN.get("ipv4-total-length-below-ihl").summary())
        .isEqualTo("Bogus IP length (16, less than header length 20)");
    Seen ext = SEEN.get("v6-ext-length-past-end");
    assertThat(ext.summary()).isEqualTo("IPv6 destination options" + Messages.MALFORMED);
    assertThat(ext.protocol()).isNull();
    assertThat(SEEN.get("icmp-0-bytes").summary()).isEqualTo(Messages.MALFORMED);
  }

  /** Ruling H: an RFC 4884 length covering exactly the quote is not an extension error. */
  @Test
  void rfc4884LengthOnlyIsNotFlagged() {
    assertThat(SEEN.get("timex-rfc4884-length-only").anomalies()).isEmpty();
    assertThat(SEEN.get("timex-rfc4884-length-past-end").anomalies()).contains("icmp_ext_bad");
  }

  /** tshark verifies an IGMP v1/v2 checksum over 8 bytes only when all 8 are there. */
  @Test
  void shortIgmpGetsNoChecksumVerdict() {
    assertThat(SEEN.get("igmp-short-4").checksumOk()).isNull();
    assertThat(SEEN.get("igmp-bad-checksum").checksumOk()).isFalse();
  }

  /** Ruling D: tshark 4.0's "Unknown" for unregistered unreachable codes; IANA's newer names kept. */
  @Test
  void icmpv6UnreachableCodeNames() {
    assertThat(SEEN.get("v6-unreach-unknown-code-9").summary()).isEqualTo("Destination Unreachable (Unknown)");
    assertThat(SEEN.get("v6-unreach-8-udp").summary()).isEqualTo("Destination Unreachable (Headers too long)");
  }

  /** BAD-INPUTS row 45: the dissector hands the IPv6 hop limit to the MLD check. */
  @Test
  void mldWithHopLimitOtherThanOneIsFlagged() throws IOException {
    assertThat(SEEN.get("mldv1-report").anomalies()).doesNotContain("mld_hop_limit");
    byte[] f = FRAMES.get("mldv1-report").clone();
    int ip = (f[12] & 0xff) == 0x81 && f[13] == 0 ? 18 : 14; // some oracle frames carry an 802.1Q tag
    assertThat(f[ip + 7]).isEqualTo((byte) 1);
    f[ip + 7] = 64; // the hop limit is not covered by the ICMPv6 checksum
    Dissection d = new Dissector(io.icmpkit.pcap.io.LinkType.ETHERNET, false, false)
        .dissect(1, 0, 0, MemorySegment.ofArray(f), f.length);
    assertThat(d.anomalies()).contains("mld_hop_limit");
    assertThat(d.checksumOk()).isTrue();
  }
}
