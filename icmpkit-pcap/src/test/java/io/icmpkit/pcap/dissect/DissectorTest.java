package io.icmpkit.pcap.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.pcap.io.CaptureReader;
import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.pcap.io.PcapRecord;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dissector on samples/icmp-sample.pcap (Scapy-made; see tools/samples/gen_sample_pcap.py). */
class DissectorTest {
  static final Path SAMPLE = Path.of("..", "samples", "icmp-sample.pcap");
  static final List<byte[]> FRAMES = new ArrayList<>();

  /** A copy of what the dissector said about one frame. */
  record Seen(int ipVersion, String src, String dst, String protocol, int type, int code, String name,
      Boolean checksumOk, Integer id, Integer seq, Long mtu, String gateway, Integer pointer, Quoted quoted,
      List<Map<String, Object>> extensions, boolean fragment, String malformed, List<String> anomalies,
      String summary, String label) {
    static Seen of(Dissection d) {
      return new Seen(d.ipVersion(), d.src(), d.dst(), d.protocolName(), d.type(), d.code(), d.name(),
          d.checksumOk(), d.id(), d.seq(), d.mtu(), d.gateway(), d.pointer(), d.quoted(),
          List.copyOf(d.extensions()), d.fragment(), d.malformed(), List.copyOf(d.anomalies()), d.summary(),
          d.protocolLabel());
    }
  }

  @BeforeAll
  static void load() throws IOException {
    try (CaptureReader r = CaptureReader.open(SAMPLE)) {
      while (r.next()) {
        FRAMES.add(r.record().data().toArray(ValueLayout.JAVA_BYTE));
      }
    }
  }

  static List<Seen> dissectSample() throws IOException {
    List<Seen> out = new ArrayList<>();
    try (CaptureReader r = CaptureReader.open(SAMPLE)) {
      Dissector dis = new Dissector(r.linkType(), true, false);
      while (r.next()) {
        PcapRecord rec = r.record();
        Dissection d = dis.dissect(rec);
        assertThat(d.frame()).isEqualTo(rec.number());
        assertThat(d.tree()).isNotNull();
        out.add(Seen.of(d));
      }
    }
    return out;
  }

  static Seen dissect(byte[] frame) throws IOException {
    return dissect(frame, frame.length);
  }

  /** A frame of {@code wireLength} bytes of which the capture kept {@code frame}. */
  static Seen dissect(byte[] frame, long wireLength) throws IOException {
    Dissector dis = new Dissector(LinkType.ETHERNET, true, false);
    return Seen.of(dis.dissect(1, 0, 0, MemorySegment.ofArray(frame), wireLength));
  }

  @Test
  void sampleFramesAreDissectedAsTsharkSeesThem() throws IOException {
    List<Seen> s = dissectSample();
    assertThat(s).hasSize(30);
    Seen echo = s.get(0);
    assertThat(echo.ipVersion()).isEqualTo(4);
    assertThat(echo.src()).isEqualTo("192.168.1.10");
    assertThat(echo.dst()).isEqualTo("8.8.8.8");
    assertThat(echo.protocol()).isEqualTo("icmp");
    assertThat(echo.type()).isEqualTo(8);
    assertThat(echo.name()).isEqualTo("Echo (ping) request");
    assertThat(echo.checksumOk()).isTrue();
    assertThat(echo.id()).isEqualTo(0x1f2e);
    assertThat(echo.seq()).isEqualTo(1);
    assertThat(echo.summary()).isEqualTo("Echo (ping) request  id=0x1f2e, seq=1/256, ttl=64");
    assertThat(s.get(1).summary()).isEqualTo("Echo (ping) reply    id=0x1f2e, seq=1/256, ttl=117 (request in 1)");
    assertThat(s.get(9).summary()).isEqualTo("Echo (ping) reply id=0x2a2b, seq=2, hop limit=57 (request in 9)");
    assertThat(s.get(6).protocol()).isEqualTo("icmpv6");
    assertThat(s.get(6).id()).isEqualTo(0x2a2b);

    Seen ttl = s.get(11);
    assertThat(ttl.type()).isEqualTo(11);
    assertThat(ttl.quoted()).isEqualTo(new Quoted(4, "192.168.1.10", "203.0.113.50", 17, 45001, 33434));
    assertThat(ttl.id()).isNull();

    Seen mpls = s.get(13);
    assertThat(mpls.extensions()).hasSize(1);
    assertThat(mpls.extensions().get(0)).containsEntry("class", 1).containsEntry("name", "mpls_label_stack");
    assertThat(mpls.extensions().get(0).get("labels").toString()).contains("label=24001");
    assertThat(mpls.anomalies()).isEmpty();

    Seen port = s.get(15);
    assertThat(port.name()).isEqualTo("Destination unreachable (Port unreachable)");
    assertThat(port.quoted().dport()).isEqualTo(33436);

    assertThat(s.get(17).mtu()).isEqualTo(1400L);
    assertThat(s.get(17).quoted().dport()).isEqualTo(5001);
    assertThat(s.get(19).mtu()).isEqualTo(1280L);
    assertThat(s.get(19).protocol()).isEqualTo("icmpv6");
    assertThat(s.get(21).quoted()).isEqualTo(new Quoted(6, "2001:db8:1::10", "2001:db8:ffff::53", 17, 45002, 33434));
    assertThat(s.get(23).name()).isEqualTo("Destination Unreachable (Port unreachable)");
    assertThat(s.get(25).gateway()).isEqualTo("192.168.1.254");
    assertThat(s.get(25).type()).isEqualTo(5);
    assertThat(s.get(26).protocol()).isEqualTo("igmp");
    assertThat(s.get(26).type()).isEqualTo(0x22);
    assertThat(s.get(26).label()).isEqualTo("IGMPv3");
    assertThat(s.get(26).summary()).isEqualTo("Membership Report / Join group 239.1.2.3 for any sources");
    assertThat(s.get(26).checksumOk()).isTrue();
    assertThat(s.get(27).id()).isEqualTo(0x0b0c);

    // UDP probes are not ours: protocol number, no ICMP fields
    Seen udp = s.get(10);
    assertThat(udp.protocol()).isEqualTo("17");
    assertThat(udp.type()).isEqualTo(-1);
    assertThat(udp.checksumOk()).isNull();
    assertThat(udp.summary()).isEqualTo("45001 \u2192 33434 Len=32");

    for (Seen f : s) {
      assertThat(f.malformed()).isNull();
      if (f.type() >= 0) {
        assertThat(f.checksumOk()).as(f.summary()).isTrue();
      }
    }
  }

  @Test
  void everyTruncationOfEverySampleFrameIsHandled() throws IOException {
    for (byte[] full : FRAMES) {
      for (int n = 0; n < full.length; n++) {
        Seen s = dissect(java.util.Arrays.copyOf(full, n), full.length);
        // a message cut by the snaplen cannot be verified: never a checksum verdict on partial bytes
        assertThat(s.checksumOk()).as("cut at %d: %s", n, s.summary()).isNull();
      }
    }
  }

  static byte[] frame(int index) {
    return FRAMES.get(index).clone();
  }

  static void fixIpv4Checksum(byte[] f) {
    f[24] = 0;
    f[25] = 0;
    int c = io.icmpkit.wire.Checksum.compute(MemorySegment.ofArray(f), 14, 20);
    f[24] = (byte) (c >> 8);
    f[25] = (byte) c;
  }

  @Test
  void nonFirstFragmentIsMarkedAndNotDecoded() throws IOException {
    byte[] f = frame(0);
    f[20] = 0x00; // clear DF, offset 185 * 8 = 1480
    f[21] = (byte) 185;
    fixIpv4Checksum(f);
    Seen s = dissect(f);
    assertThat(s.fragment()).isTrue();
    assertThat(s.type()).isEqualTo(-1);
    assertThat(s.checksumOk()).isNull();
    assertThat(s.summary()).isEqualTo("Fragmented IP protocol (proto=ICMP 1, off=1480, ID=4001)");
  }

  @Test
  void firstFragmentIsDecodedWithoutAChecksumVerdict() throws IOException {
    byte[] f = frame(0);
    f[20] = 0x20; // MF, offset 0
    fixIpv4Checksum(f);
    Seen s = dissect(f);
    assertThat(s.fragment()).isFalse();
    assertThat(s.type()).isEqualTo(8);
    assertThat(s.checksumOk()).isNull();
  }

  @Test
  void ipLengthOverstatingAnUncutFrameStillGetsAVerdict() throws IOException {
    byte[] f = frame(0); // 98-byte echo request, IP total length 84
    f[14 + 3] = 100;
    fixIpv4Checksum(f);
    Seen s = dissect(f);
    assertThat(s.anomalies()).contains("ipv4_trunc_pkt");
    assertThat(s.checksumOk()).isTrue();
    Seen cut = dissect(java.util.Arrays.copyOf(f, 90), 120);
    assertThat(cut.checksumOk()).isNull();
  }

  @Test
  void badIcmpChecksumIsFlaggedNotRejected() throws IOException {
    byte[] f = frame(0);
    f[14 + 20 + 2] ^= 0x55;
    Seen s = dissect(f);
    assertThat(s.checksumOk()).isFalse();
    assertThat(s.anomalies()).contains("icmp_bad_checksum");
    assertThat(s.id()).isEqualTo(0x1f2e);
  }

  @Test
  void badIpv4HeaderChecksumIsAnAnomaly() throws IOException {
    byte[] f = frame(0);
    f[24] ^= 0x01;
    Seen s = dissect(f);
    assertThat(s.anomalies()).contains("ipv4_bad_checksum");
    assertThat(s.checksumOk()).isTrue();
  }

  /** BAD-INPUTS row 39: ICMPv6 in IPv4 is flagged (and decoded as ICMPv6 without a pseudo-header verdict). */
  @Test
  void icmpv6InIpv4IsFlagged() throws IOException {
    byte[] f = frame(0);
    f[14 + 9] = 58;
    fixIpv4Checksum(f);
    Seen s = dissect(f);
    assertThat(s.anomalies()).contains("ipv4_icmpv6");
    assertThat(s.protocol()).isEqualTo("icmpv6");
    assertThat(s.checksumOk()).isNull();
  }

  @Test
  void brokenIpHeaderIsMalformedNotAnException() throws IOException {
    byte[] f = frame(0);
    f[14] = 0x44; // IHL 4
    Seen s = dissect(f);
    assertThat(s.malformed()).startsWith("hlen_too_small");
    assertThat(s.type()).isEqualTo(-1);
    assertThat(s.ipVersion()).isEqualTo(4);
  }

  @Test
  void shortIcmpKeepsTypeAndCodeButIsMalformed() throws IOException {
    byte[] f = java.util.Arrays.copyOf(frame(0), 14 + 20 + 5);
    f[14 + 2] = 0;
    f[14 + 3] = 25; // total length 25: 5 ICMP bytes
    fixIpv4Checksum(f);
    Seen s = dissect(f);
    assertThat(s.type()).isEqualTo(8);
    assertThat(s.malformed()).startsWith("pkt_too_small");
    assertThat(s.id()).isNull();
  }

  @Test
  void nonIpFramesSayWhy() throws IOException {
    byte[] arp = new byte[42];
    arp[12] = 0x08;
    arp[13] = 0x06;
    Seen s = dissect(arp);
    assertThat(s.ipVersion()).isZero();
    assertThat(s.summary()).isEqualTo("not IP (ethertype 0x0806)");
  }

  /** RFC 8200 8.1: behind a routing header (type 0, SRH) the ICMPv6 checksum covers the final destination. */
  @Test
  void icmpv6ChecksumUsesTheFinalDestination() throws IOException {
    try (CaptureReader r = CaptureReader.open(Path.of("src", "test", "resources", "pcap", "v6-routing.pcap"))) {
      Dissector dis = new Dissector(r.linkType(), false, false);
      int n = 0;
      while (r.next()) {
        Dissection d = dis.dissect(r.record());
        assertThat(d.type()).isEqualTo(128);
        assertThat(d.dst()).isEqualTo("2001:db8::aa");
        assertThat(d.checksumOk()).as("frame %d", d.frame()).isTrue();
        assertThat(d.seq()).isEqualTo(++n);
      }
      assertThat(n).isEqualTo(2);
    }
  }

  @Test
  void randomBytesNeverThrow() throws IOException {
    java.util.Random rnd = new java.util.Random(4884);
    Dissector dis = new Dissector(LinkType.RAW, true, false);
    for (int i = 0; i < 20_000; i++) {
      byte[] f = frame(rnd.nextInt(FRAMES.size()));
      byte[] ip = java.util.Arrays.copyOfRange(f, 14, f.length);
      int flips = 1 + rnd.nextInt(4);
      for (int k = 0; k < flips; k++) {
        ip[rnd.nextInt(ip.length)] = (byte) rnd.nextInt(256);
      }
      int len = rnd.nextInt(ip.length + 1);
      dis.dissect(i, 0, 0, MemorySegment.ofArray(ip).asSlice(0, len), len);
    }
  }
}
