package io.icmpkit.stack.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.topology.Topology.Endpoint;
import io.icmpkit.stack.topology.Topology.LinkSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchedulerAndLinkTest {
  static final long MS = 1_000_000;

  /** A port recording what it receives and when. */
  static final class Recorder implements EmulatedLink.Port {
    final List<Prefix> prefixes;
    final List<Long> times = new ArrayList<>();
    final List<Integer> firstBytes = new ArrayList<>();

    Recorder(String... prefixes) {
      this.prefixes = java.util.Arrays.stream(prefixes).map(Prefix::parse).toList();
    }

    @Override
    public List<Prefix> prefixes() {
      return prefixes;
    }

    @Override
    public void deliver(MemorySegment packet, long nowNanos) {
      times.add(nowNanos);
      firstBytes.add(packet.byteSize() > 20 ? packet.get(ValueLayout.JAVA_BYTE, 20) & 0xff : -1);
    }
  }

  /** An IPv4 header to {@code dst}, {@code len} bytes long, byte 20 = {@code tag}. */
  static MemorySegment packet(String dst, int len, int tag) throws Exception {
    byte[] b = new byte[len];
    b[0] = 0x45;
    System.arraycopy(InetAddress.getByName(dst).getAddress(), 0, b, 16, 4);
    if (len > 20) {
      b[20] = (byte) tag;
    }
    return MemorySegment.ofArray(b);
  }

  static LinkSpec spec(int mtu, long delayMs, long jitterMs, double loss, int ends) {
    List<Endpoint> e = new ArrayList<>();
    for (int i = 0; i < ends; i++) {
      e.add(new Endpoint("n" + i, "eth0"));
    }
    return new LinkSpec("l", e, mtu, Duration.ofMillis(delayMs), Duration.ofMillis(jitterMs), loss);
  }

  @Test
  void schedulerRunsInTimeThenSubmissionOrder() {
    Scheduler s = new Scheduler();
    List<String> ran = new ArrayList<>();
    s.schedule(30, () -> ran.add("c"));
    s.schedule(10, () -> ran.add("a"));
    s.schedule(10, () -> {
      ran.add("b");
      s.schedule(20, () -> ran.add("nested"));
    });
    assertThat(s.nextDue()).isEqualTo(10);
    assertThat(s.runDue(9)).isZero();
    assertThat(s.runDue(25)).isEqualTo(3);
    assertThat(ran).containsExactly("a", "b", "nested");
    assertThat(s.nextDue()).isEqualTo(30);
    s.runDue(30);
    assertThat(s.nextDue()).isEqualTo(Long.MAX_VALUE);
    assertThat(s.pending()).isZero();
  }

  @Test
  void delayIsAppliedWithoutSleeping() throws Exception {
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1500, 5, 0, 0, 2), s, new SplittableRandom(1));
    Recorder a = new Recorder("198.18.1.1/24");
    Recorder b = new Recorder("198.18.1.2/24");
    link.attach(a);
    link.attach(b);
    link.send(a, null, packet("198.18.1.2", 64, 1), 100 * MS);
    link.send(b, null, packet("198.18.1.1", 64, 2), 101 * MS);
    assertThat(s.runDue(104 * MS)).isZero();
    s.runDue(105 * MS);
    assertThat(b.times).containsExactly(105 * MS);
    assertThat(a.times).isEmpty();
    s.runDue(200 * MS);
    assertThat(a.times).containsExactly(106 * MS);
    assertThat(link.counters().delivered()).isEqualTo(2);
  }

  @Test
  void packetIsCopiedAtSend() throws Exception {
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1500, 1, 0, 0, 2), s, new SplittableRandom(1));
    Recorder a = new Recorder("198.18.1.1/24");
    Recorder b = new Recorder("198.18.1.2/24");
    link.attach(a);
    link.attach(b);
    MemorySegment p = packet("198.18.1.2", 64, 7);
    link.send(a, null, p, 0);
    p.set(ValueLayout.JAVA_BYTE, 20, (byte) 99); // the sender reuses its buffer
    s.runDue(MS);
    assertThat(b.firstBytes).containsExactly(7);
  }

  @Test
  void mtuDropsLongerPackets() throws Exception {
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1400, 0, 0, 0, 2), s, new SplittableRandom(1));
    Recorder a = new Recorder("198.18.1.1/24");
    Recorder b = new Recorder("198.18.1.2/24");
    link.attach(a);
    link.attach(b);
    link.send(a, null, packet("198.18.1.2", 1400, 1), 0);
    link.send(a, null, packet("198.18.1.2", 1401, 2), 0);
    s.runDue(0);
    assertThat(b.firstBytes).containsExactly(1);
    assertThat(link.counters().tooBig()).isEqualTo(1);
  }

  @Test
  void lossFollowsTheProbability() throws Exception {
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1500, 0, 0, 0.25, 2), s, new SplittableRandom(42));
    Recorder a = new Recorder("198.18.1.1/24");
    Recorder b = new Recorder("198.18.1.2/24");
    link.attach(a);
    link.attach(b);
    for (int i = 0; i < 800; i++) {
      link.send(a, null, packet("198.18.1.2", 40, i), i);
      s.runDue(i);
    }
    // binomial(800, 0.25): mean 200, sd ~12.2; +-5 sd
    assertThat(link.counters().lost()).isBetween(139L, 261L);
    assertThat(b.times.size() + link.counters().lost()).isEqualTo(800);
  }

  @Test
  void jitterNeverReorders() throws Exception {
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1500, 10, 9, 0, 2), s, new SplittableRandom(3));
    Recorder a = new Recorder("198.18.1.1/24");
    Recorder b = new Recorder("198.18.1.2/24");
    link.attach(a);
    link.attach(b);
    for (int i = 0; i < 100; i++) {
      link.send(a, null, packet("198.18.1.2", 40, i), i * 100_000L);
    }
    s.runDue(Long.MAX_VALUE / 2);
    assertThat(b.firstBytes).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(b.firstBytes.get(i)).isEqualTo(i);
    }
    assertThat(b.times).isSorted();
    assertThat(b.times.getFirst()).isBetween(MS, 19 * MS);
    assertThat(b.times.stream().distinct().count()).isGreaterThan(10); // the jitter varies
  }

  @Test
  void lanDeliversToTheNextHopOrToEveryoneOnBroadcast() throws Exception {
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1500, 0, 0, 0, 4), s, new SplittableRandom(1));
    Recorder gw = new Recorder("198.18.20.1/24");
    Recorder h1 = new Recorder("198.18.20.11/24");
    Recorder h2 = new Recorder("198.18.20.12/24");
    Recorder h3 = new Recorder("198.18.20.13/24");
    for (Recorder r : List.of(gw, h1, h2, h3)) {
      link.attach(r);
    }
    link.send(gw, null, packet("198.18.20.12", 40, 1), 0);
    link.send(h1, InetAddress.getByName("198.18.20.1"), packet("203.0.113.5", 40, 2), 0);
    link.send(gw, null, packet("198.18.20.99", 40, 3), 0);
    link.send(gw, null, packet("198.18.20.255", 40, 4), 0);
    link.send(h3, null, packet("224.0.0.1", 40, 5), 0);
    s.runDue(0);
    assertThat(h2.firstBytes).containsExactly(1, 4, 5);
    assertThat(gw.firstBytes).containsExactly(2, 5);
    assertThat(h1.firstBytes).containsExactly(4, 5);
    assertThat(h3.firstBytes).containsExactly(4);
    assertThat(link.counters().noNeighbour()).isEqualTo(1);
  }

  @Test
  void lanEndsWithManyAddressesAndSubnets() throws Exception {
    // next hops and broadcasts are resolved from maps built at attach: every address of every
    // end, the broadcast of each end's every subnet, never the sender itself
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1500, 0, 0, 0, 3), s, new SplittableRandom(1));
    String[] many = new String[300];
    for (int i = 0; i < many.length; i++) {
      many[i] = "198.18." + (17 + i / 256) + "." + (i % 256) + "/20";
    }
    Recorder big = new Recorder(many);
    Recorder gw = new Recorder("198.18.16.1/20", "198.18.40.1/24");
    Recorder other = new Recorder("198.18.40.7/24", "198.18.17.5/20"); // also owns one of big's
    for (Recorder r : List.of(gw, big, other)) {
      link.attach(r);
    }
    link.send(gw, null, packet("198.18.18.43", 40, 1), 0);   // big's 300th address
    link.send(gw, null, packet("198.18.17.5", 40, 2), 0);    // both: the first attached wins
    link.send(big, null, packet("198.18.17.5", 40, 3), 0);   // ... but never the sender
    link.send(gw, null, packet("198.18.40.255", 40, 4), 0);  // the broadcast of gw's second subnet
    link.send(gw, null, packet("198.18.31.255", 40, 5), 0);  // the /20's broadcast
    link.send(gw, null, packet("198.18.18.44", 40, 6), 0);   // nobody's
    s.runDue(0);
    assertThat(big.firstBytes).containsExactly(1, 2, 4, 5);
    assertThat(other.firstBytes).containsExactly(3, 4, 5);
    assertThat(gw.firstBytes).isEmpty();
    assertThat(link.counters().noNeighbour()).isEqualTo(1);
  }

  @Test
  void inFlightIsBounded() throws Exception {
    Scheduler s = new Scheduler();
    EmulatedLink link = new EmulatedLink(spec(1500, 100, 0, 0, 2), s, new SplittableRandom(1));
    Recorder a = new Recorder("198.18.1.1/24");
    Recorder b = new Recorder("198.18.1.2/24");
    link.attach(a);
    link.attach(b);
    for (int i = 0; i < EmulatedLink.MAX_IN_FLIGHT + 10; i++) {
      link.send(a, null, packet("198.18.1.2", 40, i), 0);
    }
    assertThat(link.counters().queueFull()).isEqualTo(10);
    s.runDue(100 * MS);
    assertThat(b.times).hasSize(EmulatedLink.MAX_IN_FLIGHT);
  }
}
