/**
 * ICMP for IPv4 (RFC 792 and its updates): {@link io.icmpkit.wire.icmpv4.Icmpv4Packet}, a checked
 * view over the bytes with one accessor per RFC field, and {@link io.icmpkit.wire.icmpv4.Icmpv4Message},
 * a sealed interface of records, one per message, with an {@code Unknown} record that keeps every
 * byte of anything else. Error messages carry RFC 4884 extensions ({@link io.icmpkit.wire.ext}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792 ICMP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1191">RFC 1191 Path MTU discovery</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1256">RFC 1256 Router discovery</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc950">RFC 950 Address mask</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4884">RFC 4884 Extended ICMP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8335">RFC 8335 PROBE (extended echo)</a>
 */
package io.icmpkit.wire.icmpv4;
