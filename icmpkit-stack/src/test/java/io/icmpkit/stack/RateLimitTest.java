package io.icmpkit.stack;

import static io.icmpkit.stack.TestNet.vec;
import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.StackCounters.Counter;
import io.icmpkit.stack.iface.IcmpRateLimiter;
import io.icmpkit.stack.iface.IcmpRateLimiter.Verdict;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final byte[] A = {10, 0, 1, 2};
  private static final byte[] B = {10, 0, 1, 3};

  @Test
  void perDestinationBucketAllowsTheBurstThenOnePerInterval() {
    TestNet net = TestNet.standard(StackConfig.DEFAULTS, StackConfig.DEFAULTS, 7);
    int errors = 0;
    for (int i = 0; i < 50; i++) {
      errors += net.fromH1("udp_r1_closed").size();
    }
    assertThat(errors).isEqualTo(6);
    assertThat(net.r1.counters().get(Counter.ICMP_OUT_RATE_LIMIT_HOST)).isEqualTo(44);
    net.now += 999_000_000L;
    assertThat(net.fromH1("udp_r1_closed")).isEmpty();
    net.now += 1_000_000L;
    assertThat(net.fromH1("udp_r1_closed")).hasSize(1);
  }

  @Test
  void oneDestinationCannotStarveAnother() {
    TestNet net = TestNet.standard(StackConfig.DEFAULTS, StackConfig.DEFAULTS, 7);
    for (int i = 0; i < 1000; i++) {
      net.fromH1("udp_r1_closed");
    }
    assertThat(net.r1.counters().get(Counter.ICMP_OUT_RATE_LIMIT_HOST)).isEqualTo(994);
    assertThat(net.fromH1("udp_r1_closed_b")).hasSize(1);
  }

  @Test
  void fragmentationNeededIsExempt() {
    TestNet net = TestNet.standard(StackConfig.DEFAULTS, StackConfig.DEFAULTS, 7);
    for (int i = 0; i < 30; i++) {
      assertThat(net.fromH1("df_big")).hasSize(1);
    }
    for (int i = 0; i < 30; i++) {
      net.fromH1("ptb");
    }
    assertThat(net.r1.counters().get("Icmp6OutType2")).isEqualTo(30);
  }

  @Test
  void echoRepliesAreNotLimited() {
    TestNet net = TestNet.standard(StackConfig.DEFAULTS, StackConfig.DEFAULTS, 7);
    for (int i = 0; i < 30; i++) {
      assertThat(net.fromH1("echo_r1")).hasSize(1);
    }
  }

  /** The global bucket: with a random cost of 0-2 tokens the number of errors differs between trials. */
  @Test
  void globalBucketWithRandomCostVariesBetweenTrials() {
    RateLimitConfig cfg = RateLimitConfig.LINUX.withPerDestination(1000, 1_000_000).withGlobal(0, 50);
    Set<Integer> counts = new HashSet<>();
    for (long seed = 0; seed < 8; seed++) {
      IcmpRateLimiter l = new IcmpRateLimiter(cfg, new SplittableRandom(seed));
      int allowed = 0;
      for (int i = 0; i < 1000; i++) {
        if (l.allow(false, 3, 3, A, 0) == Verdict.ALLOW) {
          allowed++;
        }
      }
      assertThat(allowed).isBetween(25, 200);
      counts.add(allowed);
    }
    assertThat(counts).hasSizeGreaterThan(1);
    IcmpRateLimiter fixed = new IcmpRateLimiter(cfg.withRandomGlobalCost(false), new SplittableRandom(1));
    int allowed = 0;
    for (int i = 0; i < 1000; i++) {
      allowed += fixed.allow(false, 3, 3, A, 0) == Verdict.ALLOW ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(50);
  }

  /** CVE-2024-47678: a limited destination takes no global credit. */
  @Test
  void perDestinationCheckComesBeforeGlobalCredit() {
    RateLimitConfig cfg = RateLimitConfig.LINUX.withGlobal(0, 10).withRandomGlobalCost(false);
    IcmpRateLimiter l = new IcmpRateLimiter(cfg, new SplittableRandom(1));
    for (int i = 0; i < 1000; i++) {
      l.allow(false, 3, 3, A, 0);
    }
    assertThat(l.globalCredit()).isEqualTo(4); // only A's burst of 6 took credit
    assertThat(l.allow(false, 3, 3, B, 0)).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void globalBucketRefillsWithTime() {
    RateLimitConfig cfg = RateLimitConfig.LINUX.withPerDestination(0, 1).withGlobal(100, 5).withRandomGlobalCost(false);
    IcmpRateLimiter l = new IcmpRateLimiter(cfg, new SplittableRandom(1));
    int n = 0;
    for (int i = 0; i < 100; i++) {
      n += l.allow(false, 11, 0, A, 0) == Verdict.ALLOW ? 1 : 0;
    }
    assertThat(n).isEqualTo(5);
    assertThat(l.allow(false, 11, 0, A, 10_000_000L)).isEqualTo(Verdict.LIMITED_GLOBAL); // < 20 ms
    assertThat(l.allow(false, 11, 0, A, 50_000_000L)).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void typeMaskDecidesWhatIsLimited() {
    IcmpRateLimiter l = new IcmpRateLimiter(RateLimitConfig.LINUX, new SplittableRandom(1));
    assertThat(l.limited(false, 3, 3)).isTrue();
    assertThat(l.limited(false, 3, 4)).isFalse();
    assertThat(l.limited(false, 11, 0)).isTrue();
    assertThat(l.limited(false, 12, 0)).isTrue();
    assertThat(l.limited(false, 0, 0)).isFalse();
    assertThat(l.limited(false, 5, 1)).isFalse();
    assertThat(l.limited(true, 1, 4)).isTrue();
    assertThat(l.limited(true, 2, 0)).isFalse();
    assertThat(l.limited(true, 129, 0)).isFalse();
  }

  @Test
  void trackedDestinationsAreBounded() {
    RateLimitConfig base = RateLimitConfig.LINUX;
    RateLimitConfig cfg = new RateLimitConfig(true, 1000, 6, 10_000, 10_000, base.v4TypeMask(), base.v6TypeMaskLow(),
        base.v6TypeMaskHigh(), true, 100);
    IcmpRateLimiter l = new IcmpRateLimiter(cfg, new SplittableRandom(1));
    for (int i = 0; i < 10_000; i++) {
      l.allow(false, 3, 3, new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, i);
    }
    assertThat(l.trackedDestinations()).isEqualTo(100);
  }
}
