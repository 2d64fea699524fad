package io.icmpkit.wire.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4OptionWalkTest {

  static List<String> walk(String vector, AnomalySink sink) {
    Ipv4Packet p = Ipv4Packet.checked(MemorySegment.ofArray(Vectors.get("ip", vector).toByteArray()));
    List<String> out = new ArrayList<>();
    Ipv4OptionWalk w = new Ipv4OptionWalk();
    for (w.reset(p, sink); w.next(); ) {
      out.add(w.type() + "/" + w.length());
    }
    return out;
  }

  /** A header of IHL 5 + options (padded by the caller), with total length = header length. */
  static MemorySegment withOptions(String optionsHex) {
    Octets opts = Octets.ofHex(optionsHex);
    int hl = 20 + opts.length();
    MemorySegment s = MemorySegment.ofArray(new byte[hl]);
    Ipv4Packet p = Ipv4Packet.unchecked(s);
    p.setVersion(4);
    p.setHeaderLength(hl);
    p.setTotalLength(hl);
    p.setTtl(64);
    opts.copyTo(s, 20);
    p.fillChecksum();
    return s;
  }

  static AnomalySink.Collector flags(String optionsHex) {
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv4Packet.checked(withOptions(optionsHex), c);
    return c;
  }

  @Test
  void walksScapyOptions() {
    assertThat(walk("v4_rr", AnomalySink.IGNORE)).containsExactly("7/11", "0/1");
    assertThat(walk("v4_ts", AnomalySink.IGNORE)).containsExactly("68/12");
    assertThat(walk("v4_lsrr", AnomalySink.IGNORE)).containsExactly("131/11", "0/1");
    assertThat(walk("v4_ssrr", AnomalySink.IGNORE)).containsExactly("137/7", "0/1");
    assertThat(walk("v4_router_alert", AnomalySink.IGNORE)).containsExactly("148/4");
    assertThat(walk("v4_nop_eol", AnomalySink.IGNORE)).containsExactly("1/1", "1/1", "1/1", "0/1");
    assertThat(walk("v4_echo", AnomalySink.IGNORE)).isEmpty();
  }

  @Test
  void row9LengthZeroOrOneStopsTheWalk() {
    for (String opt : new String[] {"07000000", "07010000", "44000000", "99010000"}) {
      AnomalySink.Collector c = flags(opt);
      assertThat(c.anomalies()).as(opt).containsExactly(Anomaly.IPV4_OPT_INVALID_LEN);
    }
    // and the cursor stops rather than looping on the zero-length option
    Ipv4OptionWalk w = new Ipv4OptionWalk().reset(withOptions("01070000"), 20, 24, AnomalySink.IGNORE);
    assertThat(w.next()).isTrue();
    assertThat(w.type()).isEqualTo(1);
    assertThat(w.next()).isFalse();
    assertThat(w.stoppedMalformed()).isTrue();
  }

  @Test
  void row10OptionPastHeaderEnd() {
    assertThat(flags("07280400").anomalies()).containsExactly(Anomaly.IPV4_OPT_MALFORMED); // RR len 40 in 4 bytes
    assertThat(flags("01010183").anomalies()).containsExactly(Anomaly.IPV4_OPT_MALFORMED); // type, no length byte
    assertThat(flags("94050000").anomalies()).containsExactly(Anomaly.IPV4_OPT_MALFORMED);
  }

  @Test
  void row11PointerRule() {
    // RR length 7, pointer 5: (7 + 1 - 5) % 4 = 3
    assertThat(flags("07070500000000 00").anomalies())
        .containsExactlyInAnyOrder(Anomaly.IPV4_OPT_POINTER, Anomaly.ICMP_OPT_POINTER_ATTACK);
    // RR pointer below 4
    assertThat(flags("07070300000000 00").anomalies()).containsExactly(Anomaly.IPV4_OPT_POINTER);
    // RR pointer past len + 1
    assertThat(flags("07070c00000000 00").anomalies()).containsExactly(Anomaly.IPV4_OPT_POINTER);
    // RR full (pointer = len + 1) is fine
    assertThat(flags("07070800000000 00").anomalies()).isEmpty();
    // TS with addresses (flag 1): len 12, pointer 9 is mid-entry: (13 - 9) % 8 = 4
    assertThat(flags("440c0901 0a010101 00003039").anomalies())
        .containsExactlyInAnyOrder(Anomaly.IPV4_OPT_POINTER, Anomaly.ICMP_OPT_POINTER_ATTACK);
    // TS timestamps only (flag 0): len 12, pointer 9: (13 - 9) % 4 = 0, fine
    assertThat(flags("440c0900 00000001 00000000").anomalies()).isEmpty();
  }

  @Test
  void walkIsBoundedOnAllNops() {
    Ipv4OptionWalk w = new Ipv4OptionWalk().reset(withOptions("01".repeat(40)), 20, 60, AnomalySink.IGNORE);
    int n = 0;
    while (w.next()) {
      n++;
    }
    assertThat(n).isEqualTo(40);
  }
}
