/**
 * Virtual networks described in a file: {@link io.icmpkit.stack.topology.TopologyLoader} reads a
 * YAML topology (hosts and routers, interfaces, routes with ECMP, links, MPLS labels, filters, UDP
 * listeners, stack settings) into a {@link io.icmpkit.stack.topology.Topology};
 * {@link io.icmpkit.stack.topology.VirtualNetwork} runs it: nodes of icmpkit-stack joined by
 * {@link io.icmpkit.stack.topology.EmulatedLink}s that apply each link's MTU, delay, jitter and
 * loss on a one-thread virtual-clock {@link io.icmpkit.stack.topology.Scheduler} (what netem does
 * in the kernel, without needing it). Routes not written in the file are computed as shortest
 * paths, with equal-cost paths as ECMP groups (RFC 2992).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2544#appendix-C.2.2">RFC 2544 C.2.2: 198.18.0.0/15 for test networks</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2992">RFC 2992: analysis of an equal-cost multi-path algorithm</a>
 */
package io.icmpkit.stack.topology;
