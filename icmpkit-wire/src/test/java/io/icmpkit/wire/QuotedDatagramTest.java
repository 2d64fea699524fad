package io.icmpkit.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class QuotedDatagramTest {

  static MemorySegment vec(String name) {
    return MemorySegment.ofArray(Vectors.get("ip", name).toByteArray());
  }

  static MemorySegment cut(String name, int len) {
    return vec(name).asSlice(0, len);
  }

  @Test
  void udpProbeAsTracerouteSeesIt() throws Exception {
    // the quote inside a real time-exceeded: IP header + 8 bytes of UDP
    MemorySegment err = vec("err4_ttl_udp");
    MemorySegment quote = err.asSlice(28);
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(quote, 4, c);
    assertThat(c.anomalies()).isEmpty();
    assertThat(q.ipVersion()).isEqualTo(4);
    assertThat(q.source()).isEqualTo(InetAddress.getByName("192.0.2.1"));
    assertThat(q.destination()).isEqualTo(InetAddress.getByName("203.0.113.9"));
    assertThat(q.protocol()).isEqualTo(17);
    assertThat(q.headerLength()).isEqualTo(20);
    assertThat(q.declaredTotalLength()).isEqualTo(28);
    assertThat(q.ipIdentification()).isEqualTo(4321);
    assertThat(q.ttl()).isEqualTo(1);
    assertThat(q.sourcePort()).isEqualTo(33434);
    assertThat(q.destinationPort()).isEqualTo(33435);
    assertThat(q.udpLength()).isEqualTo(8);
    assertThat(q.udpChecksum()).isEqualTo(0xfc9c);
    assertThat(q.tcpSequence()).isEqualTo(-1);
    assertThat(q.icmpType()).isEqualTo(-1);
    assertThat(q.transportOffset()).isEqualTo(20);
    assertThat(q.hasPorts()).isTrue();
    assertThat(q.hasTuple()).isTrue();
    assertThat(q.raw()).isEqualTo(Octets.copyOf(quote));
  }

  @Test
  void tcpSequence() {
    QuotedDatagram q = QuotedDatagram.parse(cut("q4_tcp", 28), 4, AnomalySink.IGNORE);
    assertThat(q.sourcePort()).isEqualTo(40000);
    assertThat(q.destinationPort()).isEqualTo(443);
    assertThat(q.tcpSequence()).isEqualTo(123456789L);
    assertThat(q.udpLength()).isEqualTo(-1);
    assertThat(q.hasTuple()).isTrue();
  }

  @Test
  void echoAndTimestampRequests() {
    QuotedDatagram e = QuotedDatagram.parse(vec("q4_echo"), 4, AnomalySink.IGNORE);
    assertThat(e.icmpType()).isEqualTo(8);
    assertThat(e.icmpCode()).isZero();
    assertThat(e.echoIdentifier()).isEqualTo(0x4242);
    assertThat(e.echoSequence()).isEqualTo(7);
    assertThat(e.hasPorts()).isFalse();
    assertThat(e.hasTuple()).isTrue();
    QuotedDatagram t = QuotedDatagram.parse(cut("q4_tsreq", 28), 4, AnomalySink.IGNORE);
    assertThat(t.icmpType()).isEqualTo(13);
    assertThat(t.echoIdentifier()).isEqualTo(0x99);
    assertThat(t.echoSequence()).isEqualTo(3);
  }

  @Test
  void ipOptionsAreSkipped() {
    QuotedDatagram q = QuotedDatagram.parse(vec("q4_options"), 4, AnomalySink.IGNORE);
    assertThat(q.headerLength()).isEqualTo(28);
    assertThat(q.sourcePort()).isEqualTo(1000);
    assertThat(q.destinationPort()).isEqualTo(2000);
  }

  @Test
  void ipv6Quotes() throws Exception {
    QuotedDatagram u = QuotedDatagram.parse(cut("q6_udp", 48), 6, AnomalySink.IGNORE);
    assertThat(u.ipVersion()).isEqualTo(6);
    assertThat(u.source()).isEqualTo(InetAddress.getByName("2001:db8::1"));
    assertThat(u.destination()).isEqualTo(InetAddress.getByName("2001:db8::99"));
    assertThat(u.ttl()).isEqualTo(1);
    assertThat(u.protocol()).isEqualTo(17);
    assertThat(u.headerLength()).isEqualTo(40);
    assertThat(u.declaredTotalLength()).isEqualTo(53);
    assertThat(u.sourcePort()).isEqualTo(33434);
    assertThat(u.ipIdentification()).isEqualTo(-1);
    assertThat(u.hasTuple()).isTrue();
    QuotedDatagram e = QuotedDatagram.parse(vec("q6_echo"), 6, AnomalySink.IGNORE);
    assertThat(e.icmpType()).isEqualTo(128);
    assertThat(e.echoIdentifier()).isEqualTo(0x4243);
    assertThat(e.echoSequence()).isEqualTo(9);
    QuotedDatagram f = QuotedDatagram.parse(vec("q6_frag_first"), 6, AnomalySink.IGNORE);
    assertThat(f.protocol()).isEqualTo(17);
    assertThat(f.headerLength()).isEqualTo(48);
    assertThat(f.fragmentIdentification()).isEqualTo(0x01020304L);
    assertThat(f.sourcePort()).isEqualTo(53);
    assertThat(f.nonFirstFragment()).isFalse();
  }

  @Test
  void row25QuoteShorterThanIpHeader() {
    for (int len = 0; len < 20; len++) {
      AnomalySink.Collector c = AnomalySink.collector();
      QuotedDatagram q = QuotedDatagram.parse(cut("q4_udp", len), 4, c);
      assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_TRUNCATED);
      assertThat(q.hasTuple()).as("len %d", len).isFalse();
      assertThat(q.destination()).isNull();
      // ruling A: the header fields that are in the quote are shown (tshark does), never a tuple
      assertThat(q.ipVersion()).isEqualTo(len == 0 ? 0 : 4);
      assertThat(q.protocol()).as("len %d", len).isEqualTo(len >= 10 ? 17 : -1);
      assertThat(q.source()).as("len %d", len).isEqualTo(len >= 16 ? InetAddress.ofLiteral("192.0.2.1") : null);
    }
    for (int len = 1; len < 40; len++) {
      AnomalySink.Collector c = AnomalySink.collector();
      QuotedDatagram q = QuotedDatagram.parse(cut("q6_udp", len), 6, c);
      assertThat(q.hasTuple()).isFalse();
      assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_TRUNCATED);
      assertThat(q.ipVersion()).isEqualTo(6);
      assertThat(q.protocol()).as("len %d", len).isEqualTo(len >= 7 ? 17 : -1);
      assertThat(q.source() != null).as("len %d", len).isEqualTo(len >= 24);
      assertThat(q.destination()).isNull();
    }
  }

  @Test
  void row26WrongVersion() {
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(vec("q6_udp"), 4, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_UNKNOWN_VERSION);
    assertThat(q.ipVersion()).isZero();
    assertThat(q.hasTuple()).isFalse();
    c.clear();
    QuotedDatagram.parse(vec("q4_udp"), 6, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_UNKNOWN_VERSION);
  }

  @Test
  void row27HeaderLengthPastQuote() {
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(cut("q4_options", 24), 4, c); // IHL 7 = 28 bytes
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_BAD_HLEN);
    assertThat(q.source()).isNotNull();
    assertThat(q.hasPorts()).isFalse();
    assertThat(q.hasTuple()).isFalse();
    byte[] b = Vectors.get("ip", "q4_udp").toByteArray();
    b[0] = 0x43;
    c.clear();
    assertThat(QuotedDatagram.parse(MemorySegment.ofArray(b), 4, c).hasPorts()).isFalse();
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_BAD_HLEN);
  }

  @Test
  void row28PortsCutOff() {
    for (int len = 20; len < 28; len++) {
      AnomalySink.Collector c = AnomalySink.collector();
      QuotedDatagram q = QuotedDatagram.parse(cut("q4_udp", len), 4, c);
      assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_PORTS_MISSING);
      // ruling A: ports shown from 4 transport bytes on (as tshark), but never a flow association
      assertThat(q.hasPorts()).as("len %d", len).isEqualTo(len >= 24);
      assertThat(q.hasTuple()).isFalse();
      assertThat(q.protocol()).isEqualTo(17);
      assertThat(q.udpLength()).isEqualTo(-1);
    }
    QuotedDatagram ports = QuotedDatagram.parse(cut("q4_udp", 24), 4, AnomalySink.IGNORE);
    assertThat(ports.sourcePort()).isEqualTo(QuotedDatagram.parse(vec("q4_udp"), 4).sourcePort());
    assertThat(ports.destinationPort()).isEqualTo(QuotedDatagram.parse(vec("q4_udp"), 4).destinationPort());
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(cut("q4_echo", 22), 4, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_PORTS_MISSING);
    assertThat(q.icmpType()).isEqualTo(8);
    assertThat(q.echoIdentifier()).isEqualTo(-1);
    assertThat(q.hasTuple()).isFalse();
  }

  @Test
  void row29DeclaredLengthOver576() {
    byte[] b = Vectors.get("ip", "q4_udp").toByteArray();
    b[2] = 0x05;
    b[3] = (byte) 0xdc; // 1500
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(MemorySegment.ofArray(b), 4, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_TOO_LONG);
    assertThat(q.declaredTotalLength()).isEqualTo(1500);
    assertThat(q.hasTuple()).isTrue(); // a flag, not a rejection
  }

  @Test
  void row30NonFirstFragmentHasNoPorts() {
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(vec("q4_frag_nonfirst"), 4, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_FRAGMENT);
    assertThat(q.nonFirstFragment()).isTrue();
    assertThat(q.sourcePort()).isEqualTo(-1);
    assertThat(q.hasTuple()).isFalse();
    c.clear();
    QuotedDatagram q6 = QuotedDatagram.parse(vec("q6_frag_nonfirst"), 6, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_FRAGMENT);
    assertThat(q6.nonFirstFragment()).isTrue();
    assertThat(q6.protocol()).isEqualTo(17);
    assertThat(q6.hasPorts()).isFalse();
  }

  @Test
  void row32QuoteLongerThanAnyIcmpPayload() {
    byte[] b = new byte[65536 + 8];
    System.arraycopy(Vectors.get("ip", "q4_udp").toByteArray(), 0, b, 0, 40);
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(MemorySegment.ofArray(b), 4, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_TOO_LONG);
    assertThat(q.hasTuple()).isFalse();
    assertThat(q.source()).isNull();
  }

  @Test
  void ipv6ExtensionHeaderCutOff() {
    AnomalySink.Collector c = AnomalySink.collector();
    QuotedDatagram q = QuotedDatagram.parse(cut("q6_frag_first", 44), 6, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_QUOTE_BAD_HLEN);
    assertThat(q.protocol()).isEqualTo(-1);
    assertThat(q.source()).isNotNull();
    assertThat(q.hasTuple()).isFalse();
  }

  @Test
  void autoDetectsVersionWhenAskedTo() {
    assertThat(QuotedDatagram.parse(vec("q6_udp"), 0).ipVersion()).isEqualTo(6);
    assertThat(QuotedDatagram.parse(vec("q4_udp"), 0).ipVersion()).isEqualTo(4);
    assertThat(QuotedDatagram.parse(MemorySegment.ofArray(new byte[] {0x15}), 0).ipVersion()).isZero();
  }

  @Property
  void neverThrows(@ForAll @Size(max = 200) byte[] junk, @ForAll @IntRange(min = 0, max = 6) int version) {
    QuotedDatagram q = QuotedDatagram.parse(MemorySegment.ofArray(junk), version, AnomalySink.IGNORE);
    assertThat(q.raw().length()).isEqualTo(junk.length);
  }

  @Property
  void neverThrowsOnMutatedGoldenQuotes(
      @ForAll @IntRange(min = 0, max = 8) int which, @ForAll @IntRange(min = 0, max = 60) int pos,
      @ForAll byte value, @ForAll @IntRange(min = 0, max = 80) int len) {
    String[] names = {"q4_udp", "q4_tcp", "q4_echo", "q4_options", "q4_frag_nonfirst", "q6_udp", "q6_echo",
        "q6_frag_first", "q6_frag_nonfirst"};
    byte[] b = Vectors.get("ip", names[which]).toByteArray();
    if (pos < b.length) {
      b[pos] = value;
    }
    MemorySegment s = MemorySegment.ofArray(b).asSlice(0, Math.min(len, b.length));
    QuotedDatagram q = QuotedDatagram.parse(s, which < 5 ? 4 : 6, AnomalySink.IGNORE);
    if (q.hasPorts()) {
      assertThat(q.transportOffset() + 4).isLessThanOrEqualTo((int) s.byteSize());
    }
    if (q.hasTuple() && q.hasPorts()) {
      assertThat(q.transportOffset() + 8).isLessThanOrEqualTo((int) s.byteSize());
    }
  }
}
