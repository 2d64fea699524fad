package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MtrSession against real kernel routers ({@code client - r1 - r2 - r3 - target}): every method
 * and family, raw and unprivileged sockets (ping sockets / UDP with IP_RECVERR): the four hops in
 * order, every probe answered, the destination recognised; a router that does not answer is a hop
 * with all its probes lost while later hops still answer; reset forgets everything.
 */
@Tag("integration")
class MtrSessionKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(
      NetnsTopology.chain("client", "r1", "r2", "r3", "target"));

  private static NetnsTopology t() {
    return NET.topology();
  }

  private static List<InetAddress> path(boolean v6) {
    NetnsTopology t = t();
    return v6 ? List.of(t.ipv6("r1", 1), t.ipv6("r2", 2), t.ipv6("r3", 3), t.ipv6("target"))
        : List.of(t.ipv4("r1", 1), t.ipv4("r2", 2), t.ipv4("r3", 3), t.ipv4("target"));
  }

  private static MtrSession session(InetAddress dst, ProbeMethod m, TraceRequest.Privilege p) {
    return new MtrSession(TraceRequest.to(dst).method(m).privilege(p)
        .waitMax(Duration.ofSeconds(2)).build(), Duration.ofMillis(100));
  }

  @ParameterizedTest
  @CsvSource({"ICMP,false,AUTO", "ICMP,false,UNPRIVILEGED", "ICMP,true,AUTO",
      "ICMP,true,UNPRIVILEGED", "UDP_PARIS,false,AUTO", "UDP_PARIS,true,AUTO", "TCP,false,AUTO"})
  void everyHopEveryProbe(ProbeMethod m, boolean v6, TraceRequest.Privilege p) {
    List<InetAddress> path = path(v6);
    List<HopStatistics> hops = t().call("client", () -> {
      try (MtrSession s = session(path.getLast(), m, p)) {
        for (int i = 0; i < 3; i++) {
          s.cycle();
        }
        s.drain(Duration.ofSeconds(2));
        assertThat(s.reached()).isTrue();
        if (p == TraceRequest.Privilege.UNPRIVILEGED) {
          assertThat(s.privileged()).isFalse();
        }
        return s.hops();
      }
    });
    assertThat(hops).extracting(h -> h.responders()).containsExactly(
        List.of(path.get(0)), List.of(path.get(1)), List.of(path.get(2)), List.of(path.get(3)));
    assertThat(hops).allSatisfy(h -> {
      assertThat(h.sentCount()).isEqualTo(3);
      assertThat(h.received()).isEqualTo(3);
      assertThat(h.lossPercent()).isZero();
      assertThat(h.inTransit()).isZero();
    });
    assertThat(hops.getLast().reached()).isTrue();
  }

  @Test
  void silentRouterLosesEveryProbeLaterHopsAnswer() {
    NetnsTopology t = t();
    NetnsTopology.ExecResult r = t.exec("r2", "nft", String.join("; ",
        "add table inet iktmtrsilent",
        "add chain inet iktmtrsilent out { type filter hook output priority 0; }",
        "add rule inet iktmtrsilent out icmp type time-exceeded drop"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    try {
      List<HopStatistics> hops = t.call("client", () -> {
        try (MtrSession s = session(t.ipv4("target"), ProbeMethod.ICMP,
            TraceRequest.Privilege.AUTO)) {
          s.cycle();
          s.cycle();
          s.drain(Duration.ofSeconds(2));
          return s.hops();
        }
      });
      assertThat(hops).hasSize(4);
      assertThat(hops.get(1).responders()).isEmpty();
      assertThat(hops.get(1).dropped()).isEqualTo(2);
      assertThat(hops.get(1).lossPercent()).isEqualTo(100.0);
      assertThat(hops.get(3).received()).isEqualTo(2);
    } finally {
      t.exec("r2", "nft", "delete table inet iktmtrsilent");
    }
  }

  @Test
  void resetForgetsEverything() {
    InetAddress dst = t().ipv4("target");
    t().run("client", () -> {
      try (MtrSession s = session(dst, ProbeMethod.ICMP, TraceRequest.Privilege.AUTO)) {
        s.cycle();
        s.drain(Duration.ofSeconds(2));
        assertThat(s.hops()).hasSize(4);
        s.reset();
        assertThat(s.cycles()).isZero();
        assertThat(s.reached()).isFalse();
        s.cycle();
        s.drain(Duration.ofSeconds(2));
        assertThat(s.cycles()).isEqualTo(1);
        assertThat(s.hops()).hasSize(4).allSatisfy(h -> assertThat(h.sentCount()).isEqualTo(1));
      }
    });
  }

  /** A one-hour interval: only cutShort() ends the cycle within the test's time limit. */
  @Test
  @org.junit.jupiter.api.Timeout(120)
  void aCycleCutShortEndsEarlyAndLosesNothing() {
    InetAddress dst = t().ipv4("target");
    t().run("client", () -> {
      try (MtrSession s = new MtrSession(TraceRequest.to(dst).method(ProbeMethod.ICMP)
          .waitMax(Duration.ofSeconds(2)).build(), Duration.ofHours(1))) {
        Thread cutter = Thread.ofPlatform().start(() -> {
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          s.cutShort();
        });
        s.cycle();
        cutter.join();
        s.drain(Duration.ofSeconds(2));
        assertThat(s.hops()).hasSize(4).allSatisfy(h -> assertThat(h.received()).isEqualTo(1));
      }
    });
  }
}
