package io.icmpkit.stack.iface;

/** Route kinds, as Linux names them ({@code ip route add unreachable|prohibit|blackhole}). */
public enum RouteType {
  /** Forward to one of the next hops. */
  UNICAST,
  /** Drop and send destination unreachable (IPv4 host unreachable, IPv6 no route). */
  UNREACHABLE,
  /** Drop and send communication administratively prohibited. */
  PROHIBIT,
  /** Drop silently. */
  BLACKHOLE
}
