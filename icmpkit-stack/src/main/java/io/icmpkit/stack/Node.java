package io.icmpkit.stack;

import io.icmpkit.stack.StackCounters.Counter;
import io.icmpkit.stack.iface.Addresses;
import io.icmpkit.stack.iface.FilterRule;
import io.icmpkit.stack.iface.IcmpRateLimiter;
import io.icmpkit.stack.iface.InterfaceAddress;
import io.icmpkit.stack.iface.Membership;
import io.icmpkit.stack.iface.NextHop;
import io.icmpkit.stack.iface.NodeInterface;
import io.icmpkit.stack.iface.Prefix;
import io.icmpkit.stack.iface.Reassembler;
import io.icmpkit.stack.iface.Route;
import io.icmpkit.stack.iface.RouteType;
import io.icmpkit.stack.iface.RoutingTable;
import io.icmpkit.wire.ext.MplsLabelStack;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A host or a router with IPv4 and IPv6 interfaces. It has no thread and no clock: the caller hands
 * it each packet with {@link #receive} and the current time, runs its timers with {@link #tick},
 * and gets every packet it emits through a {@link Transmit}. One thread drives a node; counters,
 * routes, listeners and filters may be read or changed from others.
 *
 * <pre>{@code
 * Node r1 = Node.builder("r1").router(true)
 *     .iface("eth0", i -> i.mtu(1500).address("10.0.1.1/24").address("2001:db8:1::1/64"))
 *     .iface("eth1", i -> i.mtu(1400).address("10.0.2.1/24").mpls(16001, 0, 255))
 *     .route("0.0.0.0/0", "10.0.2.2", "eth1")
 *     .config(StackConfig.builder().rfc4884(true).interfaceInformation(true).build())
 *     .build();
 * r1.receive(packet, r1.iface("eth0"), System.nanoTime(), (out, via, p) -> link.send(out, p));
 * }</pre>
 */
public final class Node {
  private final String name;
  private final boolean router;
  private final List<NodeInterface> interfaces;
  private final Map<String, NodeInterface> byName;
  private final RoutingTable routes;
  private final StackConfig config;
  private final StackCounters counters = new StackCounters();
  private final Set<Integer> udpPorts = ConcurrentHashMap.newKeySet();
  private final Set<Integer> tcpPorts = ConcurrentHashMap.newKeySet();
  private final List<FilterRule> filters = new CopyOnWriteArrayList<>();
  private final long utcOffsetMillis;
  final IcmpRateLimiter limiter;
  final Reassembler reassembler;
  final RandomGenerator random;
  final int hashSeed;
  private final Engine engine;
  final Multicast multicast;

  private Node(Builder b) {
    this.name = b.name;
    this.router = b.router;
    this.config = b.config;
    this.random = b.random;
    this.hashSeed = b.random.nextInt();
    this.utcOffsetMillis = b.utcOffsetMillis;
    List<NodeInterface> list = new ArrayList<>();
    Map<String, NodeInterface> map = new LinkedHashMap<>();
    int next = 1;
    for (IfaceSpec s : b.ifaces) {
      int index = s.index > 0 ? s.index : next;
      next = Math.max(next, index) + 1;
      NodeInterface ni = new NodeInterface(name, s.name, index, s.mtu, s.addresses, s.labels);
      if (map.putIfAbsent(s.name, ni) != null) {
        throw new IllegalArgumentException("duplicate interface " + s.name + " on " + name);
      }
      list.add(ni);
    }
    this.interfaces = List.copyOf(list);
    this.byName = Map.copyOf(map);
    this.routes = new RoutingTable(byName::get);
    // connected routes first: a configured route to the same prefix is then ignored by the
    // first-added rule, as the kernel's connected route wins over a static one of the same length
    for (NodeInterface ni : interfaces) {
      for (InterfaceAddress a : ni.addresses()) {
        routes.route(a.subnet(), null, ni);
      }
    }
    for (Consumer<RoutingTable> r : b.routes) {
      r.accept(routes);
    }
    udpPorts.addAll(b.udpPorts);
    tcpPorts.addAll(b.tcpPorts);
    filters.addAll(b.filters);
    this.limiter = new IcmpRateLimiter(config.rateLimit(), random);
    this.reassembler = new Reassembler(counters, config.reassemblyTimeoutV4Nanos(), config.reassemblyTimeoutV6Nanos(),
        config.reassemblyMemoryLow(), config.reassemblyMemoryHigh());
    this.multicast = new Multicast(this, config.queryIntervalNanos());
    this.engine = new Engine(this, b.transmit);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public boolean isRouter() {
    return router;
  }

  public List<NodeInterface> interfaces() {
    return interfaces;
  }

  /** The interface named {@code name}; throws when there is none. */
  public NodeInterface iface(String name) {
    NodeInterface i = byName.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no interface " + name + " on " + this.name);
    }
    return i;
  }

  public RoutingTable routes() {
    return routes;
  }

  public StackConfig config() {
    return config;
  }

  public StackCounters counters() {
    return counters;
  }

  /** Opens a UDP port: datagrams to it are delivered (counted) instead of answered with port unreachable. */
  public void listenUdp(int port) {
    udpPorts.add(checkPort(port));
  }

  public void closeUdp(int port) {
    udpPorts.remove(port);
  }

  public boolean isListeningUdp(int port) {
    return udpPorts.contains(port);
  }

  /** Opens a TCP port: a SYN to it is answered with SYN-ACK (no connection is kept); closed ports get RST. */
  public void listenTcp(int port) {
    tcpPorts.add(checkPort(port));
  }

  public boolean isListeningTcp(int port) {
    return tcpPorts.contains(port);
  }

  public void addFilter(FilterRule rule) {
    filters.add(Objects.requireNonNull(rule));
  }

  public List<FilterRule> filters() {
    return List.copyOf(filters);
  }

  /**
   * The node joins a multicast group on an interface (as a host, RFC 3376 5.1 / RFC 3810 6.1): an
   * unsolicited IGMPv3 / MLDv2 report goes to {@code out}, and queries are answered from then on.
   */
  public void joinGroup(String ifName, String group, Transmit out) {
    InetAddress g = Addresses.parse(group);
    if (!(g.isMulticastAddress())) {
      throw new IllegalArgumentException("not a multicast address: " + group);
    }
    multicast.join(iface(ifName), g, out);
  }

  /** The node leaves a group it joined: a report changing to INCLUDE {} goes to {@code out}. */
  public void leaveGroup(String ifName, String group, Transmit out) {
    multicast.leave(iface(ifName), Addresses.parse(group), out);
  }

  /**
   * Group memberships at {@code nowNanos}: the groups this node joined, and those its querier
   * learned from reports on its links and that have not expired.
   */
  public List<Membership> groups(long nowNanos) {
    return multicast.groups(nowNanos);
  }

  /** {@link #groups(long)} at the time of the last packet or tick. */
  public List<Membership> groups() {
    return multicast.groups(engine.lastNow);
  }

  /** Bytes now held by incomplete fragmented datagrams. */
  public long reassemblyMemory() {
    return reassembler.memoryUsed();
  }

  /** Incomplete fragmented datagrams now held. */
  public int reassemblyQueues() {
    return reassembler.queueCount();
  }

  /** Milliseconds since midnight UT at {@code nowNanos} (for timestamp replies, RFC 792). */
  long utcMillisOfDay(long nowNanos) {
    return Math.floorMod(utcOffsetMillis + nowNanos / 1_000_000L, 86_400_000L);
  }

  private static int checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    return port;
  }

  /**
   * Processes one IP packet that arrived on {@code ingress} at {@code nowNanos}: delivers it
   * locally (and answers), forwards it (routers), or answers with an ICMP error; every packet
   * emitted goes to {@code out}. The segment is read during the call only; it is never modified.
   */
  public void receive(MemorySegment ipPacket, NodeInterface ingress, long nowNanos, Transmit out) {
    if (!interfaces.contains(ingress)) {
      throw new IllegalArgumentException(ingress + " is not an interface of " + name);
    }
    engine.receive(ipPacket, ingress, nowNanos, out);
  }

  /** Runs the timers due at {@code nowNanos} (reassembly timeouts; may send Time Exceeded code 1 to {@code out}). */
  public void tick(long nowNanos, Transmit out) {
    engine.tick(nowNanos, out);
  }

  /**
   * Runs the timers due at {@code nowNanos}; packets they emit go to the Transmit given to
   * {@link Builder#transmit}, else to the one last passed to {@link #receive} (else nowhere).
   */
  public void tick(long nowNanos) {
    engine.tick(nowNanos, null);
  }

  /**
   * Sends a packet the node itself originates (e.g. a ping from a virtual host): routed by its
   * destination, fragmented when larger than the egress MTU (IPv4 without DF; IPv6 with a fragment
   * header). A packet to one of the node's own addresses is processed as received.
   */
  public void originate(MemorySegment ipPacket, long nowNanos, Transmit out) {
    engine.originate(ipPacket, nowNanos, out);
  }

  boolean filtered(byte[] src, byte[] dst, int proto) {
    for (FilterRule f : filters) {
      if (f.matches(src, dst, proto)) {
        return true;
      }
    }
    return false;
  }

  boolean udpOpen(int port) {
    return udpPorts.contains(port);
  }

  boolean tcpOpen(int port) {
    return tcpPorts.contains(port);
  }

  /** Whether raw address bytes are one of this node's unicast addresses. */
  boolean isOwnAddress(byte[] a) {
    for (NodeInterface i : interfaces) {
      if (i.hasAddress(a)) {
        return true;
      }
    }
    return false;
  }

  /** The route for raw destination bytes, or null. */
  Route lookup(byte[] dst) {
    return routes.lookup(dst);
  }

  @Override
  public String toString() {
    return (router ? "router " : "host ") + name + " " + interfaces;
  }

  /** Describes one interface while building a node. */
  public static final class IfaceSpec {
    private final String name;
    private int index;
    private int mtu = 1500;
    private final List<InterfaceAddress> addresses = new ArrayList<>();
    private final List<MplsLabelStack.Entry> labels = new ArrayList<>();

    IfaceSpec(String name) {
      this.name = Objects.requireNonNull(name);
    }

    public IfaceSpec index(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("index must be >= 1: " + v);
      }
      index = v;
      return this;
    }

    public IfaceSpec mtu(int v) {
      if (v < 68 || v > 65535) {
        throw new IllegalArgumentException("MTU out of range 68..65535: " + v);
      }
      mtu = v;
      return this;
    }

    /** Adds an address with prefix length, {@code 10.0.0.1/24} or {@code 2001:db8::1/64}. */
    public IfaceSpec address(String cidr) {
      addresses.add(InterfaceAddress.parse(cidr));
      return this;
    }

    /**
     * Pushes an MPLS label stack entry (top first) that packets arriving here carry: quoted in
     * Time Exceeded / Destination Unreachable as RFC 4950 describes when RFC 4884 extensions are on.
     */
    public IfaceSpec mpls(int label, int trafficClass, int ttl) {
      labels.add(new MplsLabelStack.Entry(label, trafficClass, false, ttl));
      return this;
    }
  }

  /** Builds a {@link Node}. */
  public static final class Builder {
    private final String name;
    private boolean router;
    private final List<IfaceSpec> ifaces = new ArrayList<>();
    private final List<Consumer<RoutingTable>> routes = new ArrayList<>();
    private final List<Integer> udpPorts = new ArrayList<>();
    private final List<Integer> tcpPorts = new ArrayList<>();
    private final List<FilterRule> filters = new ArrayList<>();
    private StackConfig config = StackConfig.DEFAULTS;
    private RandomGenerator random = RandomGenerator.getDefault();
    private long utcOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000L;
    private Transmit transmit;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** A router forwards packets not addressed to it (RFC 1812); a host drops them (RFC 1122 3.3.4). */
    public Builder router(boolean v) {
      router = v;
      return this;
    }

    /** Adds an interface described by {@code spec}. */
    public Builder iface(String ifName, Consumer<IfaceSpec> spec) {
      IfaceSpec s = new IfaceSpec(ifName);
      spec.accept(s);
      ifaces.add(s);
      return this;
    }

    /** Adds an interface with an MTU and addresses ({@code "10.0.0.1/24"}, {@code "2001:db8::1/64"}). */
    public Builder iface(String ifName, int mtu, String... cidrs) {
      return iface(ifName, s -> {
        s.mtu(mtu);
        for (String c : cidrs) {
          s.address(c);
        }
      });
    }

    /** A route via a gateway ({@code via} null: on-link) out of the named interface. */
    public Builder route(String prefix, String via, String ifName) {
      routes.add(t -> t.route(prefix, via, ifName));
      return this;
    }

    /** An ECMP route: {@code hops} alternate "via@iface" strings ({@code "10.0.1.2@eth1"}). */
    public Builder ecmp(String prefix, String... hops) {
      routes.add(t -> {
        List<NextHop> l = new ArrayList<>();
        for (String h : hops) {
          int at = h.indexOf('@');
          if (at < 0) {
            throw new IllegalArgumentException("ECMP hop must be via@iface: " + h);
          }
          l.add(t.hop(h.substring(0, at), h.substring(at + 1)));
        }
        t.ecmp(Prefix.parse(prefix), l);
      });
      return this;
    }

    public Builder unreachable(String prefix) {
      routes.add(t -> t.unreachable(prefix));
      return this;
    }

    public Builder prohibit(String prefix) {
      routes.add(t -> t.prohibit(prefix));
      return this;
    }

    public Builder blackhole(String prefix) {
      routes.add(t -> t.blackhole(prefix));
      return this;
    }

    public Builder listenUdp(int port) {
      udpPorts.add(checkPort(port));
      return this;
    }

    public Builder listenTcp(int port) {
      tcpPorts.add(checkPort(port));
      return this;
    }

    public Builder filter(FilterRule rule) {
      filters.add(Objects.requireNonNull(rule));
      return this;
    }

    public Builder config(StackConfig v) {
      config = Objects.requireNonNull(v);
      return this;
    }

    /** Randomness for the rate limiter's random cost and the ECMP hash seed; seed it for reproducible tests. */
    public Builder random(RandomGenerator v) {
      random = Objects.requireNonNull(v);
      return this;
    }

    /**
     * UTC milliseconds = {@code offset + nowNanos / 1e6}; the default matches {@code nowNanos}
     * taken from {@link System#nanoTime()}.
     */
    public Builder utcOffsetMillis(long v) {
      utcOffsetMillis = v;
      return this;
    }

    /** Where {@link Node#tick(long)} sends what timers emit. */
    public Builder transmit(Transmit v) {
      transmit = v;
      return this;
    }

    public Node build() {
      return new Node(this);
    }
  }

  static InetAddress addr(byte[] raw) {
    return Addresses.of(raw);
  }

  static boolean isUnicastRoute(Route r) {
    return r != null && r.type() == RouteType.UNICAST;
  }
}
