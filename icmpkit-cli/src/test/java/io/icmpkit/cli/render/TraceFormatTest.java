package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icmpkit.engine.trace.Hop;
import io.icmpkit.engine.trace.MtuChange;
import io.icmpkit.engine.trace.PathMtuEvent;
import io.icmpkit.engine.trace.PathMtuResult;
import io.icmpkit.engine.trace.ProbeMethod;
import io.icmpkit.engine.trace.ProbeReply;
import io.icmpkit.engine.trace.ProbeReply.Kind;
import io.icmpkit.engine.trace.TraceResult;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.MplsLabelStack;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines of traceroute 2.1.2 and tracepath 20221126 built from hand-made results (the kernel side
 * is compared with the real tools in TraceSideBySideTest): the address printed only when it
 * changes, stars, annotations, F=, '-N', MPLS, names; tracepath's columns; the JSON document.
 */
class TraceFormatTest {
  static InetAddress a(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  static ProbeReply te(int ttl, int i, String from, double ms) throws Exception {
    return new ProbeReply(ttl, i, Kind.TIME_EXCEEDED, a(from), (long) (ms * 1e6), 64, 11, 0, 0,
        null);
  }

  static ProbeReply star(int ttl, int i) {
    return new ProbeReply(ttl, i, Kind.TIMEOUT, null, -1, -1, -1, -1, 0, null);
  }

  @Test
  void header() throws Exception {
    assertThat(TraceFormat.tracerouteHeader("h.example", a("2001:db8:0:0::7"), 30, 80))
        .isEqualTo("traceroute to h.example (2001:db8::7), 30 hops max, 80 byte packets");
  }

  @Test
  void addressOnlyWhenItChanges() throws Exception {
    Hop h = new Hop(3, List.of(te(3, 0, "10.0.0.1", 0.5), te(3, 1, "10.0.0.1", 0.25),
        te(3, 2, "10.0.0.2", 1.5)));
    assertThat(TraceFormat.tracerouteHop(h, null, false, false))
        .isEqualTo(" 3  10.0.0.1  0.500 ms  0.250 ms 10.0.0.2  1.500 ms");
  }

  @Test
  void starsAndTheAddressAfterThem() throws Exception {
    Hop h = new Hop(12, List.of(star(12, 0), te(12, 1, "10.0.0.1", 0.023), star(12, 2)));
    assertThat(TraceFormat.tracerouteHop(h, null, false, false))
        .isEqualTo("12  * 10.0.0.1  0.023 ms *");
    assertThat(TraceFormat.tracerouteHop(new Hop(4, List.of(star(4, 0), star(4, 1), star(4, 2))),
        null, false, false)).isEqualTo(" 4  * * *");
  }

  @Test
  void namesFlagsMtuAndBack() throws Exception {
    ProbeReply unreachable = new ProbeReply(2, 0, Kind.UNREACHABLE, a("10.0.0.1"), 46_000, 63, 3,
        1, 0, null);
    ProbeReply mtu = new ProbeReply(2, 1, Kind.TIME_EXCEEDED, a("10.0.0.1"), 40_000, 61, 11, 0,
        1500, null);
    Hop h = new Hop(2, List.of(unreachable, mtu));
    assertThat(TraceFormat.tracerouteHop(h, x -> "gw.example", false, true)).isEqualTo(
        " 2  gw.example (10.0.0.1)  0.046 ms !H gw.example (10.0.0.1) '-4'  0.040 ms F=1500");
  }

  @Test
  void mplsExtensions() throws Exception {
    IcmpExtensions ext = IcmpExtensions.of(MplsLabelStack.of(
        new MplsLabelStack.Entry(16004, 0, false, 254), new MplsLabelStack.Entry(24, 3, true, 1)));
    ProbeReply p = new ProbeReply(5, 0, Kind.TIME_EXCEEDED, a("10.0.0.5"), 1_000_000, 60, 11, 0, 0,
        ext);
    assertThat(TraceFormat.tracerouteHop(new Hop(5, List.of(p)), null, true, false)).isEqualTo(
        " 5  10.0.0.5 <MPLS:L=16004,E=0,S=0,T=254/L=24,E=3,S=1,T=1>  1.000 ms");
    assertThat(TraceFormat.tracerouteHop(new Hop(5, List.of(p)), null, false, false))
        .isEqualTo(" 5  10.0.0.5  1.000 ms");
  }

  @Test
  void tracepathLines() throws Exception {
    assertThat(TraceFormat.tracepathLine(new PathMtuEvent.LocalMtu(1, 1500, -1), null, false))
        .isEqualTo(" 1?: [LOCALHOST]                      pmtu 1500");
    var hop = new PathMtuEvent.Reply(1, 1, a("10.77.1.2"), 48_000, 64,
        PathMtuEvent.Outcome.HOP, 0);
    assertThat(TraceFormat.tracepathLine(hop, null, false)).isEqualTo(
        " 1:  10.77.1.2" + " ".repeat(43) + "  0.048ms ");
    var asym = new PathMtuEvent.Reply(3, 3, a("10.77.1.2"), 1_234_567, 63,
        PathMtuEvent.Outcome.HOP, 0);
    assertThat(TraceFormat.tracepathLine(asym, x -> null, true)).isEqualTo(
        " 3:  ??? (10.77.1.2)" + " ".repeat(37) + "  1.234ms asymm  2 ");
    var reached = new PathMtuEvent.Reply(4, -1, a("10.77.3.2"), -1, 61,
        PathMtuEvent.Outcome.REACHED, 0);
    assertThat(TraceFormat.tracepathLine(reached, null, false)).isEqualTo(
        " 4?: 10.77.3.2" + " ".repeat(43) + "reached");
    assertThat(TraceFormat.tracepathLine(new PathMtuEvent.NoReply(7), null, false))
        .isEqualTo(" 7:  no reply");
    assertThat(TraceFormat.tracepathEnd(new PathMtuResult(1400, 3, 3, true, false)))
        .isEqualTo("     Resume: pmtu 1400 hops 3 back 3 ");
    assertThat(TraceFormat.tracepathEnd(new PathMtuResult(1500, -1, -1, false, true)))
        .isEqualTo("     Too many hops: pmtu 1500\n     Resume: pmtu 1500 ");
  }

  @Test
  void json() throws Exception {
    ProbeReply reached = new ProbeReply(2, 0, Kind.REACHED, a("192.0.2.9"), 1_500_000, 63, 3, 3, 0,
        IcmpExtensions.of(MplsLabelStack.of(new MplsLabelStack.Entry(100, 0, true, 1))));
    TraceResult r = new TraceResult(a("192.0.2.9"), ProbeMethod.UDP_PARIS, false,
        List.of(new Hop(1, List.of(star(1, 0))), new Hop(2, List.of(reached))), 1400,
        List.of(new MtuChange(1400, a("198.51.100.1"))));
    StringWriter out = new StringWriter();
    TraceJson.write(out, "dst.example", r, 30);
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertThat(j.get("type").asText()).isEqualTo("traceroute");
    assertThat(j.get("method").asText()).isEqualTo("udp_paris");
    assertThat(j.get("reached").asBoolean()).isTrue();
    assertThat(j.get("mtu_changes").get(0).get("reporter").asText()).isEqualTo("198.51.100.1");
    assertThat(j.get("hops").get(0).get("probes").get(0).get("responder").isNull()).isTrue();
    JsonNode p = j.get("hops").get(1).get("probes").get(0);
    assertThat(p.get("kind").asText()).isEqualTo("reached");
    assertThat(p.get("rtt_ms").asDouble()).isEqualTo(1.5);
    assertThat(p.get("extensions").get(0).get("mpls").get(0).get("label").asInt()).isEqualTo(100);
    assertThat(out.toString()).endsWith("}\n");
  }
}
