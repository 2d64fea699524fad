package io.icmpkit.stack.iface;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A node's routing table: longest-prefix match over IPv4 and IPv6 routes; among equal prefixes the
 * first one added wins. Connected routes for the interface subnets are added by the node. Safe to
 * read while another thread adds routes (copy on write); lookups allocate nothing.
 */
public final class RoutingTable {
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final Function<String, NodeInterface> interfaces;

  /** @param interfaces resolves an interface name of the owning node (for the String overloads) */
  public RoutingTable(Function<String, NodeInterface> interfaces) {
    this.interfaces = interfaces;
  }

  public RoutingTable add(Route r) {
    routes.add(r);
    return this;
  }

  /** A unicast route via a gateway ({@code via} null or empty: on-link) out of {@code iface}. */
  public RoutingTable route(String prefix, String via, String iface) {
    return route(Prefix.parse(prefix), via == null || via.isBlank() ? null : Addresses.parse(via), iface(iface));
  }

  public RoutingTable route(Prefix prefix, InetAddress via, NodeInterface out) {
    return add(new Route(prefix, RouteType.UNICAST, List.of(new NextHop(via, out))));
  }

  /** An ECMP group: the flow hash picks one of {@code hops}. */
  public RoutingTable ecmp(Prefix prefix, List<NextHop> hops) {
    return add(new Route(prefix, RouteType.UNICAST, hops));
  }

  public RoutingTable unreachable(String prefix) {
    return add(new Route(Prefix.parse(prefix), RouteType.UNREACHABLE, List.of()));
  }

  public RoutingTable prohibit(String prefix) {
    return add(new Route(Prefix.parse(prefix), RouteType.PROHIBIT, List.of()));
  }

  public RoutingTable blackhole(String prefix) {
    return add(new Route(Prefix.parse(prefix), RouteType.BLACKHOLE, List.of()));
  }

  public NextHop hop(String via, String iface) {
    return new NextHop(via == null || via.isBlank() ? null : Addresses.parse(via), iface(iface));
  }

  private NodeInterface iface(String name) {
    NodeInterface i = interfaces.apply(name);
    if (i == null) {
      throw new IllegalArgumentException("no interface " + name);
    }
    return i;
  }

  /** The longest-prefix route for raw destination bytes, or null when none matches. */
  public Route lookup(byte[] destination) {
    Route best = null;
    for (Route r : routes) {
      if (r.prefix().contains(destination) && (best == null || r.prefix().length() > best.prefix().length())) {
        best = r;
      }
    }
    return best;
  }

  public Route lookup(InetAddress destination) {
    return lookup(destination.getAddress());
  }

  public List<Route> routes() {
    return new ArrayList<>(routes);
  }
}
