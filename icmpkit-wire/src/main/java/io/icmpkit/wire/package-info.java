/**
 * icmpkit-wire: a zero-copy codec for IPv4, IPv6, ICMPv4, ICMPv6 and IGMP, java.base only.
 *
 * <p>Two levels per protocol, as smoltcp's {@code wire} module: a checked <em>view</em> over bytes
 * (e.g. {@code Icmpv4Packet.checked(segment)}; after that one length check no accessor throws) and
 * an immutable <em>representation</em> (records in a sealed interface) with {@code parse},
 * {@code emit} and {@code bufferLength}: after {@code parse} succeeds, {@code emit} into a buffer
 * of exactly {@code bufferLength()} bytes never fails. Bad input gives a {@link
 * io.icmpkit.wire.WireException} (reject) or an {@link io.icmpkit.wire.Anomaly} (flag), never
 * another exception.
 *
 * <p>Per-packet loops (capture decoders, sweeps) that must not allocate use the hot-path form of
 * the IP and ICMP views, as gopacket's {@code DecodingLayerParser}: one {@code reusable()} view per
 * layer and thread, re-pointed with {@code wrap(segment, offset, length)} (same checks as {@code
 * checked}), reading the packet at offsets instead of through {@code payload()}/{@code data()}
 * slices; see docs/BENCHMARKS.md.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc791">RFC 791 IPv4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792 ICMP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8200">RFC 8200 IPv6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443 ICMPv6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1071">RFC 1071 checksum</a>
 */
package io.icmpkit.wire;
