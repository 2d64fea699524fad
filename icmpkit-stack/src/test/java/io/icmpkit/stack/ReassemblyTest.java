package io.icmpkit.stack;

import static io.icmpkit.stack.TestNet.octets;
import static io.icmpkit.stack.TestNet.vec;
import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.StackCounters.Counter;
import io.icmpkit.stack.TestNet.Emitted;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.icmpv4.Icmpv4Message.TimeExceeded;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReassemblyTest {
  @Test
  void timeoutSendsTimeExceededCode1WhenTheFirstFragmentArrived() {
    TestNet net = TestNet.standard();
    assertThat(net.fromH1("frag_first")).isEmpty();
    assertThat(net.advance(29_999_000_000L)).isEmpty();
    List<Emitted> out = net.advance(1_000_000L);
    assertThat(out).hasSize(1);
    TimeExceeded t = (TimeExceeded) out.getFirst().icmp4();
    assertThat(t.code()).isEqualTo(1);
    assertThat(t.originalDatagram()).isEqualTo(octets(vec("frag_first"), 0, vec("frag_first").length));
    assertThat(net.r1.counters().get(Counter.IP_REASM_TIMEOUT)).isEqualTo(1);
    assertThat(net.r1.reassemblyMemory()).isZero();
  }

  @Test
  void timeoutWithoutTheFirstFragmentIsSilent() {
    TestNet net = TestNet.standard();
    assertThat(net.fromH1("frag_second_only")).isEmpty();
    assertThat(net.advance(31_000_000_000L)).isEmpty();
    assertThat(net.r1.counters().get(Counter.IP_REASM_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void pingOfDeathIsDroppedAndCounted() {
    TestNet net = TestNet.standard();
    assertThat(net.fromH1("pod_first")).isEmpty();
    assertThat(net.r1.reassemblyQueues()).isEqualTo(1);
    assertThat(net.fromH1("pod_last")).isEmpty();
    assertThat(net.r1.counters().get(Counter.IP_REASM_OVERSIZE)).isEqualTo(1);
    assertThat(net.r1.reassemblyQueues()).isZero();
    assertThat(net.r1.reassemblyMemory()).isZero();
    assertThat(net.advance(60_000_000_000L)).isEmpty();
    assertThat(net.fromH1("echo_r1")).hasSize(1);
  }

  @Test
  void fragmentFloodStaysUnderTheMemoryCap() {
    long high = 256 * 1024;
    StackConfig cfg = StackConfig.builder().rateLimit(RateLimitConfig.OFF).multicastQuerier(false)
        .reassemblyMemory(192 * 1024, high).build();
    TestNet net = TestNet.standard(cfg, StackConfig.DEFAULTS, 5);
    byte[] frag = vec("flood_frag");
    MemorySegment s = MemorySegment.ofArray(frag);
    long peak = 0;
    for (int i = 0; i < 100_000; i++) {
      // a fresh identification and source per fragment: 100k incomplete datagrams (BAD-INPUTS row 18)
      frag[4] = (byte) (i >>> 8);
      frag[5] = (byte) i;
      frag[14] = (byte) (i >>> 16);
      frag[10] = 0;
      frag[11] = 0;
      int sum = Checksum.compute(s, 0, 20);
      frag[10] = (byte) (sum >>> 8);
      frag[11] = (byte) sum;
      net.r1.receive(s, net.r1.iface("eth0"), net.now, (e, n, p) -> {});
      peak = Math.max(peak, net.r1.reassemblyMemory());
    }
    assertThat(peak).isLessThanOrEqualTo(high + 2 * 1024);
    assertThat(net.r1.counters().get(Counter.IP_REASM_EVICTED)).isGreaterThan(90_000);
    assertThat(net.r1.reassemblyQueues()).isLessThan(1000);
    // still answers a normal ping, and a fragmented one
    assertThat(net.fromH1("echo_r1")).hasSize(1);
  }

  @Test
  void overlappingFragmentsDropTheDatagram() {
    TestNet net = TestNet.standard();
    byte[] first = vec("frag_first");
    assertThat(net.fromH1(first)).isEmpty();
    assertThat(net.fromH1(first)).isEmpty(); // an exact duplicate is ignored
    assertThat(net.r1.reassemblyQueues()).isEqualTo(1);
    byte[] overlap = first.clone();
    MemorySegment s = MemorySegment.ofArray(overlap);
    // same datagram, offset 8 bytes: overlaps the first fragment
    overlap[6] = 0x20;
    overlap[7] = 1;
    overlap[10] = 0;
    overlap[11] = 0;
    int sum = Checksum.compute(s, 0, 20);
    overlap[10] = (byte) (sum >>> 8);
    overlap[11] = (byte) sum;
    assertThat(net.fromH1(overlap)).isEmpty();
    assertThat(net.r1.counters().get(Counter.IP_REASM_OVERLAPS)).isEqualTo(1);
    assertThat(net.r1.reassemblyQueues()).isZero();
  }
}
