package io.icmpkit.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.TestNet.Emitted;
import io.icmpkit.stack.iface.Membership;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.igmp.IgmpMessage;
import io.icmpkit.wire.igmp.IgmpPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

class MulticastTest {
  private final TestNet net = TestNet.querying();

  private static List<String> names(List<Membership> ms) {
    return ms.stream().map(m -> m.iface() + " " + m.group().getHostAddress() + (m.local() ? " local" : "")).toList();
  }

  private static IgmpMessage igmp(Emitted e) {
    return IgmpMessage.parse(IgmpPacket.checked(e.ip4().payload()), ChecksumPolicy.VERIFY);
  }

  @Test
  void routerSendsGeneralQueriesOnEveryInterface() {
    List<Emitted> out = net.advance(1);
    List<Emitted> v4 = out.stream().filter(e -> e.version() == 4).toList();
    assertThat(v4).hasSize(2); // eth0 and eth2 face no link in the test net (eth1's query went to r2)
    Emitted q = v4.getFirst();
    assertThat(q.ip4().ttl()).isEqualTo(1);
    assertThat(q.ip4().destination().getHostAddress()).isEqualTo("224.0.0.1");
    assertThat(q.ip4().headerLength()).isEqualTo(24); // Router Alert (RFC 2113)
    IgmpMessage.MembershipQuery m = (IgmpMessage.MembershipQuery) igmp(q);
    assertThat(m.isGeneral()).isTrue();
    assertThat(m.version()).isEqualTo(3);
    Emitted mld = out.stream().filter(e -> e.version() == 6).findFirst().orElseThrow();
    assertThat(mld.ip6().hopLimit()).isEqualTo(1);
    assertThat(mld.ip6().source().getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:1");
    assertThat(mld.icmp6()).isInstanceOf(Icmpv6Message.Mldv2Query.class);
    // startup: the next query a quarter of the interval later (RFC 3376 8.7), then every 125 s
    assertThat(net.advance(31_000_000_000L)).isEmpty();
    assertThat(net.advance(250_000_000L)).isNotEmpty();
  }

  @Test
  void reportsAreLearnedAndLeavesTriggerGroupSpecificQueries() {
    net.fromH1("igmp3_join");
    net.fromH1("igmp2_report");
    net.fromH1("mld2_join");
    assertThat(names(net.r1.groups())).containsExactlyInAnyOrder("eth0 239.1.2.3", "eth0 239.1.2.4",
        "eth0 ff05:0:0:0:0:0:1:3");
    List<Emitted> gsq = net.fromH1("igmp2_leave");
    assertThat(gsq).hasSize(1);
    IgmpMessage.MembershipQuery q = (IgmpMessage.MembershipQuery) igmp(gsq.getFirst());
    assertThat(q.group().getHostAddress()).isEqualTo("239.1.2.4");
    assertThat(gsq.getFirst().ip4().destination().getHostAddress()).isEqualTo("239.1.2.4");
    List<Emitted> gsq6 = net.fromH1("mld_done");
    assertThat(gsq6).hasSize(1);
    assertThat(((Icmpv6Message.Mldv2Query) gsq6.getFirst().icmp6()).multicastAddress().getHostAddress())
        .isEqualTo("ff05:0:0:0:0:0:1:3");
    net.fromH1("igmp3_leave");
    net.advance(2_100_000_000L);
    assertThat(names(net.r1.groups())).isEmpty();
  }

  @Test
  void membershipExpiresWithoutReports() {
    net.fromH1("igmp3_join");
    net.advance(259_000_000_000L);
    assertThat(names(net.r1.groups())).containsExactly("eth0 239.1.2.3");
    net.advance(2_000_000_000L);
    assertThat(net.r1.groups()).isEmpty();
  }

  @Test
  void hostJoinsIsLearnedByTheRouterAndAnswersQueries() {
    net.h3.joinGroup("eth0", "239.9.9.9", net.transmit(net.h3));
    net.h3.joinGroup("eth0", "ff05::9", net.transmit(net.h3));
    net.run();
    assertThat(names(net.h3.groups())).containsExactlyInAnyOrder("eth0 239.9.9.9 local", "eth0 ff05:0:0:0:0:0:0:9 local");
    assertThat(names(net.r2.groups(net.now))).containsExactlyInAnyOrder("eth1 239.9.9.9", "eth1 ff05:0:0:0:0:0:0:9");
    // queries keep the membership alive long after the first report (the host answers them)
    for (int i = 0; i < 40; i++) {
      net.advance(10_000_000_000L);
    }
    assertThat(names(net.r2.groups())).contains("eth1 239.9.9.9", "eth1 ff05:0:0:0:0:0:0:9");
    net.h3.leaveGroup("eth0", "239.9.9.9", net.transmit(net.h3));
    net.run();
    net.advance(2_100_000_000L);
    assertThat(names(net.r2.groups())).containsExactly("eth1 ff05:0:0:0:0:0:0:9");
  }

  @Test
  void aLowerQuerierSilencesOurs() {
    // RFC 3376 6.6.2: the querier with the lowest address wins; the other stays quiet for the
    // other querier present interval (2 x 125 s + 5 s)
    TestNet t = new TestNet();
    StackConfig on = StackConfig.builder().multicastQuerier(true).build();
    Node r9 = t.add(Node.builder("r9").router(true).iface("eth0", 1500, "10.0.3.5/24").config(on).build());
    t.inject(r9, "eth0", TestNet.vec("igmp2_query")); // from 10.0.3.1, lower than ours
    assertThat(t.advance(1)).isEmpty();
    assertThat(t.advance(250_000_000_000L)).isEmpty();
    assertThat(t.advance(10_000_000_000L)).hasSize(1);
    TestNet u = new TestNet();
    Node r8 = u.add(Node.builder("r8").router(true).iface("eth0", 1500, "10.0.3.0/24").config(on).build());
    u.inject(r8, "eth0", TestNet.vec("igmp2_query")); // from a higher address: we stay querier
    assertThat(u.advance(1)).hasSize(1);
  }
}
