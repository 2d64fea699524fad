package io.icmpkit.stack.topology;

import io.icmpkit.stack.topology.Topology.Endpoint;
import io.icmpkit.stack.topology.Topology.InterfaceSpec;
import io.icmpkit.stack.topology.Topology.LinkSpec;
import io.icmpkit.stack.topology.Topology.NodeSpec;
import io.icmpkit.stack.topology.Topology.RouteKind;
import io.icmpkit.stack.topology.Topology.RouteSpec;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routes of every node: its explicit routes, plus (unless the node sets {@code autoRoutes:
 * false}) a shortest-path route, in hops, to every subnet of the network that it is not attached
 * to. Only routers carry transit traffic; where several neighbours are equally close, the route
 * is an ECMP group of all of them (in link order). Connected subnets are left to the node (it
 * routes its own interface subnets on-link). The host side is a destination, never a transit.
 */
public final class RoutePlanner {
  /** One next hop: a gateway address (null: on-link) out of an interface of the node. */
  public record Hop(InetAddress via, String iface) {}

  /** A route of one node. */
  public record PlannedRoute(Prefix to, RouteKind kind, List<Hop> hops) {
    public PlannedRoute {
      hops = List.copyOf(hops);
    }
  }

  /** An adjacency: over link {@code link}, {@code from}'s interface reaches {@code to}'s end. */
  private record Edge(String from, String fromIface, String to, List<Prefix> toAddresses) {}

  private RoutePlanner() {}

  /** Routes per node name, explicit ones first (in file order), then computed ones. */
  public static Map<String, List<PlannedRoute>> plan(Topology t) {
    Map<String, List<Edge>> adj = new LinkedHashMap<>();
    Map<String, Boolean> router = new HashMap<>();
    adj.put(Endpoint.HOST.node(), new ArrayList<>());
    router.put(Endpoint.HOST.node(), false);
    for (NodeSpec n : t.nodes()) {
      adj.put(n.name(), new ArrayList<>());
      router.put(n.name(), n.router());
    }
    for (LinkSpec l : t.links()) {
      for (Endpoint a : l.ends()) {
        for (Endpoint b : l.ends()) {
          if (a != b) {
            adj.get(a.node()).add(new Edge(a.node(), a.iface(), b.node(), addresses(t, b)));
          }
        }
      }
    }
    // subnets owned per vertex
    Map<Prefix, Set<String>> owners = new LinkedHashMap<>();
    for (Prefix p : t.host().addresses()) {
      owners.computeIfAbsent(p.network(), k -> new LinkedHashSet<>()).add(Endpoint.HOST.node());
    }
    for (NodeSpec n : t.nodes()) {
      for (InterfaceSpec i : n.interfaces()) {
        for (Prefix p : i.addresses()) {
          owners.computeIfAbsent(p.network(), k -> new LinkedHashSet<>()).add(n.name());
        }
      }
    }
    // hop distances to every subnet (multi-source BFS from its owners, transit via routers only)
    Map<Prefix, Map<String, Integer>> dist = new HashMap<>();
    for (Map.Entry<Prefix, Set<String>> e : owners.entrySet()) {
      Map<String, Integer> d = new HashMap<>();
      ArrayDeque<String> queue = new ArrayDeque<>();
      for (String o : e.getValue()) {
        d.put(o, 0);
        queue.add(o);
      }
      while (!queue.isEmpty()) {
        String x = queue.poll();
        if (d.get(x) > 0 && !router.get(x)) {
          continue; // hosts do not forward
        }
        for (Edge edge : adj.get(x)) {
          if (!d.containsKey(edge.to())) {
            d.put(edge.to(), d.get(x) + 1);
            queue.add(edge.to());
          }
        }
      }
      dist.put(e.getKey(), d);
    }
    Map<String, List<PlannedRoute>> out = new LinkedHashMap<>();
    for (NodeSpec n : t.nodes()) {
      List<PlannedRoute> routes = new ArrayList<>();
      Set<Prefix> explicit = new LinkedHashSet<>();
      for (RouteSpec r : n.routes()) {
        explicit.add(r.to());
        routes.add(new PlannedRoute(r.to(), r.kind(), explicitHops(n, r)));
      }
      if (n.autoRoutes()) {
        for (Map.Entry<Prefix, Set<String>> e : owners.entrySet()) {
          Prefix subnet = e.getKey();
          if (e.getValue().contains(n.name()) || explicit.contains(subnet)) {
            continue;
          }
          Map<String, Integer> d = dist.get(subnet);
          Integer mine = d.get(n.name());
          if (mine == null) {
            continue; // unreachable: no route, the node answers net unreachable
          }
          List<Hop> hops = new ArrayList<>();
          for (Edge edge : adj.get(n.name())) {
            Integer theirs = d.get(edge.to());
            boolean forwards = router.get(edge.to()) || e.getValue().contains(edge.to());
            if (theirs != null && theirs == mine - 1 && forwards) {
              edge.toAddresses().stream().filter(p -> p.isIpv6() == subnet.isIpv6()).findFirst()
                  .map(p -> new Hop(p.address(), edge.fromIface()))
                  .filter(h -> !hops.contains(h)).ifPresent(hops::add);
            }
          }
          if (!hops.isEmpty()) {
            routes.add(new PlannedRoute(subnet, RouteKind.FORWARD, hops));
          }
        }
      }
      out.put(n.name(), routes);
    }
    return out;
  }

  private static List<Hop> explicitHops(NodeSpec n, RouteSpec r) {
    if (r.kind() != RouteKind.FORWARD) {
      return List.of();
    }
    if (r.via().isEmpty()) {
      return List.of(new Hop(null, r.dev().orElseThrow()));
    }
    List<Hop> hops = new ArrayList<>();
    for (InetAddress via : r.via()) {
      String dev = r.dev().orElseGet(() -> n.interfaces().stream()
          .filter(i -> i.addresses().stream().anyMatch(p -> p.contains(via)))
          .map(InterfaceSpec::name).findFirst().orElseThrow());
      hops.add(new Hop(via, dev));
    }
    return hops;
  }

  private static List<Prefix> addresses(Topology t, Endpoint e) {
    if (e.isHost()) {
      return t.host().addresses();
    }
    Optional<InterfaceSpec> i = t.node(e.node()).flatMap(n -> n.iface(e.iface()));
    return i.map(InterfaceSpec::addresses).orElse(List.of());
  }
}
