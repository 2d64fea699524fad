package io.icmpkit.stack.topology;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A virtual network as a topology file describes it (see {@link TopologyLoader} for the format):
 * the host side reached through the TUN device, the nodes (routers and hosts) with their
 * interfaces, routes, listeners and filters, and the links joining interfaces. Plain data: {@link
 * VirtualNetwork} builds the running network from it.
 *
 * @param name a label for messages
 * @param host the machine's side of the network (the TUN interface)
 * @param nodes the routers and hosts, in file order
 * @param links the links, in file order; exactly one has the {@link Endpoint#HOST host} as an end
 * @param defaults stack settings every node starts from
 */
public record Topology(String name, Host host, List<NodeSpec> nodes, List<LinkSpec> links,
    Config defaults) {
  public Topology {
    nodes = List.copyOf(nodes);
    links = List.copyOf(links);
  }

  /** Loads a topology file ({@link TopologyLoader#load(Path)}). */
  public static Topology load(Path file) {
    return TopologyLoader.load(file);
  }

  public Optional<NodeSpec> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The link that has the host as an end. */
  public LinkSpec hostLink() {
    return links.stream().filter(l -> l.ends().contains(Endpoint.HOST)).findFirst().orElseThrow();
  }

  /**
   * The subnets of every node interface except those of the host link: what the host must route
   * into the TUN device.
   */
  public List<Prefix> virtualPrefixes() {
    List<Prefix> host = host().addresses().stream().map(Prefix::network).toList();
    List<Prefix> out = new ArrayList<>();
    for (NodeSpec n : nodes) {
      for (InterfaceSpec i : n.interfaces()) {
        for (Prefix p : i.addresses()) {
          Prefix net = p.network();
          if (!host.contains(net) && !out.contains(net)) {
            out.add(net);
          }
        }
      }
    }
    return out;
  }

  /**
   * The host side: the TUN interface's name and addresses (with the subnet of the host link).
   *
   * @param tun interface name (at most 15 characters)
   * @param addresses the host's addresses on the host link
   */
  public record Host(String tun, List<Prefix> addresses) {
    public Host {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * A router or a host.
   *
   * @param router forwards packets (a host drops packets not addressed to it)
   * @param interfaces in file order; interface indexes count from 1 in this order
   * @param routes explicit routes; they replace computed routes for the same prefix
   * @param autoRoutes whether shortest-path routes (with ECMP) to every subnet are computed
   * @param udpListeners UDP ports with a listener (no Port Unreachable for them)
   * @param prohibit filter rules answered with Communication Administratively Prohibited
   * @param config stack settings (unset fields inherit the topology defaults)
   */
  public record NodeSpec(String name, boolean router, List<InterfaceSpec> interfaces,
      List<RouteSpec> routes, boolean autoRoutes, List<Integer> udpListeners,
      List<FilterSpec> prohibit, Config config) {
    public NodeSpec {
      interfaces = List.copyOf(interfaces);
      routes = List.copyOf(routes);
      udpListeners = List.copyOf(udpListeners);
      prohibit = List.copyOf(prohibit);
    }

    public Optional<InterfaceSpec> iface(String name) {
      return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }
  }

  /**
   * An interface of a node.
   *
   * @param mtu the MTU; empty: the MTU of its link
   * @param mplsLabels the label stack a packet arriving here is taken to carry (RFC 4950
   *     quoting in Time Exceeded), outermost first; empty: none
   * @param groups multicast groups the node joins on this interface
   */
  public record InterfaceSpec(String name, List<Prefix> addresses, Optional<Integer> mtu,
      List<Integer> mplsLabels, List<InetAddress> groups) {
    public InterfaceSpec {
      addresses = List.copyOf(addresses);
      mplsLabels = List.copyOf(mplsLabels);
      groups = List.copyOf(groups);
    }
  }

  /** What a route does with a matching packet. */
  public enum RouteKind {
    /** Forward to the next hop(s) ({@code via}), or to the destination on a connected link. */
    FORWARD,
    /** Answer Destination Unreachable (net/host unreachable). */
    UNREACHABLE,
    /** Answer Destination Unreachable (communication administratively prohibited). */
    PROHIBIT
  }

  /**
   * A route: {@code to} a prefix, {@code via} one or more next hops (more than one: an ECMP group,
   * chosen per flow), out of interface {@code dev} (empty: the interface on the next hop's
   * subnet).
   */
  public record RouteSpec(Prefix to, RouteKind kind, List<InetAddress> via, Optional<String> dev) {
    public RouteSpec {
      to = to.network();
      via = List.copyOf(via);
    }
  }

  /**
   * A filter rule: packets matching all given fields are refused with Communication
   * Administratively Prohibited (RFC 1812 5.2.7.1); an empty field matches everything.
   */
  public record FilterSpec(Optional<Prefix> source, Optional<Prefix> destination,
      Optional<Integer> protocol) {}

  /** One end of a link: an interface of a node, or the host side (TUN). */
  public record Endpoint(String node, String iface) {
    /** The host's end of the host link. */
    public static final Endpoint HOST = new Endpoint("host", "");

    public boolean isHost() {
      return this.equals(HOST);
    }

    @Override
    public String toString() {
      return isHost() ? "host" : node + "." + iface;
    }
  }

  /**
   * A link: a point-to-point wire (two ends) or a LAN segment (more), with the MTU of every end
   * and the emulated delay, jitter (uniform in +-jitter) and loss probability of each delivery.
   */
  public record LinkSpec(String name, List<Endpoint> ends, int mtu, Duration delay,
      Duration jitter, double loss) {
    public LinkSpec {
      ends = List.copyOf(ends);
    }
  }

  /**
   * Stack settings; an empty field keeps the default (the topology's {@code defaults}, else the
   * stack's own).
   *
   * @param rateLimit false turns ICMP rate limiting off
   * @param rateIntervalMs per-destination token interval (Linux {@code icmp_ratelimit}, ms)
   * @param rateBurst per-destination burst
   * @param globalPerSecond global bucket refill (Linux {@code icmp_msgs_per_sec})
   * @param globalBurst global bucket size (Linux {@code icmp_msgs_burst})
   * @param probe answer RFC 8335 extended echo (PROBE)
   * @param addressMask answer address mask requests
   * @param redirects send redirects
   * @param extensions RFC 4884 extension structures in errors (MPLS label stacks, RFC 4950)
   * @param interfaceInfo with {@code extensions}, the RFC 5837 incoming interface object too
   * @param querier a router runs the IGMP/MLD querier (periodic general queries); it learns
   *     memberships from reports either way
   * @param errorSource where a router's errors come from (the original destination when it is
   *     local, else): {@code inbound}, the interface the packet came in on (what traceroute
   *     expects, the default), or {@code outbound}, the interface the error leaves by (Linux's
   *     default, {@code icmp_errors_use_inbound_ifaddr=0})
   */
  public record Config(Optional<Boolean> rateLimit, Optional<Integer> rateIntervalMs,
      Optional<Integer> rateBurst, Optional<Integer> globalPerSecond, Optional<Integer> globalBurst,
      Optional<Boolean> probe, Optional<Boolean> addressMask, Optional<Boolean> redirects,
      Optional<Boolean> extensions, Optional<Boolean> interfaceInfo, Optional<Boolean> querier,
      Optional<String> errorSource) {
    public static final Config EMPTY = new Config(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** This config with empty fields taken from {@code base}. */
    public Config over(Config base) {
      return new Config(rateLimit.or(base::rateLimit), rateIntervalMs.or(base::rateIntervalMs),
          rateBurst.or(base::rateBurst), globalPerSecond.or(base::globalPerSecond),
          globalBurst.or(base::globalBurst), probe.or(base::probe),
          addressMask.or(base::addressMask), redirects.or(base::redirects),
          extensions.or(base::extensions), interfaceInfo.or(base::interfaceInfo),
          querier.or(base::querier), errorSource.or(base::errorSource));
    }
  }
}
