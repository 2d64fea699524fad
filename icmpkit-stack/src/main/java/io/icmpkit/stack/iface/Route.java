package io.icmpkit.stack.iface;

import java.util.List;
import java.util.Objects;

/**
 * A route: a prefix, a kind and, for {@link RouteType#UNICAST}, one next hop or several (an ECMP
 * group: one is chosen per flow by a hash of the addresses, protocol and ports).
 */
public record Route(Prefix prefix, RouteType type, List<NextHop> nextHops) {
  public Route {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(type, "type");
    nextHops = List.copyOf(nextHops);
    if (type == RouteType.UNICAST && nextHops.isEmpty()) {
      throw new IllegalArgumentException("a unicast route needs a next hop: " + prefix);
    }
  }

  public boolean isEcmp() {
    return nextHops.size() > 1;
  }

  /** The next hop of a flow; stable for the same hash (RFC 2992 hash-threshold would do too). */
  public NextHop select(int flowHash) {
    return nextHops.get(Math.floorMod(flowHash, nextHops.size()));
  }

  @Override
  public String toString() {
    return type == RouteType.UNICAST ? prefix + " via " + nextHops : type.name().toLowerCase() + " " + prefix;
  }
}
