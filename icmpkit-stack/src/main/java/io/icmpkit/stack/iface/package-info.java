/**
 * Interfaces, routing and the ICMP machinery of a node: {@link io.icmpkit.stack.iface.NodeInterface}
 * (addresses, MTU, MPLS labels), {@link io.icmpkit.stack.iface.RoutingTable} (longest-prefix match,
 * unreachable/prohibit routes, ECMP with a per-flow hash), {@link io.icmpkit.stack.iface.FilterRule}
 * (administratively prohibited), {@link io.icmpkit.stack.iface.IcmpRateLimiter} (Linux's per-peer and
 * global token buckets), {@link io.icmpkit.stack.iface.Reassembler} (IPv4/IPv6 fragment reassembly
 * with timeout, memory cap and eviction) and {@link io.icmpkit.stack.iface.Addresses} (the address
 * classes the never-rules of RFC 1122 3.2.2, RFC 1812 4.3.2.7 and RFC 4443 2.4 name; the rules
 * themselves are applied by the node's engine).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1122#section-3.2.2">RFC 1122 3.2.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1812#section-4.3.2">RFC 1812 4.3.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443#section-2.4">RFC 4443 2.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8200#section-4.5">RFC 8200 4.5 (fragments)</a>
 */
package io.icmpkit.stack.iface;
