package io.icmpkit.stack.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network without a TUN: packets handed in as the host would send them, time driven by hand. */
class VirtualNetworkTest {
  static final long MS = 1_000_000L;
  static final long T0 = 1_000_000_000_000L;

  record Out(long at, byte[] bytes) {
    int u8(int off) {
      return bytes[off] & 0xff;
    }

    String src() throws Exception {
      return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)).getHostAddress();
    }
  }

  static final class Harness {
    final List<Out> out = new ArrayList<>();
    final VirtualNetwork net;

    Harness(String sample) {
      net = VirtualNetwork.build(TopologyLoader.load(TopologyLoaderTest.SAMPLES.resolve(sample)),
          (p, now) -> out.add(new Out(now, p.toArray(ValueLayout.JAVA_BYTE))));
    }

    void send(byte[] packet, long at) {
      net.advance(at);
      net.fromHost(MemorySegment.ofArray(packet), at);
      net.advance(at);
    }

    /** Runs the network until {@code until}, stepping through every deadline. */
    void runUntil(long until) {
      long t;
      while ((t = net.nextDeadline()) - until <= 0) {
        net.advance(t);
      }
      net.advance(until);
    }
  }

  /** An IPv4 ICMP echo request with {@code payload} bytes of data. */
  static byte[] echo4(String src, String dst, int ttl, int id, int seq, int payload) throws Exception {
    byte[] b = new byte[28 + payload];
    b[0] = 0x45;
    b[2] = (byte) (b.length >> 8);
    b[3] = (byte) b.length;
    b[4] = 0x12;
    b[8] = (byte) ttl;
    b[9] = 1;
    System.arraycopy(InetAddress.getByName(src).getAddress(), 0, b, 12, 4);
    System.arraycopy(InetAddress.getByName(dst).getAddress(), 0, b, 16, 4);
    int hc = Checksum.compute(MemorySegment.ofArray(b), 0, 20);
    b[10] = (byte) (hc >> 8);
    b[11] = (byte) hc;
    b[20] = 8;
    b[24] = (byte) (id >> 8);
    b[25] = (byte) id;
    b[26] = (byte) (seq >> 8);
    b[27] = (byte) seq;
    for (int i = 0; i < payload; i++) {
      b[28 + i] = (byte) i;
    }
    int c = Checksum.compute(MemorySegment.ofArray(b), 20, b.length - 20);
    b[22] = (byte) (c >> 8);
    b[23] = (byte) c;
    return b;
  }

  @Test
  void echoThroughFiveHopsTakesTheConfiguredDelay() throws Exception {
    Harness h = new Harness("path5.yaml");
    h.send(echo4("198.18.0.1", "198.18.4.2", 64, 7, 1, 56), T0);
    h.runUntil(T0 + 100 * MS);
    assertThat(h.out).hasSize(1);
    Out reply = h.out.getFirst();
    assertThat(reply.u8(20)).as("type").isEqualTo(0);
    assertThat(reply.src()).isEqualTo("198.18.4.2");
    assertThat(reply.u8(8)).as("ttl: 64 - 4 routers").isEqualTo(60);
    // one way 0.2 + 1 + 2 (+-0.5 jitter) + 5 + 1 ms
    long rtt = reply.at() - T0;
    assertThat(rtt).isBetween(2 * 8_700_000L, 2 * 9_700_000L);
  }

  @Test
  void ttlTwoExpiresAtTheSecondRouter() throws Exception {
    Harness h = new Harness("path5.yaml");
    h.send(echo4("198.18.0.1", "198.18.4.2", 2, 7, 1, 56), T0);
    h.runUntil(T0 + 100 * MS);
    assertThat(h.out).hasSize(1);
    assertThat(h.out.getFirst().u8(20)).as("time exceeded").isEqualTo(11);
    assertThat(h.out.getFirst().src()).isEqualTo("198.18.1.2");
  }

  @Test
  void dontFragmentOverTheSmallLinkGetsFragNeeded() throws Exception {
    Harness h = new Harness("path5.yaml");
    byte[] p = echo4("198.18.0.1", "198.18.4.2", 64, 7, 1, 1472);
    p[6] = 0x40; // DF
    int hc = 0;
    p[10] = 0;
    p[11] = 0;
    hc = Checksum.compute(MemorySegment.ofArray(p), 0, 20);
    p[10] = (byte) (hc >> 8);
    p[11] = (byte) hc;
    h.send(p, T0);
    h.runUntil(T0 + 100 * MS);
    assertThat(h.out).hasSize(1);
    Out e = h.out.getFirst();
    assertThat(e.u8(20)).isEqualTo(3);
    assertThat(e.u8(21)).isEqualTo(4);
    assertThat(e.u8(26) << 8 | e.u8(27)).as("next-hop MTU").isEqualTo(1400);
    assertThat(e.src()).isEqualTo("198.18.2.2");
    assertThat(h.net.links().get("r3-r4").counters().tooBig()).isZero();
  }

  @Test
  void noNeighbourOnTheLanIsCountedNotAnswered() throws Exception {
    Harness h = new Harness("lan.yaml");
    h.send(echo4("198.18.0.1", "198.18.20.11", 64, 1, 1, 8), T0);
    h.send(echo4("198.18.0.1", "198.18.20.99", 64, 1, 2, 8), T0 + MS);
    h.runUntil(T0 + 100 * MS);
    // only ICMP counts here (gw is the LAN's IGMP/MLD querier: its queries reach the host too)
    List<Out> icmp = h.out.stream().filter(o -> o.u8(0) >> 4 == 4 && o.u8(9) == 1).toList();
    assertThat(icmp).hasSize(1);
    assertThat(icmp.getFirst().src()).isEqualTo("198.18.20.11");
    assertThat(h.net.links().get("lan").counters().noNeighbour()).isEqualTo(1);
  }

  @Test
  void deadlinesIncludeTimerTicks() {
    Harness h = new Harness("ecmp-diamond.yaml");
    h.net.advance(T0);
    assertThat(h.net.nextDeadline()).isEqualTo(T0 + VirtualNetwork.TICK_NANOS);
  }

  @Test
  void sampleFilesBuild() throws Exception {
    for (String s : List.of("path5.yaml", "ecmp-diamond.yaml", "lan.yaml")) {
      VirtualNetwork n = VirtualNetwork.build(Topology.load(Path.of("..", "samples", "topologies", s)),
          (p, t) -> { });
      assertThat(n.nodes()).isNotEmpty();
    }
  }
}
