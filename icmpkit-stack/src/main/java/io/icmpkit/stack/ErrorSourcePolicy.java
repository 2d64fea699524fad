package io.icmpkit.stack;

/**
 * Which address an ICMP error comes from. Linux uses the original destination when it is one of
 * the node's addresses; otherwise by default the address of the interface the error leaves by
 * ({@code icmp_errors_use_inbound_ifaddr=0}), or with that sysctl set the interface the offending
 * packet came in on (what traceroute users expect from a router, RFC 1812 4.3.2.4).
 */
public enum ErrorSourcePolicy {
  /** Original destination if local, else the address of the interface the packet came in on. */
  INBOUND_INTERFACE,
  /** Original destination if local, else the address of the interface the error goes out of. */
  OUTBOUND_INTERFACE
}
