/**
 * IPv4 (RFC 791): a checked view over datagrams ({@link io.icmpkit.wire.ipv4.Ipv4Packet}) with an
 * allocation-free option walk and fragment checks, and a header representation ({@link
 * io.icmpkit.wire.ipv4.Ipv4Header}) with its options as {@link io.icmpkit.wire.ipv4.Ipv4Option} records. The payload is trimmed to the total
 * length and to the captured bytes; malformed options stop the walk and are flagged.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc791">RFC 791 Internet Protocol</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2474">RFC 2474 DSCP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3168">RFC 3168 ECN</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2113">RFC 2113 Router Alert</a>
 */
package io.icmpkit.wire.ipv4;
