package io.icmpkit.stack.topology;

import io.icmpkit.stack.ErrorSourcePolicy;
import io.icmpkit.stack.Node;
import io.icmpkit.stack.RateLimitConfig;
import io.icmpkit.stack.StackConfig;
import io.icmpkit.stack.Transmit;
import io.icmpkit.stack.iface.FilterRule;
import io.icmpkit.stack.iface.Membership;
import io.icmpkit.stack.iface.NodeInterface;
import io.icmpkit.stack.topology.RoutePlanner.Hop;
import io.icmpkit.stack.topology.RoutePlanner.PlannedRoute;
import io.icmpkit.stack.topology.Topology.Config;
import io.icmpkit.stack.topology.Topology.Endpoint;
import io.icmpkit.stack.topology.Topology.FilterSpec;
import io.icmpkit.stack.topology.Topology.InterfaceSpec;
import io.icmpkit.stack.topology.Topology.LinkSpec;
import io.icmpkit.stack.topology.Topology.NodeSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * A running virtual network: the {@link Node}s of a {@link Topology} joined by {@link
 * EmulatedLink}s, all driven by one thread through a {@link Scheduler}. The host side is one end
 * of the host link: packets from the host ({@link #fromHost}, e.g. read from the TUN device)
 * cross that link into its node, and every packet reaching the host's end goes to the {@link
 * HostSink} (e.g. written to the TUN device).
 *
 * <pre>{@code
 * VirtualNetwork net = VirtualNetwork.build(Topology.load(path), (packet, now) -> tun.write(packet));
 * while (running) {
 *   long now = System.nanoTime();
 *   int n = tun.read(buf, Duration.ofNanos(Math.max(0, net.nextDeadline() - now)));
 *   now = System.nanoTime();
 *   if (n > 0) net.fromHost(buf.asSlice(0, n), now);
 *   net.advance(now);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread calls {@link #fromHost} and {@link #advance}; counters may be
 * read from any thread.
 */
public final class VirtualNetwork {
  /** How often node timers run (reassembly timeouts, IGMP/MLD timers). */
  static final long TICK_NANOS = 100_000_000L;

  /** Receives the packets the network sends to the host. */
  @FunctionalInterface
  public interface HostSink {
    /** {@code packet} is valid during the call only. */
    void toHost(MemorySegment packet, long nowNanos);
  }

  private final Topology topology;
  private final Scheduler scheduler = new Scheduler();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, EmulatedLink> links = new LinkedHashMap<>();
  private final Map<NodeInterface, NodePort> ports = new HashMap<>();
  private final Map<Node, Transmit> transmits = new HashMap<>();
  private final HostPort hostPort;
  private final EmulatedLink hostLink;
  private final LongAdder unlinked = new LongAdder();
  private long now;
  private long nextTick = Long.MIN_VALUE;

  private VirtualNetwork(Topology topology, HostSink sink, long seed) {
    this.topology = topology;
    SplittableRandom seeds = new SplittableRandom(seed);
    Map<String, List<PlannedRoute>> plan = RoutePlanner.plan(topology);
    Map<Endpoint, Integer> linkMtu = new HashMap<>();
    for (LinkSpec l : topology.links()) {
      for (Endpoint e : l.ends()) {
        linkMtu.put(e, l.mtu());
      }
    }
    for (NodeSpec spec : topology.nodes()) {
      nodes.put(spec.name(), node(spec, spec.config().over(topology.defaults()),
          plan.get(spec.name()), linkMtu, seeds.split()));
    }
    this.hostPort = new HostPort(topology.host().addresses(), sink);
    EmulatedLink host = null;
    for (LinkSpec l : topology.links()) {
      EmulatedLink link = new EmulatedLink(l, scheduler, seeds.split());
      for (Endpoint e : l.ends()) {
        if (e.isHost()) {
          link.attach(hostPort);
          host = link;
        } else {
          Node n = nodes.get(e.node());
          NodePort p = new NodePort(n, n.iface(e.iface()), link);
          ports.put(p.iface, p);
          link.attach(p);
        }
      }
      links.put(l.name(), link);
    }
    this.hostLink = host;
    for (Node n : nodes.values()) {
      transmits.put(n, (egress, nextHop, packet) -> {
        NodePort p = ports.get(egress);
        if (p == null) {
          unlinked.increment(); // an interface on no link: nowhere to go
          return;
        }
        p.link.send(p, nextHop, packet, now);
      });
    }
  }

  /**
   * Builds the network of {@code topology}; packets for the host go to {@code sink}. Randomness
   * (loss, jitter, rate-limit cost, ECMP hash seeds) comes from a fixed seed per network, so a
   * replay of the same input at the same times gives the same output.
   */
  public static VirtualNetwork build(Topology topology, HostSink sink) {
    return build(topology, sink, 0x1c3b_4b17L);
  }

  /** {@link #build(Topology, HostSink)} with a given random seed. */
  public static VirtualNetwork build(Topology topology, HostSink sink, long seed) {
    return new VirtualNetwork(topology, sink, seed);
  }

  private static Node node(NodeSpec spec, Config config, List<PlannedRoute> routes, Map<Endpoint, Integer> linkMtu,
      RandomGenerator random) {
    Node.Builder b = Node.builder(spec.name()).router(spec.router()).random(random);
    int index = 1;
    for (InterfaceSpec i : spec.interfaces()) {
      int ix = index++;
      int mtu = i.mtu().orElse(linkMtu.getOrDefault(new Endpoint(spec.name(), i.name()), 1500));
      b.iface(i.name(), s -> {
        s.index(ix).mtu(mtu);
        for (Prefix p : i.addresses()) {
          s.address(p.toString());
        }
        for (int label : i.mplsLabels()) {
          // the entry as the expiring packet carried it: RFC 4950 quotes the TTL it had (1)
          s.mpls(label, 0, 1);
        }
      });
    }
    for (PlannedRoute r : routes) {
      String to = r.to().toString();
      switch (r.kind()) {
        case UNREACHABLE -> b.unreachable(to);
        case PROHIBIT -> b.prohibit(to);
        case FORWARD -> {
          if (r.hops().size() == 1) {
            Hop h = r.hops().getFirst();
            b.route(to, h.via() == null ? null : h.via().getHostAddress(), h.iface());
          } else {
            b.ecmp(to, r.hops().stream().map(h -> (h.via() == null ? "" : h.via().getHostAddress())
                + "@" + h.iface()).toArray(String[]::new));
          }
        }
      }
    }
    for (int port : spec.udpListeners()) {
      b.listenUdp(port);
    }
    for (FilterSpec f : spec.prohibit()) {
      b.filter(FilterRule.prohibit(f.source().map(Prefix::toString).orElse(null),
          f.destination().map(Prefix::toString).orElse(null), f.protocol().orElse(-1)));
    }
    b.config(config(config));
    return b.build();
  }

  /** The node settings of a topology {@link Config} over the stack's defaults. */
  static StackConfig config(Config c) {
    StackConfig.Builder b = StackConfig.DEFAULTS.toBuilder();
    RateLimitConfig rl = StackConfig.DEFAULTS.rateLimit();
    if (c.rateLimit().orElse(true)) {
      if (c.rateIntervalMs().isPresent() || c.rateBurst().isPresent()) {
        rl = rl.withPerDestination(c.rateIntervalMs().map(Integer::longValue)
            .orElse(rl.perDestinationIntervalMillis()), c.rateBurst().orElse(rl.perDestinationBurst()));
      }
      if (c.globalPerSecond().isPresent() || c.globalBurst().isPresent()) {
        rl = rl.withGlobal(c.globalPerSecond().orElse(rl.globalMessagesPerSecond()),
            c.globalBurst().orElse(rl.globalBurst()));
      }
    } else {
      rl = RateLimitConfig.OFF;
    }
    b.rateLimit(rl);
    c.probe().ifPresent(b::extendedEcho);
    c.addressMask().ifPresent(b::addressMaskReply);
    c.redirects().ifPresent(b::redirects);
    c.extensions().ifPresent(b::rfc4884);
    c.interfaceInfo().ifPresent(b::interfaceInformation);
    c.querier().ifPresent(b::multicastQuerier);
    c.errorSource().ifPresent(s -> b.errorSource(s.equals("outbound")
        ? ErrorSourcePolicy.OUTBOUND_INTERFACE : ErrorSourcePolicy.INBOUND_INTERFACE));
    return b.build();
  }

  /** A packet from the host (read from the TUN device): it crosses the host link. */
  public void fromHost(MemorySegment packet, long nowNanos) {
    now = nowNanos;
    hostLink.send(hostPort, null, packet, nowNanos);
  }

  /** Runs every delivery and timer due at {@code nowNanos}. */
  public void advance(long nowNanos) {
    if (nextTick == Long.MIN_VALUE) {
      nextTick = nowNanos;
      joinGroups(nowNanos);
    }
    while (true) {
      long due = scheduler.nextDue();
      boolean tick = nextTick - nowNanos <= 0;
      if (tick && (due == Long.MAX_VALUE || nextTick - due <= 0)) {
        now = nextTick;
        for (Node n : nodes.values()) {
          n.tick(now, transmits.get(n));
        }
        nextTick += TICK_NANOS;
        continue;
      }
      if (due != Long.MAX_VALUE && due - nowNanos <= 0) {
        now = due;
        scheduler.runDue(due);
        continue;
      }
      break;
    }
    now = nowNanos;
  }

  /** The groups the topology file lists, joined when time starts (their reports need a clock). */
  private void joinGroups(long nowNanos) {
    now = nowNanos;
    for (NodeSpec spec : topology.nodes()) {
      Node n = nodes.get(spec.name());
      for (InterfaceSpec i : spec.interfaces()) {
        for (java.net.InetAddress g : i.groups()) {
          n.joinGroup(i.name(), g.getHostAddress(), transmits.get(n));
        }
      }
    }
  }

  /**
   * Multicast memberships per node (joined by the node, or learned from reports by its querier),
   * at the time of the last {@link #advance}; nodes without any are left out. Call from the
   * thread that drives the network.
   */
  public Map<String, List<Membership>> groups() {
    Map<String, List<Membership>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      List<Membership> g = e.getValue().groups(now);
      if (!g.isEmpty()) {
        out.put(e.getKey(), g);
      }
    }
    return out;
  }

  /** When {@link #advance} next has work (a delivery or a timer); wait at most until then. */
  public long nextDeadline() {
    long due = scheduler.nextDue();
    if (nextTick == Long.MIN_VALUE) {
      return due;
    }
    return due - nextTick < 0 ? due : nextTick;
  }

  public Topology topology() {
    return topology;
  }

  /** The nodes by name, in file order. */
  public Map<String, Node> nodes() {
    return Map.copyOf(nodes);
  }

  public Node node(String name) {
    Node n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return n;
  }

  /** The links by name, in file order. */
  public Map<String, EmulatedLink> links() {
    return java.util.Collections.unmodifiableMap(links);
  }

  /** Packets nodes sent out of an interface that is on no link. */
  public long unlinked() {
    return unlinked.sum();
  }

  /** A node's interface as a link end. */
  private final class NodePort implements EmulatedLink.Port {
    final Node node;
    final NodeInterface iface;
    final EmulatedLink link;
    final List<Prefix> prefixes = new ArrayList<>();

    NodePort(Node node, NodeInterface iface, EmulatedLink link) {
      this.node = node;
      this.iface = iface;
      this.link = link;
      iface.addresses().forEach(a -> prefixes.add(new Prefix(a.address(), a.prefixLength())));
    }

    @Override
    public List<Prefix> prefixes() {
      return prefixes;
    }

    @Override
    public void deliver(MemorySegment packet, long nowNanos) {
      now = nowNanos;
      node.receive(packet, iface, nowNanos, transmits.get(node));
    }
  }

  /** The host's end of the host link. */
  private static final class HostPort implements EmulatedLink.Port {
    final List<Prefix> prefixes;
    final HostSink sink;

    HostPort(List<Prefix> prefixes, HostSink sink) {
      this.prefixes = prefixes;
      this.sink = sink;
    }

    @Override
    public List<Prefix> prefixes() {
      return prefixes;
    }

    @Override
    public void deliver(MemorySegment packet, long nowNanos) {
      sink.toHost(packet, nowNanos);
    }
  }

}
