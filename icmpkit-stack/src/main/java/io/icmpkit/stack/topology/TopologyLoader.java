package io.icmpkit.stack.topology;

import io.icmpkit.stack.topology.Topology.Config;
import io.icmpkit.stack.topology.Topology.Endpoint;
import io.icmpkit.stack.topology.Topology.FilterSpec;
import io.icmpkit.stack.topology.Topology.Host;
import io.icmpkit.stack.topology.Topology.InterfaceSpec;
import io.icmpkit.stack.topology.Topology.LinkSpec;
import io.icmpkit.stack.topology.Topology.NodeSpec;
import io.icmpkit.stack.topology.Topology.RouteKind;
import io.icmpkit.stack.topology.Topology.RouteSpec;
import io.icmpkit.stack.topology.Yaml.ListNode;
import io.icmpkit.stack.topology.Yaml.MapNode;
import io.icmpkit.stack.topology.Yaml.Node;
import io.icmpkit.stack.topology.Yaml.Scalar;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a topology file (YAML, parsed with Jackson) into a {@link Topology}, checking everything
 * it can: unknown keys, value ranges, references between nodes, interfaces and links, addresses
 * used twice, routes via addresses on no connected subnet. Every error names the line, column and
 * field ({@link TopologyException}).
 *
 * <pre>{@code
 * name: two-routers
 * host:                         # the machine's side, behind the TUN interface
 *   tun: icmpkit0
 *   addresses: [198.18.0.1/24, 2001:db8::1/64]
 * defaults:                     # stack settings of every node (see Topology.Config)
 *   rateLimit: true
 * nodes:
 *   r1:
 *     router: true
 *     interfaces:
 *       eth0: [198.18.0.2/24, 2001:db8::2/64]          # short form: the addresses
 *       eth1: {addresses: [198.18.1.1/24], mpls: [16001]}
 *   h1:
 *     interfaces: {eth0: [198.18.1.2/24]}
 *     udp: [53]                 # ports with a listener
 *     prohibit: [{protocol: udp, source: 198.18.0.0/24}]
 *     routes:                   # computed shortest-path routes (ECMP) fill in the rest
 *       - {to: 203.0.113.0/24, action: unreachable}
 * links:
 *   - {ends: [host, r1.eth0], delay: 1ms}
 *   - {ends: [r1.eth1, h1.eth0], mtu: 1400, delay: 5ms, jitter: 1ms, loss: 2%}
 * }</pre>
 */
public final class TopologyLoader {
  static final String DEFAULT_TUN = "icmpkit0";
  /** Bounds that keep a hostile or mistaken file from costing more than a moment. */
  static final long MAX_FILE_BYTES = 4L << 20;
  static final int MAX_NODES = 1000;
  static final int MAX_LINK_ENDS = 256;
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s)?");
  private static final Map<String, Integer> PROTOCOLS =
      Map.of("icmp", 1, "igmp", 2, "tcp", 6, "udp", 17, "icmpv6", 58, "ipv6-icmp", 58);

  private TopologyLoader() {}

  /** Reads and checks {@code file}. */
  public static Topology load(Path file) {
    String src = file.toString();
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new TopologyException(src, 0, 0, "", "larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new TopologyException(src, 0, 0, "", "no such file");
    } catch (IOException e) {
      throw new TopologyException(src, 0, 0, "", "cannot read: " + e.getMessage());
    }
    return parse(src, new StringReader(text));
  }

  /** Reads and checks a topology from {@code in}; {@code source} names it in errors. */
  public static Topology parse(String source, Reader in) {
    return new TopologyLoader.Reading(Yaml.read(source, in)).topology();
  }

  /** Reads and checks a topology given as text. */
  public static Topology parse(String source, String yaml) {
    return parse(source, new StringReader(yaml));
  }

  private static final class Reading {
    private final Node root;
    /** every address in use, with the field that claimed it */
    private final Map<InetAddress, String> addressOwners = new HashMap<>();

    Reading(Node root) {
      this.root = root;
    }

    Topology topology() {
      MapNode m = map(root);
      keys(m, "name", "host", "defaults", "nodes", "links");
      String name = optional(m, "name").map(Reading::string).orElse("topology");
      Host host = host(require(m, "host"));
      Config defaults = optional(m, "defaults").map(Reading::config).orElse(Config.EMPTY);
      MapNode nodesNode = map(require(m, "nodes"));
      if (nodesNode.entries().isEmpty() || nodesNode.entries().size() > MAX_NODES) {
        throw nodesNode.error("1 to " + MAX_NODES + " nodes, found " + nodesNode.entries().size());
      }
      List<NodeSpec> nodes = new ArrayList<>();
      for (Map.Entry<String, Node> e : nodesNode.entries().entrySet()) {
        nodes.add(node(e.getKey(), e.getValue()));
      }
      ListNode linksNode = list(require(m, "links"));
      List<LinkSpec> links = new ArrayList<>();
      Set<Endpoint> used = new HashSet<>();
      Set<String> linkNames = new HashSet<>();
      for (Node l : linksNode.items()) {
        LinkSpec link = link(l, links.size() + 1, nodes, used);
        if (!linkNames.add(link.name())) {
          throw l.error("duplicate link name '" + link.name() + "'");
        }
        links.add(link);
      }
      long hostLinks = links.stream().filter(l -> l.ends().contains(Endpoint.HOST)).count();
      if (hostLinks != 1) {
        throw linksNode.error("exactly one link must have 'host' as an end (the TUN side), found "
            + hostLinks);
      }
      checkRoutes(nodesNode, nodes);
      return new Topology(name, host, nodes, links, defaults);
    }

    private Host host(Node n) {
      MapNode m = map(n);
      keys(m, "tun", "addresses");
      String tun = optional(m, "tun").map(Reading::string).orElse(DEFAULT_TUN);
      if (tun.isEmpty() || tun.length() > 15 || !tun.matches("[A-Za-z0-9_.-]+")) {
        throw m.get("tun").error("an interface name is 1 to 15 letters, digits, '_', '.' or '-'");
      }
      List<Prefix> addresses = addresses(require(m, "addresses"));
      return new Host(tun, addresses);
    }

    private List<Prefix> addresses(Node n) {
      List<Prefix> out = new ArrayList<>();
      for (Node item : list(n).items()) {
        Prefix p = prefix(item);
        if (p.length() == (p.isIpv6() ? 128 : 32)) {
          throw item.error("an interface address needs its prefix length (e.g. /24, /64)");
        }
        if (p.address().isMulticastAddress() || p.address().isAnyLocalAddress()
            || p.address().isLoopbackAddress() || p.address().equals(p.network().address())
                && !p.isIpv6() && p.length() < 31) {
          throw item.error("not a unicast host address: " + p);
        }
        String prev = addressOwners.putIfAbsent(p.address(), item.path());
        if (prev != null) {
          throw item.error(Prefix.format(p.address()) + " is already used at " + prev);
        }
        out.add(p);
      }
      if (out.isEmpty()) {
        throw n.error("at least one address");
      }
      return out;
    }

    private NodeSpec node(String name, Node n) {
      if (!NAME.matcher(name).matches() || name.equals("host")) {
        throw n.error("a node name is a letter then up to 31 letters, digits, '_' or '-', "
            + "and not 'host'");
      }
      MapNode m = map(n);
      keys(m, "router", "interfaces", "routes", "autoRoutes", "udp", "prohibit", "config");
      boolean router = optional(m, "router").map(Reading::bool).orElse(false);
      MapNode ifs = map(require(m, "interfaces"));
      if (ifs.entries().isEmpty()) {
        throw ifs.error("at least one interface");
      }
      List<InterfaceSpec> interfaces = new ArrayList<>();
      for (Map.Entry<String, Node> e : ifs.entries().entrySet()) {
        interfaces.add(iface(e.getKey(), e.getValue()));
      }
      List<RouteSpec> routes = optional(m, "routes").map(r -> listOf(r, Reading::route))
          .orElse(List.of());
      boolean auto = optional(m, "autoRoutes").map(Reading::bool).orElse(true);
      List<Integer> udp = optional(m, "udp")
          .map(r -> listOf(r, x -> integer(x, 1, 65535))).orElse(List.of());
      List<FilterSpec> prohibit = optional(m, "prohibit").map(r -> listOf(r, Reading::filter))
          .orElse(List.of());
      Config config = optional(m, "config").map(Reading::config).orElse(Config.EMPTY);
      return new NodeSpec(name, router, interfaces, routes, auto, udp, prohibit, config);
    }

    private InterfaceSpec iface(String name, Node n) {
      if (!NAME.matcher(name).matches() || name.length() > 15) {
        throw n.error("an interface name is a letter then up to 14 letters, digits, '_' or '-'");
      }
      if (n instanceof ListNode) {
        return new InterfaceSpec(name, addresses(n), Optional.empty(), List.of(), List.of());
      }
      MapNode m = map(n);
      keys(m, "addresses", "mtu", "mpls", "groups");
      List<Prefix> addresses = addresses(require(m, "addresses"));
      Optional<Integer> mtu = optional(m, "mtu").map(x -> integer(x, 68, 65535));
      if (mtu.isPresent() && mtu.get() < 1280 && addresses.stream().anyMatch(Prefix::isIpv6)) {
        throw m.get("mtu").error("MTU " + mtu.get() + " is below IPv6's minimum 1280 "
            + "(RFC 8200 section 5)");
      }
      List<Integer> mpls = optional(m, "mpls").map(x -> listOf(x, y -> integer(y, 16, 1048575)))
          .orElse(List.of());
      List<InetAddress> groups = optional(m, "groups").map(x -> listOf(x, y -> {
        InetAddress a = address(y);
        if (!a.isMulticastAddress()) {
          throw y.error("not a multicast group address");
        }
        return a;
      })).orElse(List.of());
      return new InterfaceSpec(name, addresses, mtu, mpls, groups);
    }

    private static RouteSpec route(Node n) {
      MapNode m = map(n);
      keys(m, "to", "via", "dev", "action");
      Prefix to = prefix(require(m, "to"));
      RouteKind kind = optional(m, "action").map(a -> switch (string(a)) {
        case "forward" -> RouteKind.FORWARD;
        case "unreachable" -> RouteKind.UNREACHABLE;
        case "prohibit" -> RouteKind.PROHIBIT;
        default -> throw a.error("one of forward, unreachable, prohibit");
      }).orElse(RouteKind.FORWARD);
      List<InetAddress> via = optional(m, "via").map(v -> v instanceof ListNode
          ? listOf(v, Reading::address) : List.of(address(v))).orElse(List.of());
      for (InetAddress v : via) {
        if (v instanceof Inet4Address != to.address() instanceof Inet4Address) {
          throw m.get("via").error("next hop " + Prefix.format(v) + " is not of the family of "
              + to);
        }
      }
      Optional<String> dev = optional(m, "dev").map(Reading::string);
      if (kind == RouteKind.FORWARD && via.isEmpty() && dev.isEmpty()) {
        throw m.error("a forward route needs 'via' or 'dev'");
      }
      if (kind != RouteKind.FORWARD && !via.isEmpty()) {
        throw m.get("via").error("an " + kind.name().toLowerCase(Locale.ROOT)
            + " route has no next hop");
      }
      return new RouteSpec(to, kind, via, dev);
    }

    private static FilterSpec filter(Node n) {
      MapNode m = map(n);
      keys(m, "source", "destination", "protocol");
      Optional<Prefix> src = optional(m, "source").map(Reading::prefix);
      Optional<Prefix> dst = optional(m, "destination").map(Reading::prefix);
      Optional<Integer> proto = optional(m, "protocol").map(p -> {
        Integer known = PROTOCOLS.get(string(p).toLowerCase(Locale.ROOT));
        return known != null ? known : integer(p, 0, 255);
      });
      return new FilterSpec(src, dst, proto);
    }

    private static Config config(Node n) {
      MapNode m = map(n);
      keys(m, "rateLimit", "rateIntervalMs", "rateBurst", "globalPerSecond", "globalBurst",
          "probe", "addressMask", "redirects", "extensions", "interfaceInfo", "querier", "errorSource");
      return new Config(
          optional(m, "rateLimit").map(Reading::bool),
          optional(m, "rateIntervalMs").map(x -> integer(x, 0, 3_600_000)),
          optional(m, "rateBurst").map(x -> integer(x, 0, 1_000_000)),
          optional(m, "globalPerSecond").map(x -> integer(x, 0, 100_000_000)),
          optional(m, "globalBurst").map(x -> integer(x, 0, 100_000_000)),
          optional(m, "probe").map(Reading::bool),
          optional(m, "addressMask").map(Reading::bool),
          optional(m, "redirects").map(Reading::bool),
          optional(m, "extensions").map(Reading::bool),
          optional(m, "interfaceInfo").map(Reading::bool),
          optional(m, "querier").map(Reading::bool),
          optional(m, "errorSource").map(x -> {
            String s = string(x);
            if (!s.equals("inbound") && !s.equals("outbound")) {
              throw x.error("one of inbound, outbound");
            }
            return s;
          }));
    }

    private LinkSpec link(Node n, int number, List<NodeSpec> nodes, Set<Endpoint> used) {
      MapNode m = map(n);
      keys(m, "name", "ends", "mtu", "delay", "jitter", "loss");
      String name = optional(m, "name").map(Reading::string).orElse("link" + number);
      ListNode endsNode = list(require(m, "ends"));
      if (endsNode.items().size() < 2 || endsNode.items().size() > MAX_LINK_ENDS) {
        throw endsNode.error("a link joins at least two ends (and at most " + MAX_LINK_ENDS + ")");
      }
      List<Endpoint> ends = new ArrayList<>();
      for (Node e : endsNode.items()) {
        String s = string(e);
        Endpoint end;
        if (s.equals("host")) {
          end = Endpoint.HOST;
        } else {
          int dot = s.indexOf('.');
          if (dot <= 0) {
            throw e.error("an end is NODE.INTERFACE (e.g. r1.eth0) or host");
          }
          end = new Endpoint(s.substring(0, dot), s.substring(dot + 1));
          NodeSpec node = nodes.stream().filter(x -> x.name().equals(end.node())).findFirst()
              .orElseThrow(() -> e.error("no node '" + end.node() + "'"));
          if (node.iface(end.iface()).isEmpty()) {
            throw e.error("node " + node.name() + " has no interface '" + end.iface() + "'");
          }
        }
        if (!used.add(end)) {
          throw e.error(end + " is already an end of a link");
        }
        ends.add(end);
      }
      if (ends.contains(Endpoint.HOST) && ends.size() != 2) {
        throw endsNode.error("the host link is point-to-point: host and one interface");
      }
      int mtu = optional(m, "mtu").map(x -> integer(x, 68, 65535)).orElse(1500);
      Duration delay = optional(m, "delay").map(Reading::duration).orElse(Duration.ZERO);
      Duration jitter = optional(m, "jitter").map(Reading::duration).orElse(Duration.ZERO);
      double loss = optional(m, "loss").map(Reading::probability).orElse(0.0);
      for (Endpoint end : ends) {
        if (end.isHost()) {
          continue;
        }
        InterfaceSpec i = nodes.stream().filter(x -> x.name().equals(end.node())).findFirst()
            .orElseThrow().iface(end.iface()).orElseThrow();
        int effective = i.mtu().orElse(mtu);
        if (i.mtu().isEmpty() && effective < 1280 && i.addresses().stream().anyMatch(Prefix::isIpv6)) {
          throw (m.get("mtu") != null ? m.get("mtu") : n).error("MTU " + effective + " of "
              + end + " is below IPv6's minimum 1280 (RFC 8200 section 5)");
        }
      }
      return new LinkSpec(name, ends, mtu, delay, jitter, loss);
    }

    /** Every next hop of an explicit route must be on a subnet of the node's interfaces. */
    private static void checkRoutes(MapNode nodesNode, List<NodeSpec> nodes) {
      for (NodeSpec node : nodes) {
        Node routesNode = map(nodesNode.get(node.name())).get("routes");
        for (int r = 0; r < node.routes().size(); r++) {
          RouteSpec route = node.routes().get(r);
          Node at = ((ListNode) routesNode).items().get(r);
          if (route.dev().isPresent() && node.iface(route.dev().get()).isEmpty()) {
            throw map(at).get("dev").error("node " + node.name() + " has no interface '"
                + route.dev().get() + "'");
          }
          for (InetAddress via : route.via()) {
            boolean onLink = node.interfaces().stream().flatMap(i -> i.addresses().stream())
                .anyMatch(p -> p.contains(via) && !p.address().equals(via));
            if (!onLink) {
              throw map(at).get("via").error("next hop " + Prefix.format(via)
                  + " is on no subnet of " + node.name() + "'s interfaces");
            }
          }
        }
      }
    }

    // ---- scalar helpers: each throws with the value's line and path ----

    private static MapNode map(Node n) {
      if (n instanceof MapNode m) {
        return m;
      }
      throw n.error("expected a mapping (key: value), got " + n.kind());
    }

    private static ListNode list(Node n) {
      if (n instanceof ListNode l) {
        return l;
      }
      throw n.error("expected a list, got " + n.kind());
    }

    private static <T> List<T> listOf(Node n, Function<Node, T> item) {
      return list(n).items().stream().map(item).toList();
    }

    private static Node require(MapNode m, String key) {
      Node n = m.get(key);
      if (n == null) {
        throw new TopologyException(m.source(), m.line(), m.column(), m.child(key),
            "missing (required)");
      }
      return n;
    }

    private static Optional<Node> optional(MapNode m, String key) {
      Node n = m.get(key);
      return n instanceof Scalar s && s.text() == null ? Optional.empty() : Optional.ofNullable(n);
    }

    private static void keys(MapNode m, String... allowed) {
      Set<String> ok = Set.of(allowed);
      for (Map.Entry<String, Node> e : m.entries().entrySet()) {
        if (!ok.contains(e.getKey())) {
          throw e.getValue().error("unknown key (expected one of " + String.join(", ", allowed)
              + ")");
        }
      }
    }

    private static String string(Node n) {
      if (n instanceof Scalar s && s.text() != null) {
        return s.text().strip();
      }
      throw n.error("expected a value, got " + n.kind());
    }

    private static boolean bool(Node n) {
      return switch (string(n).toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw n.error("expected true or false, got " + n.kind());
      };
    }

    private static int integer(Node n, int min, int max) {
      String s = string(n);
      long v;
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw n.error("expected an integer, got " + n.kind());
      }
      if (v < min || v > max) {
        throw n.error("must be " + min + ".." + max + ", got " + v);
      }
      return (int) v;
    }

    private static Prefix prefix(Node n) {
      try {
        return Prefix.parse(string(n));
      } catch (IllegalArgumentException e) {
        throw n.error(e.getMessage());
      }
    }

    private static InetAddress address(Node n) {
      try {
        return Prefix.parseAddress(string(n));
      } catch (IllegalArgumentException e) {
        throw n.error(e.getMessage());
      }
    }

    /** {@code 5ms}, {@code 1.5ms}, {@code 200us}, {@code 1s}; a bare number is milliseconds. */
    private static Duration duration(Node n) {
      Matcher mt = DURATION.matcher(string(n));
      if (!mt.matches()) {
        throw n.error("expected a duration such as 5ms, 250us or 1.5s, got " + n.kind());
      }
      double v = Double.parseDouble(mt.group(1));
      String unit = mt.group(2) == null ? "ms" : mt.group(2);
      double nanos = v * switch (unit) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        default -> 1e9;
      };
      if (nanos > 60e9) {
        throw n.error("at most 60s");
      }
      return Duration.ofNanos(Math.round(nanos));
    }

    /** {@code 2%} or {@code 0.02}. */
    private static double probability(Node n) {
      String s = string(n);
      double v;
      try {
        v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100
            : Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw n.error("expected a probability such as 0.02 or 2%, got " + n.kind());
      }
      if (!(v >= 0 && v <= 1)) {
        throw n.error("a probability is 0..1 (0%..100%), got " + s);
      }
      return v;
    }
  }
}
