package io.icmpkit.stack.phy.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.Node;
import io.icmpkit.stack.topology.Topology;
import io.icmpkit.stack.topology.TopologyLoader;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The never-rules, rate limiting and reassembly limits, seen from outside: packets crafted with
 * Scapy in the namespace, ICMP errors counted on what crosses the TUN device.
 */
@Tag("integration")
class StackRulesKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  static final String TARGET = "198.18.4.2";

  static long errorsToHost(StackFixture s) {
    return s.count(p -> !p.fromHost() && p.isIcmpError());
  }

  /** Sends {@code scapyPackets} (a Scapy expression) and returns the ICMP errors that came back. */
  static long errorsFor(StackFixture s, String scapyPackets) throws Exception {
    StackFixture.settle();
    s.clearSeen();
    s.scapy("send(" + scapyPackets + ")");
    StackFixture.settle();
    return errorsToHost(s);
  }

  @Test
  void neverAnErrorAboutAnErrorABroadcastANonFirstFragmentOrAMulticastSource() throws Exception {
    // rate limiting off: a suppressed error must be the rule's doing, not the bucket's
    try (StackFixture s = new StackFixture(NET.topology(), StackFixture.withoutRateLimit(
        Topology.load(StackFixture.SAMPLES.resolve("path5.yaml"))))) {
      String quote = "IP(src='" + TARGET + "', dst='198.18.0.1')/UDP(sport=53, dport=33434)";
      // controls: the same situations with an innocent packet do get an error
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "', ttl=1)/ICMP(type=8)")).isEqualTo(1);
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "')/UDP(dport=9)")).isEqualTo(1);
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "', ttl=1, proto=17, flags='MF', frag=0)"
          + "/Raw(b'x' * 64)")).isEqualTo(1);
      // an ICMP error, or an ICMP message of unknown type, expiring at r1: no Time Exceeded
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "', ttl=1)/ICMP(type=3, code=3)/" + quote))
          .isZero();
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "', ttl=1)/ICMP(type=11)/" + quote)).isZero();
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "', ttl=1)/ICMP(type=200)")).isZero();
      // UDP to the target subnet's broadcast address: no Port Unreachable
      assertThat(errorsFor(s, "IP(dst='198.18.4.255')/UDP(dport=9)")).isZero();
      // a non-first fragment: neither Time Exceeded at r1 nor Port Unreachable at the target
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "', ttl=1, proto=17, frag=64)/Raw(b'x' * 64)"))
          .isZero();
      assertThat(errorsFor(s, "IP(dst='" + TARGET + "', proto=17, frag=64)/Raw(b'x' * 64)"))
          .isZero();
      // a multicast or broadcast source: nothing, at r1 or at the target
      assertThat(errorsFor(s, "IP(src='239.1.2.3', dst='" + TARGET + "')/UDP(dport=9)")).isZero();
      assertThat(errorsFor(s, "IP(src='239.1.2.3', dst='" + TARGET + "', ttl=1)/UDP(dport=9)"))
          .isZero();
      assertThat(errorsFor(s, "IP(src='255.255.255.255', dst='" + TARGET + "')/UDP(dport=9)"))
          .isZero();
      // the same for IPv6: an error expiring at r1, a multicast destination
      assertThat(errorsFor(s, "IPv6(dst='2001:db8:4::2', hlim=1)/ICMPv6EchoRequest()"))
          .isEqualTo(1);
      assertThat(errorsFor(s, "IPv6(dst='2001:db8:4::2', hlim=1)/ICMPv6DestUnreach()"
          + "/IPv6(src='2001:db8:4::2', dst='2001:db8::1')/UDP()")).isZero();
      Node r1 = s.served.network().node("r1");
      assertThat(r1.counters().get("IcmpExtOutSuppressed") + r1.counters().get("Icmp6ExtOutSuppressed"))
          .isPositive();
    }
  }

  /** host (two addresses) - r1 - target; the target's error bucket as configured. */
  static Topology rateTopology(String targetConfig) {
    return TopologyLoader.parse("rate.yaml", """
        name: rate
        host: {tun: rate0, addresses: [198.18.0.1/24, 198.18.0.3/24]}
        nodes:
          r1: {router: true, interfaces: {a: [198.18.0.2/24], b: [198.18.4.1/24]},
               config: {rateLimit: false}}
          target: {interfaces: {eth0: [198.18.4.2/24]}, config: %s}
        links:
          - {ends: [host, r1.a]}
          - {ends: [r1.b, target.eth0]}
        """.formatted(targetConfig));
  }

  static String burst(String src, int n) {
    return "[IP(src='" + src + "', dst='" + TARGET + "')/UDP(sport=40000, dport=20000 + i) for i in range("
        + n + ")]";
  }

  static long unreachablesTo(StackFixture s, String dst) throws Exception {
    byte[] d = java.net.InetAddress.getByName(dst).getAddress();
    return s.count(p -> !p.fromHost() && p.icmpType() == 3
        && java.util.Arrays.equals(java.util.Arrays.copyOfRange(p.bytes(), 16, 20), d));
  }

  @Test
  void perDestinationBucketAndNoStarvation() throws Exception {
    // Linux defaults: 1 per 1000 ms per destination, burst 6; the global bucket far away
    try (StackFixture s = new StackFixture(NET.topology(),
        rateTopology("{globalPerSecond: 100000, globalBurst: 100000}"))) {
      s.scapy("send(" + burst("198.18.0.1", 20) + ")");
      s.scapy("send(" + burst("198.18.0.3", 20) + ")");
      StackFixture.settle();
      long a = unreachablesTo(s, "198.18.0.1");
      long b = unreachablesTo(s, "198.18.0.3");
      System.out.println("port unreachables: " + a + " to .1, " + b + " to .3");
      // 6 of burst, plus at most one token refilled while Scapy sends (well under 2 s)
      assertThat(a).isBetween(6L, 8L);
      assertThat(b).isBetween(6L, 8L);
      assertThat(s.served.network().node("target").counters().get("IcmpOutRateLimitHost"))
          .isEqualTo(40 - a - b);
    }
  }

  @Test
  void globalBucketCostIsRandom() throws Exception {
    // no per-destination limit to speak of; a small global bucket (10, refilled at 50/s) whose
    // random cost per message (0, 1 or 2 tokens, CVE-2020-25705) makes the count vary
    try (StackFixture s = new StackFixture(NET.topology(), rateTopology(
        "{rateIntervalMs: 0, rateBurst: 1000000, globalPerSecond: 50, globalBurst: 10}"))) {
      List<Long> counts = new ArrayList<>();
      for (int trial = 0; trial < 10; trial++) {
        Thread.sleep(300); // the global bucket refills (10 tokens in 200 ms)
        s.clearSeen();
        s.scapy("send(" + burst("198.18.0.1", 40) + ")");
        StackFixture.settle();
        counts.add(unreachablesTo(s, "198.18.0.1"));
      }
      System.out.println("port unreachables per trial: " + counts);
      assertThat(counts).allSatisfy(c -> assertThat(c).isBetween(3L, 39L));
      Set<Long> distinct = new HashSet<>(counts);
      assertThat(distinct).as("counts vary between trials: " + counts).hasSizeGreaterThan(1);
      assertThat(s.served.network().node("target").counters().get("IcmpOutRateLimitGlobal"))
          .isPositive();
    }
  }

  @Test
  void pingOfDeathAndFragmentFloodLeaveTheStackStanding() throws Exception {
    try (StackFixture s = StackFixture.sample(NET.topology(), "path5.yaml")) {
      // ping of death: fragments of one echo request reaching byte 65,628 (> 65,535)
      s.scapy("""
          frags = []
          for off in range(0, 65528, 1480):
              frags.append(IP(dst='%s', id=4242, proto=1, flags='MF', frag=off // 8)/Raw(b'P' * 1480))
          frags.append(IP(dst='%s', id=4242, proto=1, frag=65528 // 8)/Raw(b'P' * 100))
          send(frags)
          """.formatted(TARGET, TARGET));
      // fragment flood: 5,000 first fragments of datagrams never completed (5 MB)
      s.scapy("send([IP(dst='%s', id=i, proto=17, flags='MF')/Raw(b'F' * 1000) for i in range(5000)])"
          .formatted(TARGET));
      StackFixture.settle();
      Node target = s.served.network().node("target");
      System.out.println(target.counters());
      assertThat(target.counters().get("IpExtReasmOversize")).isPositive();
      assertThat(target.reassemblyMemory()).isLessThanOrEqualTo(4L << 20);
      assertThat(target.counters().get("IpExtReasmEvicted")).isPositive();
      // and it still answers
      String ping = s.run("ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", TARGET);
      assertThat(ping).contains("2 received");
    }
  }
}
