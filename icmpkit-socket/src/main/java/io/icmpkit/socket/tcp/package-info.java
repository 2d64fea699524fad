/**
 * TCP SYN probes for TCP traceroute: {@link io.icmpkit.socket.tcp.TcpProbe} with an unprivileged
 * kind (non-blocking {@code connect(2)} with a TTL and {@code IP_RECVERR}: the answer is
 * connected, refused, or an ICMP error from the error queue with its offender) and a raw kind
 * (CAP_NET_RAW: the SYN is built by {@link io.icmpkit.socket.tcp.TcpSyn} with the pseudo-header
 * checksum, answers read from raw TCP and raw ICMP sockets). IPv4 and IPv6.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9293">RFC 9293 (TCP)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7) IP_RECVERR</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/raw.7.html">raw(7)</a>
 */
package io.icmpkit.socket.tcp;
