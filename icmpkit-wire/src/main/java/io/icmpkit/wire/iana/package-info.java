/**
 * Code points from the IANA registries, as tables in code with the registry date in their header:
 * ICMPv4 type and code names ({@link io.icmpkit.wire.iana.Icmpv4Types}) and ICMPv6 ones, each with
 * Wireshark's wording next to the registry text for one-line summaries.
 *
 * @see <a href="https://www.iana.org/assignments/icmp-parameters/icmp-parameters.xhtml">IANA ICMP Parameters</a>
 * @see <a href="https://www.iana.org/assignments/icmpv6-parameters/icmpv6-parameters.xhtml">IANA ICMPv6 Parameters</a>
 */
package io.icmpkit.wire.iana;
