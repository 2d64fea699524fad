/**
 * The per-frame dissector behind {@code icmpkit decode}: link layer, IPv4/IPv6, then ICMPv4, ICMPv6
 * or IGMP, collected into one reusable {@link io.icmpkit.pcap.dissect.Dissection} (frame, addresses,
 * type/code/name, checksum verdict, echo id/seq, MTU, gateway, pointer, the quoted datagram of an
 * error, RFC 4884 extensions, anomalies, a tshark-style summary and, on request, a verbose field
 * tree). Bad bytes never escape as exceptions: a {@link io.icmpkit.wire.WireException} in any layer
 * ends that layer and is reported as {@code malformed}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4884">RFC 4884</a>
 */
package io.icmpkit.pcap.dissect;
