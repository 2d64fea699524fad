package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Tracer's bookkeeping over a scripted channel, no kernel: answers are assigned by the probe
 * they quote whatever their order, the trace stops at the first final hop, late and duplicate
 * answers are ignored, hops are reported in TTL order, and MTU steps resend the probe.
 */
class TracerMatchingTest {
  static final InetAddress DST = addr("192.0.2.9");

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static InetAddress hop(int ttl) {
    return addr("198.51.100." + ttl);
  }

  /**
   * Answers every batch of sent probes at the next poll, in reverse order; the router at TTL n is
   * 198.51.100.n, the destination is at {@code hops}; sequence numbers in {@code silent} never get
   * an answer, those in {@code twice} get two.
   */
  static final class Scripted implements ProbeChannel {
    final int hops;
    final List<Integer> silent;
    final List<Integer> twice;
    final List<int[]> sent = new ArrayList<>(); // seq, ttl, length
    final List<Answer> queue = new ArrayList<>();
    int mtuAtHop = -1;
    int mtu = 0;

    Scripted(int hops, List<Integer> silent, List<Integer> twice) {
      this.hops = hops;
      this.silent = silent;
      this.twice = twice;
    }

    @Override
    public boolean privileged() {
      return false;
    }

    @Override
    public void send(int seq, int ttl, int packetLength) {
      sent.add(new int[] {seq, ttl, packetLength});
      if (silent.contains(seq)) {
        return;
      }
      long now = System.nanoTime();
      Answer a;
      if (mtuAtHop > 0 && ttl > mtuAtHop && packetLength > mtu) {
        a = new Answer(seq, hop(mtuAtHop), now, 64 - mtuAtHop + 1, 3, 4, mtu, false, 0, null);
      } else if (ttl >= hops) {
        a = new Answer(seq, DST, now, 64 - hops + 1, 3, 3, 0, false, 0, null);
      } else {
        a = new Answer(seq, hop(ttl), now, 64 - ttl + 1, 11, 0, 0, false, 0, null);
      }
      queue.add(a);
      if (twice.contains(seq)) {
        queue.add(a);
      }
    }

    @Override
    public List<Answer> poll(Duration timeout) {
      List<Answer> out = new ArrayList<>(queue);
      queue.clear();
      Collections.reverse(out);
      if (out.isEmpty() && timeout.isPositive()) {
        try {
          Thread.sleep(Math.min(timeout.toMillis(), 5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return out;
    }

    @Override
    public MtuChange localMtu(int below) {
      return null;
    }

    @Override
    public void close() {}
  }

  static TraceRequest.Builder request() {
    return TraceRequest.to(DST).waitMax(Duration.ofMillis(200)).waitHere(0).waitNear(0);
  }

  @Test
  void answersGoToTheProbeTheyQuoteWhateverTheOrder() {
    Scripted c = new Scripted(4, List.of(), List.of());
    List<Integer> reported = new ArrayList<>();
    TraceResult r = Tracer.trace(request().build(), c, h -> reported.add(h.ttl()));
    assertThat(reported).containsExactly(1, 2, 3, 4);
    assertThat(r.reached()).isTrue();
    for (Hop h : r.hops()) {
      InetAddress expected = h.ttl() == 4 ? DST : hop(h.ttl());
      assertThat(h.probes()).extracting(ProbeReply::responder).containsOnly(expected);
      assertThat(h.probes()).extracting(ProbeReply::index).containsExactly(0, 1, 2);
      assertThat(h.probes()).allSatisfy(p -> assertThat(p.backHops()).isEqualTo(h.ttl()));
    }
  }

  @Test
  void stopsAtTheFirstFinalHopAndIgnoresWhatLies() {
    Scripted c = new Scripted(3, List.of(), List.of(0, 4));
    TraceResult r = Tracer.trace(request().maxTtl(30).build(), c, TraceListener.NONE);
    assertThat(r.hops()).hasSize(3);
    assertThat(r.hops().getLast().probes()).extracting(ProbeReply::kind)
        .containsOnly(ProbeReply.Kind.REACHED);
    // 16 in flight: the probes of TTL 4 and 5 were sent before the answer from TTL 3 came back
    assertThat(c.sent).hasSize(16);
  }

  @Test
  void silentProbesTimeOutAndTheirHopStillComes() {
    Scripted c = new Scripted(3, List.of(3, 4, 5), List.of());
    TraceResult r = Tracer.trace(request().build(), c, TraceListener.NONE);
    assertThat(r.hops()).hasSize(3);
    assertThat(r.hops().get(1).probes()).extracting(ProbeReply::kind)
        .containsOnly(ProbeReply.Kind.TIMEOUT);
    assertThat(r.hops().get(1).responders()).isEmpty();
    assertThat(r.hops().get(2).reached()).isTrue();
  }

  @Test
  void parallelismIsBounded() {
    Scripted c = new Scripted(5, List.of(), List.of());
    Tracer.trace(request().simultaneous(1).build(), c, TraceListener.NONE);
    // one at a time: nothing beyond the destination's hop is sent (its hop is completed)
    assertThat(c.sent).hasSize(15);
    assertThat(c.sent).extracting(s -> s[1]).isSorted();
  }

  @Test
  void tooBigResendsTheProbeSmallerAndRecordsWhoSaidSo() {
    Scripted c = new Scripted(4, List.of(), List.of());
    c.mtuAtHop = 2;
    c.mtu = 1400;
    TraceResult r = Tracer.trace(request().pathMtu(true).packetLength(1500).simultaneous(1)
        .build(), c, TraceListener.NONE);
    assertThat(r.reached()).isTrue();
    assertThat(r.mtuChanges()).containsExactly(new MtuChange(1400, hop(2)));
    assertThat(r.packetLength()).isEqualTo(1400);
    assertThat(r.hops().get(2).probes().getFirst().mtu()).isEqualTo(1400);
    assertThat(r.hops()).flatExtracting(Hop::probes).extracting(ProbeReply::flag).containsOnly("");
  }

  @Test
  void withoutMtuDiscoveryTooBigIsFinal() {
    Scripted c = new Scripted(4, List.of(), List.of());
    c.mtuAtHop = 2;
    c.mtu = 1400;
    TraceResult r = Tracer.trace(request().packetLength(1500).build(), c, TraceListener.NONE);
    assertThat(r.reached()).isFalse();
    assertThat(r.hops()).hasSize(3);
    assertThat(r.hops().getLast().probes()).extracting(ProbeReply::flag).containsOnly("!F-1400");
  }

  @Test
  void requestChecksItsValues() {
    assertThatThrownBy(() -> request().probesPerHop(11).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> request().firstTtl(5).maxTtl(4).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> request().simultaneous(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(request().build().packetLength()).isEqualTo(60);
    assertThat(TraceRequest.to(addr("2001:db8::1")).build().packetLength()).isEqualTo(80);
    assertThat(request().pathMtu(true).build().packetLength()).isEqualTo(65000);
    assertThat(request().method(ProbeMethod.TCP).build().port()).isEqualTo(80);
  }

  @Test
  void flagsAsTraceroute() {
    assertThat(flag(DST, 3, 0)).isEqualTo("!N");
    assertThat(flag(DST, 3, 1)).isEqualTo("!H");
    assertThat(flag(DST, 3, 2)).isEqualTo("!P");
    assertThat(flag(DST, 3, 13)).isEqualTo("!X");
    assertThat(flag(DST, 3, 5)).isEqualTo("!S");
    assertThat(flag(DST, 3, 14)).isEqualTo("!V");
    assertThat(flag(DST, 3, 15)).isEqualTo("!C");
    assertThat(flag(DST, 3, 200)).isEqualTo("!<200>");
    InetAddress v6 = addr("2001:db8::1");
    assertThat(flag(v6, 1, 0)).isEqualTo("!N");
    assertThat(flag(v6, 1, 1)).isEqualTo("!X");
    assertThat(flag(v6, 1, 3)).isEqualTo("!H");
    assertThat(flag(v6, 1, 7)).isEqualTo("!<7>");
  }

  static String flag(InetAddress from, int type, int code) {
    return new ProbeReply(1, 0, ProbeReply.Kind.UNREACHABLE, from, 1, 64, type, code, 0, null)
        .flag();
  }
}
