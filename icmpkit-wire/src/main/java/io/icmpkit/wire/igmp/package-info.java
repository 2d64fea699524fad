/**
 * IGMP versions 1, 2 and 3 (RFC 1112 appendix I, RFC 2236, RFC 3376): a checked view over the
 * message ({@link io.icmpkit.wire.igmp.IgmpPacket}) with allocation-free access to v3 sources and
 * group records, and a representation ({@link io.icmpkit.wire.igmp.IgmpMessage}) with one record
 * per message kind. A query's version is told apart by its length and Max Resp Code exactly as RFC
 * 3376 section 7.1 says; Max Resp Code and QQIC use the floating-point form of RFC 3376 4.1.1/4.1.7.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1112">RFC 1112 IGMPv1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2236">RFC 2236 IGMPv2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3376">RFC 3376 IGMPv3</a>
 * @see <a href="https://www.iana.org/assignments/igmp-type-numbers">IANA IGMP type numbers</a>
 */
package io.icmpkit.wire.igmp;
