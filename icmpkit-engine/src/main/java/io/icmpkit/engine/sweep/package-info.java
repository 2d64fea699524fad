/**
 * Host discovery over address ranges ({@code icmpkit sweep}), designed as zmap: targets are never
 * materialised (IPv4 ranges are intervals walked through a keyed pseudo-random permutation, split
 * into shards with no coordinator), and replies are validated statelessly — a keyed hash (SipHash
 * with a per-run random key) of the target's index goes into the echo identifier/sequence and the
 * payload, so a reply proves it answers one of our probes without a table of outstanding probes.
 * ICMP errors are validated through the datagram they quote (RFC 792, RFC 4443 section 2.4) and
 * reported as unreachable, never as alive. Entry point: {@link io.icmpkit.engine.sweep.Sweeper}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792 (echo, timestamp, errors)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc950">RFC 950 (address mask)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443 (ICMPv6)</a>
 * @see <a href="https://zmap.io/paper.pdf">ZMap: Fast Internet-wide Scanning (USENIX Sec 2013)</a>
 */
package io.icmpkit.engine.sweep;
