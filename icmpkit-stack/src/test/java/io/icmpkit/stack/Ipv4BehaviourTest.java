package io.icmpkit.stack;

import static io.icmpkit.stack.TestNet.octets;
import static io.icmpkit.stack.TestNet.vec;
import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.TestNet.Emitted;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.ext.ExtensionObject;
import io.icmpkit.wire.ext.InterfaceInformation;
import io.icmpkit.wire.ext.MplsLabelStack;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Message.AddressMaskReply;
import io.icmpkit.wire.icmpv4.Icmpv4Message.DestinationUnreachable;
import io.icmpkit.wire.icmpv4.Icmpv4Message.EchoReply;
import io.icmpkit.wire.icmpv4.Icmpv4Message.ExtendedEchoReply;
import io.icmpkit.wire.icmpv4.Icmpv4Message.ParameterProblem;
import io.icmpkit.wire.icmpv4.Icmpv4Message.Redirect;
import io.icmpkit.wire.icmpv4.Icmpv4Message.TimeExceeded;
import io.icmpkit.wire.icmpv4.Icmpv4Message.TimestampReply;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.stack.iface.Reassembler;
import io.icmpkit.stack.StackCounters.Counter;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4BehaviourTest {
  private final TestNet net = TestNet.standard();

  private static Emitted only(List<Emitted> out) {
    assertThat(out).hasSize(1);
    return out.getFirst();
  }

  @Test
  void echoReplyCopiesTheDataWhole() {
    Emitted e = only(net.fromH1("echo_r1"));
    Ipv4Packet ip = e.ip4();
    assertThat(ip.source().getHostAddress()).isEqualTo("10.0.1.1");
    assertThat(ip.destination().getHostAddress()).isEqualTo("10.0.1.2");
    assertThat(ip.verifyChecksum()).isTrue();
    assertThat(ip.ttl()).isEqualTo(64);
    assertThat(Octets.copyOf(ip.payload())).isEqualTo(Octets.of(vec("echo_r1_reply_icmp")));
    assertThat(e.egress().name()).isEqualTo("eth0");
    assertThat(e.nextHop().getHostAddress()).isEqualTo("10.0.1.2");
    assertThat(net.r1.counters().get("IcmpMsgInType8")).isEqualTo(1);
    assertThat(net.r1.counters().get("IcmpMsgOutType0")).isEqualTo(1);
  }

  @Test
  void echoThroughTwoRoutersComesBackFromTheHost() {
    Emitted e = only(net.fromH1("echo_h3"));
    assertThat(e.ip4().source().getHostAddress()).isEqualTo("10.0.3.2");
    assertThat(e.ip4().ttl()).isEqualTo(62); // 64 at h3, decremented by r2 and r1
    EchoReply r = (EchoReply) e.icmp4();
    assertThat(r.identifier()).isEqualTo(0x77);
    assertThat(r.data()).isEqualTo(Octets.of("x".repeat(100).getBytes()));
    assertThat(net.r1.counters().get(Counter.IP_FORW_DATAGRAMS)).isEqualTo(2);
  }

  @Test
  void fragmentedEchoIsReassembledAndTheReplyFragmentedOnTheWayBack() {
    assertThat(net.fromH1("echo_big_0")).isEmpty();
    assertThat(net.fromH1("echo_big_1")).isEmpty();
    List<Emitted> out = net.fromH1("echo_big_2");
    assertThat(out).hasSizeGreaterThan(1);
    for (Emitted e : out) {
      assertThat(e.packet().length).isLessThanOrEqualTo(1500);
      assertThat(e.ip4().verifyChecksum()).isTrue();
    }
    // reassemble what H1 receives with a reassembler of its own
    Reassembler r = new Reassembler(new StackCounters(), 1, 1, 1 << 20, 1 << 21);
    byte[] whole = null;
    for (Emitted e : out) {
      whole = r.offerV4(MemorySegment.ofArray(e.packet()), null, 0);
    }
    assertThat(whole).isNotNull();
    Ipv4Packet ip = Ipv4Packet.checked(MemorySegment.ofArray(whole));
    EchoReply reply = (EchoReply) Icmpv4Message.parse(
        io.icmpkit.wire.icmpv4.Icmpv4Packet.checked(ip.payload()), io.icmpkit.wire.ChecksumPolicy.VERIFY);
    byte[] data = new byte[256 * 12];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    assertThat(reply.data()).isEqualTo(Octets.of(data));
    assertThat(net.h3.counters().get(Counter.IP_REASM_OKS)).isEqualTo(1);
  }

  @Test
  void broadcastEchoIsIgnored() {
    assertThat(net.fromH1("echo_bcast")).isEmpty();
  }

  @Test
  void timestampReply() {
    net.now = 3_600_000_000_000L + 1_000_000_000L * 86_400; // one day and an hour after the epoch
    TimestampReply r = (TimestampReply) only(net.fromH1("timestamp")).icmp4();
    assertThat(r.identifier()).isEqualTo(7);
    assertThat(r.sequence()).isEqualTo(8);
    assertThat(r.originate()).isEqualTo(1000);
    assertThat(r.receive()).isEqualTo(3_600_000);
    assertThat(r.transmit()).isEqualTo(3_600_000);
  }

  @Test
  void addressMaskReplyOnlyWhenConfigured() {
    assertThat(net.fromH1("addrmask")).isEmpty();
    TestNet on = TestNet.standard(StackConfig.builder().addressMaskReply(true).build(), StackConfig.DEFAULTS, 1);
    AddressMaskReply r = (AddressMaskReply) only(on.fromH1("addrmask")).icmp4();
    assertThat(r.mask().getHostAddress()).isEqualTo("255.255.255.0");
    assertThat(r.sequence()).isEqualTo(9);
  }

  @Test
  void informationRequestAndSourceQuenchGetNoAnswer() {
    assertThat(net.fromH1("info_request")).isEmpty();
    assertThat(net.fromH1("source_quench")).isEmpty();
    assertThat(net.r1.counters().get("IcmpMsgInType4")).isEqualTo(1);
    assertThat(net.r1.counters().get(Counter.ICMP_OUT_MSGS)).isZero();
  }

  @Test
  void extendedEchoIsOffByDefault() {
    assertThat(net.fromH1("xecho_name")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"xecho_name, 0, 7", "xecho_index, 0, 8", "xecho_missing, 2, 9", "xecho_noext, 1, 10"})
  void extendedEchoWhenEnabled(String vector, int code, int seq) {
    TestNet on = TestNet.standard(StackConfig.builder().extendedEcho(true).build(), StackConfig.DEFAULTS, 1);
    Emitted e = only(on.fromH1(vector));
    ExtendedEchoReply r = (ExtendedEchoReply) e.icmp4();
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.identifier()).isEqualTo(0x1234);
    assertThat(r.sequence()).isEqualTo(seq);
    if (code == 0) {
      assertThat(r.active()).isTrue();
      assertThat(r.ipv4()).isTrue();
      assertThat(r.ipv6()).isEqualTo(vector.equals("xecho_name"));
    }
  }

  private DestinationUnreachable unreachable(String vector, String from) {
    Emitted e = only(net.fromH1(vector));
    assertThat(e.ip4().source().getHostAddress()).isEqualTo(from);
    assertThat(e.ip4().destination().getHostAddress()).isEqualTo("10.0.1.2");
    return (DestinationUnreachable) e.icmp4();
  }

  @Test
  void portUnreachableQuotesTheWholeDatagramUnchanged() {
    DestinationUnreachable d = unreachable("udp_r1_closed", "10.0.1.1");
    assertThat(d.code()).isEqualTo(3);
    assertThat(d.originalDatagram()).isEqualTo(Octets.of(vec("udp_r1_closed")));
    assertThat(net.r1.counters().get(Counter.UDP_NO_PORTS)).isEqualTo(1);
  }

  @Test
  void badUdpChecksumIsDroppedBeforeThePortLookup() {
    assertThat(net.fromH1("udp_r1_badsum")).isEmpty();
    assertThat(net.r1.counters().get(Counter.UDP_IN_CSUM_ERRORS)).isEqualTo(1);
  }

  @Test
  void openPortIsDeliveredClosedPortAnswersFromTheHost() {
    assertThat(net.fromH1("udp_h3_open")).isEmpty();
    assertThat(net.h3.counters().get(Counter.UDP_IN_DATAGRAMS)).isEqualTo(1);
    DestinationUnreachable d = unreachable("udp_h3_closed", "10.0.3.2");
    assertThat(d.code()).isEqualTo(3);
    assertThat(d.quoted().sourcePort()).isEqualTo(40000);
  }

  @Test
  void protocolUnreachable() {
    assertThat(unreachable("proto_r1", "10.0.1.1").code()).isEqualTo(2);
  }

  @Test
  void tcpToAClosedPortGetsReset() {
    Emitted e = only(net.fromH1("tcp_r1_syn"));
    assertThat(e.ip4().protocol()).isEqualTo(6);
    MemorySegment tcp = e.ip4().payload();
    assertThat(io.icmpkit.wire.Bytes.u8(tcp, 13)).isEqualTo(0x14); // RST+ACK
    assertThat(io.icmpkit.wire.Bytes.u32(tcp, 8)).isEqualTo(1001);
  }

  @ParameterizedTest
  @CsvSource({"net_unreach, 0", "host_unreach, 1", "prohibit_route, 13", "filtered, 13", "lsrr, 5"})
  void unreachableCodes(String vector, int code) {
    DestinationUnreachable d = unreachable(vector, "10.0.1.1");
    assertThat(d.code()).isEqualTo(code);
    assertThat(d.originalDatagram()).isEqualTo(Octets.of(vec(vector)));
  }

  @Test
  void fragmentationNeededCarriesTheNextHopMtu() {
    DestinationUnreachable d = unreachable("df_big", "10.0.1.1");
    assertThat(d.code()).isEqualTo(4);
    assertThat(d.nextHopMtu()).isEqualTo(1400);
    // quoted up to 576 bytes in all, unchanged
    assertThat(d.originalDatagram()).isEqualTo(octets(vec("df_big"), 0, 576 - 28));
  }

  @Test
  void withoutDfTheRouterFragments() {
    List<Emitted> out = net.fromH1("nodf_big");
    assertThat(out).isEmpty(); // UDP 53 is open on h3
    List<Emitted> onLink = net.all.stream().filter(e -> e.node() == net.r1 && e.egress().name().equals("eth1")).toList();
    assertThat(onLink).hasSize(2);
    for (Emitted e : onLink) {
      assertThat(e.packet().length).isLessThanOrEqualTo(1400);
      assertThat(e.ip4().verifyChecksum()).isTrue();
      assertThat(e.ip4().ttl()).isEqualTo(63);
    }
    assertThat(net.h3.counters().get(Counter.UDP_IN_DATAGRAMS)).isEqualTo(1);
  }

  @Test
  void forwardingDecrementsTtlAndUpdatesTheChecksum() {
    net.fromH1("fwd_in");
    Emitted e = net.all.stream().filter(x -> x.node() == net.r1).findFirst().orElseThrow();
    assertThat(e.packet()).isEqualTo(vec("fwd_out"));
    assertThat(e.nextHop().getHostAddress()).isEqualTo("10.0.2.2");
  }

  @Test
  void timeExceededQuotesUpTo576BytesUnchanged() {
    Emitted e = only(net.fromH1("ttl1_big"));
    assertThat(e.packet().length).isEqualTo(576);
    TimeExceeded t = (TimeExceeded) e.icmp4();
    assertThat(t.code()).isZero();
    assertThat(t.extensions()).isNull();
    assertThat(t.originalDatagram()).isEqualTo(octets(vec("ttl1_big"), 0, 548));
    assertThat(e.ip4().source().getHostAddress()).isEqualTo("10.0.1.1");
    assertThat(e.ip4().typeOfService() & 0xE0).isEqualTo(0xC0);
  }

  @Test
  void mplsRouterQuotesLabelsAndInterfaceInformation() {
    StackConfig ext = StackConfig.builder().rateLimit(RateLimitConfig.OFF).rfc4884(true).interfaceInformation(true)
        .build();
    TestNet t = TestNet.standard(StackConfig.DEFAULTS, ext, 3);
    Emitted e = only(t.fromH1("ttl2"));
    assertThat(e.ip4().source().getHostAddress()).isEqualTo("10.0.2.2");
    TimeExceeded te = (TimeExceeded) e.icmp4();
    // RFC 4884: the original datagram is padded to 128 bytes; the quote itself is unchanged
    assertThat(te.originalDatagram().length()).isEqualTo(128);
    // the quote is the datagram exactly as r2 received it (r1 had decremented the TTL), zero padded
    byte[] received = t.all.stream().filter(x -> x.node() == t.r1).findFirst().orElseThrow().packet();
    assertThat(received[8]).isEqualTo((byte) 1);
    byte[] padded = java.util.Arrays.copyOf(received, 128);
    assertThat(te.originalDatagram()).isEqualTo(Octets.of(padded));
    List<ExtensionObject> objects = te.extensions().objects();
    assertThat(objects).hasSize(2);
    MplsLabelStack mpls = (MplsLabelStack) objects.get(0);
    assertThat(mpls.entries()).containsExactly(new MplsLabelStack.Entry(16001, 0, true, 1));
    InterfaceInformation ii = (InterfaceInformation) objects.get(1);
    assertThat(ii.role()).isEqualTo(InterfaceInformation.ROLE_INCOMING);
    assertThat(ii.ifIndex()).isEqualTo(1L);
    assertThat(ii.name()).isEqualTo("eth0");
    assertThat(ii.mtu()).isEqualTo(1400L);
    assertThat(ii.address().getHostAddress()).isEqualTo("10.0.2.2");
  }

  @Test
  void parameterProblemPointsAtTheBadOptionLength() {
    Emitted e = only(net.fromH1("badopt"));
    ParameterProblem p = (ParameterProblem) e.icmp4();
    assertThat(p.code()).isZero();
    assertThat(p.pointer()).isEqualTo(21);
  }

  @Test
  void redirectToABetterGatewayOnTheSameLinkAndStillForwards() {
    List<Emitted> out = net.fromH1("redirect");
    assertThat(out).hasSize(2);
    Redirect r = (Redirect) out.stream().filter(Emitted::isIcmp4).findFirst().orElseThrow().icmp4();
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.gateway().getHostAddress()).isEqualTo("10.0.1.3");
    Emitted fwd = out.stream().filter(e -> !e.isIcmp4()).findFirst().orElseThrow();
    assertThat(fwd.nextHop().getHostAddress()).isEqualTo("10.0.1.3");
    TestNet off = TestNet.standard(StackConfig.builder().redirects(false).build(), StackConfig.DEFAULTS, 1);
    assertThat(off.fromH1("redirect")).hasSize(1);
  }

  @Test
  void ecmpSpreadsFlowsAndKeepsEachFlowOnOnePath() {
    Set<String> used = new HashSet<>();
    for (int p = 0; p < 16; p++) {
      int before = net.all.size();
      net.fromH1("ecmp_" + p);
      Emitted first = net.all.get(before);
      before = net.all.size();
      net.fromH1("ecmp_" + p);
      Emitted second = net.all.get(before);
      assertThat(first.node()).isSameAs(net.r1);
      assertThat(second.egress()).isSameAs(first.egress());
      used.add(first.egress().name());
    }
    assertThat(used).contains("eth1", "eth2");
  }
}
