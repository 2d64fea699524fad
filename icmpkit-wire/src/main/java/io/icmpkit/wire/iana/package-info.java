/**
 * Code points of the IANA protocol registries with their names: ICMP and ICMPv6 types and codes and
 * related parameters, transcribed from the registries and worded as Wireshark names them where a
 * summary line shows them.
 *
 * @see <a href="https://www.iana.org/assignments/icmpv6-parameters">IANA ICMPv6 Parameters</a>
 * @see <a href="https://www.iana.org/assignments/icmp-parameters">IANA ICMP Parameters</a>
 */
package io.icmpkit.wire.iana;
