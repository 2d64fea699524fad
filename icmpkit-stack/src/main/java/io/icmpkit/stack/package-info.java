/**
 * icmpkit-stack: a user-space IPv4/IPv6 host and router that answers and forwards the way the RFCs
 * say, with no threads or clocks of its own: a {@link io.icmpkit.stack.Node} takes a packet with
 * {@link io.icmpkit.stack.Node#receive} and the current time, and hands every packet it emits to a
 * {@link io.icmpkit.stack.Transmit}; {@link io.icmpkit.stack.Node#tick} runs the timers. Knobs are in
 * {@link io.icmpkit.stack.StackConfig}; counters (named as {@code nstat} shows them) in
 * {@link io.icmpkit.stack.StackCounters}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1122">RFC 1122 hosts</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1812">RFC 1812 routers</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792 ICMP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443 ICMPv6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8200">RFC 8200 IPv6</a>
 */
package io.icmpkit.stack;
