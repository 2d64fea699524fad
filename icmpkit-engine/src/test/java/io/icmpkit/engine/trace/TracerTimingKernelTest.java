package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every answer of a trace through real kernel routers ({@code client - r1 - r2 - r3 - target},
 * link 3 with MTU 1400) is timed by the kernel on both ends: the probe's software transmit stamp
 * and the answer's receive stamp (normal queue or error queue). No timing threshold: what is
 * checked is which clock each RTT came from (see {@link KernelStamps}).
 */
@Tag("integration")
class TracerTimingKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(
      NetnsTopology.chain("client", "r1", "r2", "r3", "target").linkMtu(3, 1400));

  private static NetnsTopology t() {
    return NET.topology();
  }

  @ParameterizedTest(name = "{0} v6={1}")
  @CsvSource({"ICMP, false", "UDP, false", "UDP_PARIS, false", "ICMP, true", "UDP, true",
      "UDP_PARIS, true"})
  void everyAnswerTimedByKernelStamps(ProbeMethod method, boolean v6) {
    InetAddress target = v6 ? t().ipv6("target") : t().ipv4("target");
    Tracer.Timing timing = new Tracer.Timing();
    TraceResult r = t().call("client", () -> Tracer.trace(TraceRequest.to(target).method(method)
        .waitMax(Duration.ofSeconds(2)).build(), TraceListener.NONE, timing));
    assertThat(r.reached()).isTrue();
    long answered = r.hops().stream().flatMap(h -> h.probes().stream())
        .filter(p -> p.kind() != ProbeReply.Kind.TIMEOUT).count();
    assertThat(answered).isEqualTo(12); // 4 hops, 3 probes each
    // and the answers to probes sent beyond the destination (16 in flight at once) count too
    assertThat(timing.clockRtts).isZero();
    assertThat(timing.kernelRtts).isGreaterThanOrEqualTo(12);
  }

  /**
   * tracepath: every answer (hops, the "too big" from r2, the destination) is kernel-timed; only
   * the local EMSGSIZE, which no packet answers, is not.
   */
  @ParameterizedTest(name = "icmp={0} v6={1}")
  @CsvSource({"false, false", "true, false", "false, true", "true, true"})
  void pathMtuAnswersTimedByKernelStamps(boolean icmp, boolean v6) {
    // each case its own destination: the kernel remembers a learned path MTU per destination
    InetAddress dst = switch ((icmp ? 2 : 0) + (v6 ? 1 : 0)) {
      case 0 -> t().ipv4("target");
      case 1 -> t().ipv6("target");
      case 2 -> t().ipv4("r3", 4);
      default -> t().ipv6("r3", 4);
    };
    List<PathMtuEvent> events = new ArrayList<>();
    Tracer.Timing timing = new Tracer.Timing();
    PathMtuResult r = t().call("client", () -> PathMtuTracer.run(dst, icmp, 65535, 30, 44444,
        Duration.ofSeconds(1), events::add, timing));
    assertThat(r.reached()).isTrue();
    long replies = events.stream()
        .filter(e -> e instanceof PathMtuEvent.Reply p && p.rttNanos() >= 0).count();
    long local = events.stream()
        .filter(e -> e instanceof PathMtuEvent.LocalMtu l && l.rttNanos() >= 0).count();
    assertThat(replies).isGreaterThanOrEqualTo(3);
    assertThat(timing.kernelRtts).isEqualTo(replies);
    assertThat(timing.clockRtts).isEqualTo(local);
  }
}
