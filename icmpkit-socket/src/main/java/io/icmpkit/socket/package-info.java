/**
 * Sockets for ICMP work on Linux through FFM: {@link io.icmpkit.socket.IcmpSocket} (unprivileged
 * datagram "ping" sockets and raw sockets, IPv4 and IPv6, with an AUTO choice that explains how to
 * fix permissions), typed {@link io.icmpkit.socket.IcmpSocketOption}s, {@link
 * io.icmpkit.socket.ReceivedDatagram} with kernel timestamps, TTL and interface, error-queue
 * entries as {@link io.icmpkit.socket.IcmpError}, and {@link io.icmpkit.socket.UdpProbeSocket}
 * for unprivileged traceroute.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/icmp.7.html">icmp(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ipv6.7.html">ipv6(7)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443</a>
 */
package io.icmpkit.socket;
