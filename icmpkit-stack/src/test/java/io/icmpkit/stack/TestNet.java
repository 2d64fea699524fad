package io.icmpkit.stack;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.icmpkit.stack.iface.FilterRule;
import io.icmpkit.stack.iface.NodeInterface;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.ipv6.Ipv6Packet;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Nodes wired with in-memory point-to-point links, driven on a virtual clock. Packets that leave
 * by an interface with no link are "outside" (what host H1 behind R1 eth0 would see).
 */
final class TestNet {
  record Emitted(Node node, NodeInterface egress, InetAddress nextHop, byte[] packet) {
    Ipv4Packet ip4() {
      return Ipv4Packet.checked(MemorySegment.ofArray(packet));
    }

    Ipv6Packet ip6() {
      return Ipv6Packet.checked(MemorySegment.ofArray(packet));
    }

    int version() {
      return (packet[0] & 0xFF) >>> 4;
    }

    boolean isIcmp4() {
      return version() == 4 && ip4().protocol() == 1;
    }

    Icmpv4Message icmp4() {
      return Icmpv4Message.parse(Icmpv4Packet.checked(ip4().payload()), ChecksumPolicy.VERIFY);
    }

    Icmpv6Message icmp6() {
      Ipv6Packet p = ip6();
      return Icmpv6Message.parse(Icmpv6Packet.checked(p.upperLayerPayload()), p.source(), p.destination(),
          ChecksumPolicy.VERIFY, io.icmpkit.wire.AnomalySink.IGNORE);
    }
  }

  private final Map<NodeInterface, Object[]> peers = new HashMap<>();
  private final List<Node> nodes = new ArrayList<>();
  final List<Emitted> outside = new ArrayList<>();
  final List<Emitted> all = new ArrayList<>();
  private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
  long now = 1_000_000_000L;

  Node r1;
  Node r2;
  Node h3;

  Node add(Node n) {
    nodes.add(n);
    return n;
  }

  void link(Node a, String ia, Node b, String ib) {
    peers.put(a.iface(ia), new Object[] {b, b.iface(ib)});
    peers.put(b.iface(ib), new Object[] {a, a.iface(ia)});
  }

  Transmit transmit(Node n) {
    return (egress, nextHop, seg) -> {
      Emitted e = new Emitted(n, egress, nextHop, seg.toArray(JAVA_BYTE));
      all.add(e);
      Object[] peer = peers.get(egress);
      if (peer == null) {
        outside.add(e);
      } else {
        queue.add(new Object[] {peer[0], peer[1], e.packet()});
      }
    };
  }

  /** Injects a packet into {@code n}'s interface and runs the network until it is quiet. */
  List<Emitted> inject(Node n, String iface, byte[] packet) {
    int before = outside.size();
    n.receive(MemorySegment.ofArray(packet), n.iface(iface), now, transmit(n));
    run();
    return new ArrayList<>(outside.subList(before, outside.size()));
  }

  List<Emitted> inject(Node n, String iface, String vector) {
    return inject(n, iface, vec(vector));
  }

  /** Injects at R1 eth0, as host H1 would send. */
  List<Emitted> fromH1(String vector) {
    return inject(r1, "eth0", vector);
  }

  List<Emitted> fromH1(byte[] packet) {
    return inject(r1, "eth0", packet);
  }

  void run() {
    for (int steps = 0; !queue.isEmpty(); steps++) {
      if (steps > 100_000) {
        throw new AssertionError("network did not settle");
      }
      Object[] q = queue.poll();
      Node n = (Node) q[0];
      n.receive(MemorySegment.ofArray((byte[]) q[2]), (NodeInterface) q[1], now, transmit(n));
    }
  }

  List<Emitted> advance(long nanos) {
    int before = outside.size();
    now += nanos;
    for (Node n : nodes) {
      n.tick(now, transmit(n));
    }
    run();
    return new ArrayList<>(outside.subList(before, outside.size()));
  }

  private static final Map<String, Octets> VECTORS = Vectors.load("stack");

  static byte[] vec(String name) {
    Octets o = VECTORS.get(name);
    if (o == null) {
      throw new IllegalStateException("no vector " + name + " in set stack");
    }
    return o.toByteArray();
  }

  static Octets octets(byte[] b, int from, int to) {
    return Octets.of(java.util.Arrays.copyOfRange(b, from, to));
  }

  /** The standard topology of tools/vectors/gen_stack.py. */
  static TestNet standard(StackConfig r1cfg, StackConfig r2cfg, long seed) {
    TestNet t = new TestNet();
    SplittableRandom rnd = new SplittableRandom(seed);
    t.r1 = t.add(Node.builder("r1").router(true)
        .iface("eth0", i -> i.mtu(1500).address("10.0.1.1/24").address("2001:db8:1::1/64").address("fe80::1/64"))
        .iface("eth1", i -> i.mtu(1400).address("10.0.2.1/24").address("2001:db8:2::1/64"))
        .iface("eth2", 1500, "10.0.4.1/24")
        .route("10.0.3.0/24", "10.0.2.2", "eth1")
        .route("2001:db8:3::/64", "2001:db8:2::2", "eth1")
        .route("10.0.5.0/24", "10.0.1.3", "eth0")
        .route("2001:db8:5::/64", "2001:db8:1::3", "eth0")
        .unreachable("10.9.0.0/16")
        .prohibit("10.8.0.0/16")
        .ecmp("10.7.0.0/16", "10.0.2.2@eth1", "10.0.4.2@eth2")
        .filter(FilterRule.prohibit(null, "10.0.3.99/32", -1))
        .config(r1cfg).random(rnd.split()).utcOffsetMillis(0).build());
    t.r2 = t.add(Node.builder("r2").router(true)
        .iface("eth0", i -> i.mtu(1400).address("10.0.2.2/24").address("2001:db8:2::2/64").mpls(16001, 0, 1))
        .iface("eth1", i -> i.mtu(1500).address("10.0.3.1/24").address("2001:db8:3::1/64"))
        .route("0.0.0.0/0", "10.0.2.1", "eth0")
        .route("::/0", "2001:db8:2::1", "eth0")
        .config(r2cfg).random(rnd.split()).utcOffsetMillis(0).build());
    t.h3 = t.add(Node.builder("h3")
        .iface("eth0", 1500, "10.0.3.2/24", "2001:db8:3::2/64")
        .route("0.0.0.0/0", "10.0.3.1", "eth0")
        .route("::/0", "2001:db8:3::1", "eth0")
        .listenUdp(53)
        .random(rnd.split()).utcOffsetMillis(0).build());
    t.link(t.r1, "eth1", t.r2, "eth0");
    t.link(t.r2, "eth1", t.h3, "eth0");
    return t;
  }

  /** Rate limiting and IGMP/MLD queries off, so a test sees only what its packets cause. */
  static TestNet standard() {
    StackConfig quiet = StackConfig.builder().rateLimit(RateLimitConfig.OFF).multicastQuerier(false).build();
    return standard(quiet, quiet, 42);
  }

  /** Rate limiting off, queriers on. */
  static TestNet querying() {
    StackConfig cfg = StackConfig.builder().rateLimit(RateLimitConfig.OFF).multicastQuerier(true).build();
    return standard(cfg, cfg, 42);
  }
}
