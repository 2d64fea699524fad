/**
 * ICMPv6 (RFC 4443) with Neighbor Discovery (RFC 4861 and its options), Multicast Listener
 * Discovery (MLDv1 RFC 2710, MLDv2 RFC 3810), Node Information (RFC 4620) and Extended Echo
 * (RFC 8335): a checked view ({@link io.icmpkit.wire.icmpv6.Icmpv6Packet}) and record
 * representations ({@link io.icmpkit.wire.icmpv6.Icmpv6Message}). The checksum covers the IPv6
 * pseudo-header, so parse and emit take the IPv6 addresses.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4861">RFC 4861</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3810">RFC 3810</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4884">RFC 4884</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8335">RFC 8335</a>
 */
package io.icmpkit.wire.icmpv6;
