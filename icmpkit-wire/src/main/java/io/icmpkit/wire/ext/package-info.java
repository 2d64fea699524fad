/**
 * RFC 4884 multi-part ICMP messages: the extension structure that may follow the original datagram
 * in ICMPv4/ICMPv6 errors (and forms the body of RFC 8335 extended echo requests), its objects
 * (MPLS label stack, RFC 4950; interface information, RFC 5837; interface identification, RFC 8335)
 * and {@link io.icmpkit.wire.ext.Multipart}, which splits an error body into the original datagram
 * and the extensions, including the pre-RFC 4884 "extensions at offset 128" case.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4884">RFC 4884 Extended ICMP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4950">RFC 4950 MPLS extensions</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5837">RFC 5837 Interface information</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8335">RFC 8335 PROBE</a>
 */
package io.icmpkit.wire.ext;
