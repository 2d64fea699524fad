package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.EcmpDiamond;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A diamond: r1 reaches the target's link through r2 or through a second router r2b (an extra
 * namespace this test adds), with a multipath route hashed on the 5-tuple
 * ({@code fib_multipath_hash_policy=1}).
 *
 * <pre>
 *   client ── r1 ──── r2 ──── target (10.200.3.2)
 *              └──── r2b ───┘  (10.210.1.0/24, 10.210.2.0/24)
 * </pre>
 *
 * Classic UDP (one destination port per probe) spreads its probes over both branches; Paris UDP
 * (one 5-tuple) stays on one branch for the whole trace.
 */
@Tag("integration")
class TracerEcmpTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(
      NetnsTopology.chain("client", "r1", "r2", "target"));
  private static EcmpDiamond diamond;

  private static NetnsTopology t() {
    return NET.topology();
  }

  @BeforeAll
  static void diamond() {
    diamond = EcmpDiamond.add(t(), "ecmp");
  }

  @AfterAll
  static void removeR2b() {
    if (diamond != null) {
      diamond.close();
    }
  }


  private static TraceResult trace(ProbeMethod m) {
    InetAddress dst = t().ipv4("target");
    return t().call("client", () -> Tracer.trace(TraceRequest.to(dst).method(m).probesPerHop(10)
        .waitMax(Duration.ofSeconds(2)).build()));
  }

  @Test
  void classicUdpSeesBothBranches() {
    Set<InetAddress> seen = new HashSet<>();
    // 10 ports per trace: all on one branch has a chance of 2^-9; three traces make it 2^-27
    for (int i = 0; i < 3 && seen.size() < 2; i++) {
      TraceResult r = trace(ProbeMethod.UDP);
      assertThat(r.reached()).isTrue();
      seen.addAll(r.hops().get(1).responders());
    }
    assertThat(seen).containsExactlyInAnyOrder(t().ipv4("r2", 2),
        InetAddress.ofLiteral(EcmpDiamond.SECOND_BRANCH));
  }

  @Test
  void parisStaysOnOneBranch() {
    for (int i = 0; i < 3; i++) {
      TraceResult r = trace(ProbeMethod.UDP_PARIS);
      assertThat(r.reached()).isTrue();
      assertThat(r.hops()).allSatisfy(h -> assertThat(h.responders()).hasSize(1));
      assertThat(r.hops().get(1).responders().getFirst()).isIn(t().ipv4("r2", 2),
          InetAddress.ofLiteral(EcmpDiamond.SECOND_BRANCH));
    }
  }

  /** MDA (Paris UDP flows, 95% stopping rule) finds both branches and where they join. */
  @Test
  void mdaFindsBothBranches() {
    InetAddress dst = t().ipv4("target");
    // MDA's stopping rule is a 95 % confidence: with two equal branches, the first 6 flows all
    // hash to one branch in about 3 % of runs and MDA stops there, as designed. Up to three
    // independent runs (each with its own flows) make a miss of the test 1 in ~30,000.
    MultipathDetector.Result r = null;
    for (int run = 0; run < 3 && (r == null || r.hops().size() < 2
        || r.hops().get(1).nodes().size() < 2); run++) {
      r = t().call("client", () -> MultipathDetector.discover(
          TraceRequest.to(dst).method(ProbeMethod.UDP_PARIS).waitMax(Duration.ofSeconds(2)).build(),
          128));
    }
    assertThat(r.complete()).isTrue();
    assertThat(r.reached()).isTrue();
    assertThat(r.flows()).isGreaterThanOrEqualTo(MultipathDetector.stoppingPoint(2));
    assertThat(r.hops()).hasSize(3);
    assertThat(r.hops().get(0).nodes()).containsExactly(t().ipv4("r1", 1));
    assertThat(r.hops().get(1).nodes()).containsExactlyInAnyOrder(t().ipv4("r2", 2),
        InetAddress.ofLiteral(EcmpDiamond.SECOND_BRANCH));
    assertThat(r.hops().get(2).nodes()).containsExactly(dst);
    assertThat(MultipathDetector.predecessors(r, 3, dst)).containsExactlyInAnyOrder(
        t().ipv4("r2", 2), InetAddress.ofLiteral(EcmpDiamond.SECOND_BRANCH));
  }

  /**
   * mtr is flow-stable: one session keeps one flow (ICMP: one echo identifier; Paris UDP: one
   * 5-tuple), so over 10 cycles hop 2 has one responder and no loss.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = ProbeMethod.class,
      names = {"ICMP", "UDP_PARIS"})
  void mtrStaysOnOneBranch(ProbeMethod m) {
    InetAddress dst = t().ipv4("target");
    List<HopStatistics> hops = t().call("client", () -> {
      try (MtrSession s = new MtrSession(TraceRequest.to(dst).method(m)
          .waitMax(Duration.ofSeconds(2)).build(), Duration.ofMillis(20))) {
        for (int i = 0; i < 10; i++) {
          s.cycle();
        }
        s.drain(Duration.ofSeconds(2));
        return s.hops();
      }
    });
    assertThat(hops).hasSize(3);
    assertThat(hops.get(1).responders()).hasSize(1);
    assertThat(hops.get(1).responders().getFirst()).isIn(t().ipv4("r2", 2),
        InetAddress.ofLiteral(EcmpDiamond.SECOND_BRANCH));
    assertThat(hops).allSatisfy(h -> assertThat(h.received()).isEqualTo(10));
  }
}
