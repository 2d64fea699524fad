/**
 * IPv6 (RFC 8200): a checked view over packets ({@link io.icmpkit.wire.ipv6.Ipv6Packet}) with a
 * bounded, allocation-free extension-header walk ({@link io.icmpkit.wire.ipv6.Ipv6ExtensionWalk})
 * that finds the upper layer and the fragment fields, and representations of the fixed header and
 * of the extension headers as records.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8200">RFC 8200 IPv6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4302">RFC 4302 AH</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2711">RFC 2711 Router Alert</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2675">RFC 2675 Jumbograms</a>
 */
package io.icmpkit.wire.ipv6;
