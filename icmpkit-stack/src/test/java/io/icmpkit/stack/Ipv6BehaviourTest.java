package io.icmpkit.stack;

import static io.icmpkit.stack.TestNet.octets;
import static io.icmpkit.stack.TestNet.vec;
import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.StackCounters.Counter;
import io.icmpkit.stack.TestNet.Emitted;
import io.icmpkit.stack.iface.Reassembler;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.ext.InterfaceInformation;
import io.icmpkit.wire.ext.MplsLabelStack;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Message.DestinationUnreachable;
import io.icmpkit.wire.icmpv6.Icmpv6Message.EchoReply;
import io.icmpkit.wire.icmpv6.Icmpv6Message.PacketTooBig;
import io.icmpkit.wire.icmpv6.Icmpv6Message.ParameterProblem;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Redirect;
import io.icmpkit.wire.icmpv6.Icmpv6Message.TimeExceeded;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv6BehaviourTest {
  private final TestNet net = TestNet.standard();

  private static Emitted only(List<Emitted> out) {
    assertThat(out).hasSize(1);
    return out.getFirst();
  }

  @Test
  void echoReplyCopiesTheDataWhole() {
    Emitted e = only(net.fromH1("echo6_r1"));
    assertThat(e.ip6().source().getHostAddress()).isEqualTo("2001:db8:1:0:0:0:0:1");
    assertThat(e.ip6().hopLimit()).isEqualTo(64);
    assertThat(Octets.copyOf(e.ip6().upperLayerPayload())).isEqualTo(Octets.of(vec("echo6_r1_reply_icmp")));
    assertThat(net.r1.counters().get("Icmp6InType128")).isEqualTo(1);
    assertThat(net.r1.counters().get("Icmp6OutType129")).isEqualTo(1);
  }

  @Test
  void echoThroughTheRouters() {
    EchoReply r = (EchoReply) only(net.fromH1("echo6_h3")).icmp6();
    assertThat(r.data()).isEqualTo(Octets.of("y".repeat(100).getBytes()));
  }

  @Test
  void fragmentedEchoIsReassembledAndTheReplyFragmented() {
    assertThat(net.fromH1("echo6_big_0")).isEmpty();
    List<Emitted> out = net.fromH1("echo6_big_1");
    assertThat(out).hasSize(2);
    Reassembler r = new Reassembler(new StackCounters(), 1, 1, 1 << 20, 1 << 21);
    byte[] whole = null;
    for (Emitted e : out) {
      assertThat(e.packet().length).isLessThanOrEqualTo(1500);
      whole = r.offerV6(MemorySegment.ofArray(e.packet()), 40, 6, null, 0);
    }
    assertThat(whole).isNotNull();
    MemorySegment s = MemorySegment.ofArray(whole);
    assertThat(Bytes.u8(s, 6)).isEqualTo(58);
    assertThat(Bytes.u8(s, 40)).isEqualTo(129);
    assertThat(whole.length).isEqualTo(40 + 8 + 2000);
  }

  @Test
  void portUnreachableCode4() {
    DestinationUnreachable d = (DestinationUnreachable) only(net.fromH1("udp6_closed")).icmp6();
    assertThat(d.code()).isEqualTo(4);
    assertThat(d.originalDatagram()).isEqualTo(Octets.of(vec("udp6_closed")));
  }

  @Test
  void noRoute() {
    DestinationUnreachable d = (DestinationUnreachable) only(net.fromH1("noroute6")).icmp6();
    assertThat(d.code()).isZero();
  }

  @Test
  void timeExceededQuotesUpTo1280BytesUnchanged() {
    Emitted e = only(net.fromH1("hlim1_big"));
    assertThat(e.packet().length).isEqualTo(1280);
    TimeExceeded t = (TimeExceeded) e.icmp6();
    assertThat(t.code()).isZero();
    assertThat(t.originalDatagram()).isEqualTo(octets(vec("hlim1_big"), 0, 1280 - 48));
  }

  @Test
  void timeExceededWithMplsAndInterfaceInformation() {
    StackConfig ext = StackConfig.builder().rateLimit(RateLimitConfig.OFF).rfc4884(true).interfaceInformation(true)
        .build();
    TestNet t = TestNet.standard(StackConfig.DEFAULTS, ext, 3);
    TimeExceeded te = (TimeExceeded) only(t.fromH1("hlim2")).icmp6();
    assertThat(te.originalDatagram().length()).isEqualTo(128);
    assertThat(te.extensions().objects()).hasSize(2);
    assertThat(((MplsLabelStack) te.extensions().objects().get(0)).entries().getFirst().label()).isEqualTo(16001);
    InterfaceInformation ii = (InterfaceInformation) te.extensions().objects().get(1);
    assertThat(ii.address().getHostAddress()).isEqualTo("2001:db8:2:0:0:0:0:2");
    assertThat(ii.name()).isEqualTo("eth0");
  }

  @Test
  void packetTooBigCarriesTheMtu() {
    PacketTooBig p = (PacketTooBig) only(net.fromH1("ptb")).icmp6();
    assertThat(p.mtu()).isEqualTo(1400);
    assertThat(p.originalDatagram()).isEqualTo(octets(vec("ptb"), 0, 1232));
  }

  @Test
  void unrecognisedNextHeaderPointsAtTheField() {
    ParameterProblem p = (ParameterProblem) only(net.fromH1("nh253")).icmp6();
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.pointer()).isEqualTo(6);
  }

  @ParameterizedTest
  @CsvSource({"opt_00, port", "opt_01, none", "opt_10, problem", "opt_11, problem", "opt_10_mcast, problem",
      "opt_11_mcast, none"})
  void optionActionBits(String vector, String expected) {
    List<Emitted> out = net.fromH1(vector);
    switch (expected) {
      case "none" -> assertThat(out).isEmpty();
      case "port" -> assertThat(((DestinationUnreachable) only(out).icmp6()).code()).isEqualTo(4);
      default -> {
        ParameterProblem p = (ParameterProblem) only(out).icmp6();
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.pointer()).isEqualTo(42);
      }
    }
  }

  @Test
  void hopByHopIsExaminedByARouterInTransit() {
    ParameterProblem p = (ParameterProblem) only(net.fromH1("hbh_10_fwd")).icmp6();
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.pointer()).isEqualTo(42);
    assertThat(only(List.of(net.all.getLast())).ip6().source().getHostAddress()).isEqualTo("2001:db8:1:0:0:0:0:1");
  }

  @Test
  void routingHeaderTypeZeroWithSegmentsLeft() {
    ParameterProblem p = (ParameterProblem) only(net.fromH1("rh0")).icmp6();
    assertThat(p.code()).isZero();
    assertThat(p.pointer()).isEqualTo(42);
  }

  @Test
  void fragmentRulesOfRfc8200() {
    ParameterProblem len = (ParameterProblem) only(net.fromH1("frag6_badlen")).icmp6();
    assertThat(len.pointer()).isEqualTo(4);
    ParameterProblem big = (ParameterProblem) only(net.fromH1("frag6_oversize")).icmp6();
    assertThat(big.pointer()).isEqualTo(42);
    assertThat(net.r1.counters().get(Counter.IP_REASM_OVERSIZE)).isEqualTo(1);
    assertThat(net.r1.reassemblyQueues()).isZero();
  }

  @Test
  void reassemblyTimeoutSendsTimeExceededCode1() {
    assertThat(net.fromH1("frag6_first")).isEmpty();
    assertThat(net.advance(59_000_000_000L)).isEmpty();
    TimeExceeded t = (TimeExceeded) only(net.advance(1_000_000_000L)).icmp6();
    assertThat(t.code()).isEqualTo(1);
    assertThat(t.originalDatagram()).isEqualTo(octets(vec("frag6_first"), 0, 1232));
  }

  @Test
  void neverRules() {
    assertThat(net.fromH1("udp6_mcast")).isEmpty();
    assertThat(net.fromH1("err6_hlim1")).isEmpty();
    assertThat(net.r1.counters().get(Counter.ICMP6_OUT_SUPPRESSED)).isEqualTo(2);
    assertThat(net.r1.counters().get(Counter.ICMP6_OUT_MSGS)).isZero();
  }

  @Test
  void redirectFromTheLinkLocalAddress() {
    List<Emitted> out = net.fromH1("redirect6");
    assertThat(out).hasSize(2);
    Emitted r = out.stream().filter(e -> e.ip6().nextHeader() == 58).findFirst().orElseThrow();
    assertThat(r.ip6().hopLimit()).isEqualTo(255);
    assertThat(r.ip6().source().getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:1");
    Redirect m = (Redirect) r.icmp6();
    assertThat(m.target().getHostAddress()).isEqualTo("2001:db8:1:0:0:0:0:3");
    assertThat(m.destination().getHostAddress()).isEqualTo("2001:db8:5:0:0:0:0:9");
  }
}
