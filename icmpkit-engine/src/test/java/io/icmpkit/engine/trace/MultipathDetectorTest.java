package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MDA stopping rule and the graph built from per-flow paths, on scripted paths. */
class MultipathDetectorTest {
  private static final InetAddress R1 = InetAddress.ofLiteral("10.0.1.1");
  private static final InetAddress A = InetAddress.ofLiteral("10.0.2.1");
  private static final InetAddress B = InetAddress.ofLiteral("10.0.2.2");
  private static final InetAddress DST = InetAddress.ofLiteral("10.0.9.9");

  private static List<InetAddress[]> flows(int n, InetAddress... path) {
    List<InetAddress[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(path.clone());
    }
    return out;
  }

  @Test
  void stoppingPointsAreParisTraceroutes() {
    assertThat(MultipathDetector.stoppingPoint(1)).isEqualTo(6);
    assertThat(MultipathDetector.stoppingPoint(2)).isEqualTo(11);
    assertThat(MultipathDetector.stoppingPoint(16)).isEqualTo(96);
    // beyond the table: the bound (k+1)(k/(k+1))^n <= 0.05, increasing
    int n17 = MultipathDetector.stoppingPoint(17);
    assertThat(n17).isGreaterThan(96);
    assertThat(18 * Math.pow(17.0 / 18, n17)).isLessThanOrEqualTo(0.05);
    assertThat(18 * Math.pow(17.0 / 18, n17 - 1)).isGreaterThan(0.05);
  }

  @Test
  void aSinglePathNeedsSixFlows() {
    assertThat(MultipathDetector.settled(flows(5, R1, A, DST), DST)).isFalse();
    assertThat(MultipathDetector.settled(flows(6, R1, A, DST), DST)).isTrue();
  }

  @Test
  void twoBranchesNeedElevenFlowsThroughTheirFork() {
    List<InetAddress[]> p = new ArrayList<>(flows(5, R1, A, DST));
    p.addAll(flows(5, R1, B, DST));
    assertThat(MultipathDetector.settled(p, DST)).isFalse(); // 10 through R1, 2 seen: needs 11
    p.addAll(flows(1, R1, A, DST));
    // 11 through R1; A has 6 flows on to DST, B only 5
    assertThat(MultipathDetector.settled(p, DST)).isFalse();
    p.addAll(flows(1, R1, B, DST));
    assertThat(MultipathDetector.settled(p, DST)).isTrue();
    MultipathDetector.Result r = MultipathDetector.result(
        TraceRequest.to(DST).build(), p, true);
    assertThat(r.hops()).hasSize(3);
    assertThat(r.hops().get(1).nodes()).containsExactly(A, B);
    assertThat(r.multipath()).isTrue();
    assertThat(r.reached()).isTrue();
    assertThat(MultipathDetector.predecessors(r, 3, DST)).containsExactly(A, B);
    assertThat(r.links()).contains(new MultipathDetector.Link(1, null, R1),
        new MultipathDetector.Link(2, R1, A), new MultipathDetector.Link(2, R1, B));
  }

  @Test
  void starsHaveNoSuccessorsToCheck() {
    List<InetAddress[]> p = flows(6, R1, null, DST);
    assertThat(MultipathDetector.settled(p, DST)).isTrue();
    MultipathDetector.Result r = MultipathDetector.result(TraceRequest.to(DST).build(), p, true);
    assertThat(r.hops().get(1).nodes()).isEmpty();
    assertThat(MultipathDetector.predecessors(r, 3, DST)).isEmpty();
  }

  @Test
  void tcpAndBadBoundsAreRefused() {
    TraceRequest tcp = TraceRequest.to(DST).method(ProbeMethod.TCP).build();
    assertThatThrownBy(() -> MultipathDetector.discover(tcp, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultipathDetector.discover(TraceRequest.to(DST).build(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
