package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * mtr 0.95's arithmetic, checked against what mtr itself printed ({@code --json -o
 * LSDRNBAWVGJMXI}) for the round trips it measured: the expected values are mtr's output, not
 * recomputed here.
 */
class HopStatisticsTest {
  private static final InetAddress A = InetAddress.ofLiteral("192.0.2.1");
  private static final InetAddress B = InetAddress.ofLiteral("192.0.2.2");

  private static HopStatistics of(long... micros) {
    HopStatistics h = new HopStatistics(1);
    for (long us : micros) {
      h.sent();
      h.reply(A, us * 1000 + 999, false, null); // sub-microsecond parts are truncated, as mtr
    }
    return h;
  }

  @Test
  void twoAnswersAsMtrPrintedThem() {
    // mtr: Last 0.058 (of 51, 58 us) Best 0.051 Avg 0.054 Wrst 0.058 StDev 0.004 Gmean 0.054
    // Jttr 0.007 Javg 0.003 Jmax 0.007 Jint 0.007
    HopStatistics h = of(51, 58);
    assertThat(h.lastMillis()).isEqualTo(0.058);
    assertThat(h.bestMillis()).isEqualTo(0.051);
    assertThat(h.avgMillis()).isEqualTo(0.054);
    assertThat(h.worstMillis()).isEqualTo(0.058);
    assertThat(h.stdevMillis()).isEqualTo(0.004);
    assertThat(h.gmeanMillis()).isEqualTo(0.054);
    assertThat(h.jitterMillis()).isEqualTo(0.007);
    assertThat(h.javgMillis()).isEqualTo(0.003);
    assertThat(h.jmaxMillis()).isEqualTo(0.007);
    assertThat(h.jintMillis()).isEqualTo(0.007);
    assertThat(h.lossPercent()).isZero();
    assertThat(h.sentCount()).isEqualTo(2);
    assertThat(h.received()).isEqualTo(2);
  }

  @Test
  void anotherPairAsMtrPrintedIt() {
    // mtr: Last 0.054 Avg 0.05 Best 0.046 Wrst 0.054 StDev 0.005
    HopStatistics h = of(46, 54);
    assertThat(h.avgMillis()).isEqualTo(0.05);
    assertThat(h.stdevMillis()).isEqualTo(0.005);
    assertThat(h.bestMillis()).isEqualTo(0.046);
    assertThat(h.worstMillis()).isEqualTo(0.054);
  }

  @Test
  void firstAnswerHasNoJitterAndNoDeviation() {
    HopStatistics h = of(120);
    assertThat(h.jitterMillis()).isZero();
    assertThat(h.jmaxMillis()).isZero();
    assertThat(h.stdevMillis()).isZero();
    assertThat(h.avgMillis()).isEqualTo(0.12);
  }

  @Test
  void lossLeavesProbesInTransitOut() {
    HopStatistics h = new HopStatistics(3);
    for (int i = 0; i < 5; i++) {
      h.sent();
    }
    h.reply(A, 1_000_000, false, null);
    h.reply(B, 2_000_000, true, null);
    h.lost();
    // 5 sent, 2 still in transit: 1 of 3 lost
    assertThat(h.inTransit()).isEqualTo(2);
    assertThat(h.dropped()).isEqualTo(1);
    assertThat(h.lossPercent()).isEqualTo(33.333);
    h.lost();
    h.lost();
    assertThat(h.lossPercent()).isEqualTo(60.0);
    assertThat(h.responders()).containsExactly(A, B);
    assertThat(h.reached()).isTrue();
  }

  @Test
  void nothingSentIsNoLoss() {
    HopStatistics h = new HopStatistics(1);
    assertThat(h.lossPercent()).isZero();
    assertThat(h.lastMillis()).isZero();
    assertThat(h.responders()).isEmpty();
  }

  @Test
  void copiesAreIndependent() {
    HopStatistics h = of(10);
    HopStatistics c = new HopStatistics(h);
    h.sent();
    assertThat(c.sentCount()).isEqualTo(1);
    assertThat(c.lastMillis()).isEqualTo(0.01);
  }
}
