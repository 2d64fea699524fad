package io.icmpkit.engine.ping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PingStatistics against values computed by hand with iputils' formulas (ping_common.c finish()). */
class PingStatisticsTest {
  private static PingStatistics.Accumulator acc(long... rttMicros) {
    PingStatistics.Accumulator a = new PingStatistics.Accumulator();
    for (long us : rttMicros) {
      a.sent();
      a.reply(us * 1000, false);
    }
    return a;
  }

  @Test
  void iputilsMdevOfMillisecondRtts() {
    // tsum=7000 tsum2=21e6 total=3: avg 2333; tmvar=(21e6 - 49e6/3)/3 = 1555555; llsqrt = 1247
    PingStatistics s = acc(1000, 2000, 4000).snapshot(2_000_000_000L);
    assertThat(s.minNanos()).isEqualTo(1_000_000);
    assertThat(s.avgNanos()).isEqualTo(2_333_000);
    assertThat(s.maxNanos()).isEqualTo(4_000_000);
    assertThat(s.mdevNanos()).isEqualTo(1_247_000);
    assertThat(s.lossPercent()).isZero();
  }

  @Test
  void iputilsMdevOfMicrosecondRttsUsesTheClumsyOrder() {
    // 17,18,20 µs: tsum=55 tsum2=1013: (1013 - 3025/3)/3 = (1013-1008)/3 = 1 -> mdev 1 µs
    PingStatistics s = acc(17, 18, 20).snapshot(0);
    assertThat(s.avgNanos()).isEqualTo(18_000);
    assertThat(s.mdevNanos()).isEqualTo(1_000);
  }

  @Test
  void rttsAreTruncatedToMicrosecondsAsIputils() {
    PingStatistics.Accumulator a = new PingStatistics.Accumulator();
    a.sent();
    a.reply(1_999, false); // 1.999 µs -> 1 µs
    PingStatistics s = a.snapshot(0);
    assertThat(s.minNanos()).isEqualTo(1_000);
    assertThat(s.medianNanos()).isEqualTo(1_999); // percentiles keep nanoseconds
  }

  @Test
  void duplicatesAreTimedButNotReceivedAndBadChecksumsNeither() {
    PingStatistics.Accumulator a = acc(100, 300);
    a.reply(200_000, true);
    a.badChecksum();
    PingStatistics s = a.snapshot(0);
    assertThat(s.received()).isEqualTo(2);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.corrupted()).isEqualTo(1);
    assertThat(s.avgNanos()).isEqualTo(200_000); // (100+300+200)/3, total includes the duplicate
    assertThat(s.jitterNanos()).isEqualTo(200_000); // duplicates are left out of the jitter
  }

  @Test
  void lossIsIputilsFloat() {
    PingStatistics.Accumulator a = acc(10, 10);
    a.sent();
    PingStatistics s = a.snapshot(0);
    assertThat(s.lossPercent()).isEqualTo((double) (float) (100.0 / 3));
    assertThat(PingStatistics.EMPTY.lossPercent()).isZero();
    assertThat(PingStatistics.EMPTY.hasRtt()).isFalse();
  }

  @Test
  void percentilesAndJitter() {
    long[] us = new long[100];
    for (int i = 0; i < 100; i++) {
      us[i] = (i + 1) * 1000L;
    }
    PingStatistics s = acc(us).snapshot(0);
    assertThat(s.medianNanos()).isEqualTo(50_500_000); // mean of 50 and 51 ms
    assertThat(s.p90Nanos()).isEqualTo(90_000_000); // nearest rank 90
    assertThat(s.p99Nanos()).isEqualTo(99_000_000);
    assertThat(s.jitterNanos()).isEqualTo(1_000_000);
    // population stddev of 1..100 ms = sqrt((100^2-1)/12) ms
    assertThat((double) s.stddevNanos()).isCloseTo(Math.sqrt(9999 / 12.0) * 1e6,
        org.assertj.core.data.Offset.offset(2.0));
    assertThat(acc(1000, 3000, 2000).snapshot(0).jitterNanos()).isEqualTo(1_500_000);
  }

  @Test
  void pipeAndIpgAndEwma() {
    PingStatistics.Accumulator a = acc(1000, 1000, 1000, 1000, 1000);
    a.inFlight(3);
    a.inFlight(2);
    PingStatistics s = a.snapshot(4_000_000_123L);
    assertThat(s.pipe()).isEqualTo(3);
    assertThat(s.ipgNanos()).isEqualTo(1_000_000_000L); // 4000000 µs / 4
    assertThat(s.ewmaNanos()).isEqualTo(1_000_000);
    assertThat(s.elapsedNanos()).isEqualTo(4_000_000_123L);
  }

  @Test
  void largeSumsTakeIputilsSecondOrderWith128BitSquares() {
    // 3e9 µs twice: tsum >= INT_MAX, tsum2 = 1.8e19 overflows a long: tsum2/2 - avg^2 = 0
    PingStatistics s = acc(3_000_000_000L, 3_000_000_000L).snapshot(0);
    assertThat(s.avgNanos()).isEqualTo(3_000_000_000_000L);
    assertThat(s.mdevNanos()).isZero();
  }

  @Test
  void absurdValuesSaturateAndStayFinite() {
    PingStatistics.Accumulator a = new PingStatistics.Accumulator();
    for (int i = 0; i < 1000; i++) {
      a.sent();
      a.reply(Long.MAX_VALUE - i, i % 3 == 0);
      a.reply(0, false);
    }
    PingStatistics s = a.snapshot(Long.MAX_VALUE);
    for (long v : new long[] {s.minNanos(), s.avgNanos(), s.maxNanos(), s.mdevNanos(),
        s.medianNanos(), s.p90Nanos(), s.p99Nanos(), s.stddevNanos(), s.jitterNanos(),
        s.ipgNanos(), s.ewmaNanos()}) {
      assertThat(v).isNotNegative();
    }
    assertThat(s.maxNanos()).isEqualTo(Long.MAX_VALUE / 1000 * 1000); // µs precision, not wrapped
    assertThat(Double.isFinite(s.lossPercent())).isTrue();
  }

  @Test
  void llsqrtIsIputilsNewton() {
    assertThat(PingStatistics.Accumulator.llsqrt(0)).isZero();
    assertThat(PingStatistics.Accumulator.llsqrt(-5)).isEqualTo(-5);
    assertThat(PingStatistics.Accumulator.llsqrt(1555555)).isEqualTo(1247);
    assertThat(PingStatistics.Accumulator.llsqrt(Long.MAX_VALUE - 1)).isEqualTo(3037000499L);
  }
}
