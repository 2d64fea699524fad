/**
 * Path tracing: {@link io.icmpkit.engine.trace.Tracer} raises the TTL / hop limit probe by probe
 * and reads the ICMP Time Exceeded messages of each hop (RFC 792, RFC 4443 section 3.3), as Linux
 * traceroute does, with ICMP echo, UDP (classic and Paris: one constant 5-tuple,
 * <a href="https://paris-traceroute.net/">paris-traceroute.net</a>) and TCP SYN probes; replies are
 * matched through the quoted datagram of each error (RFC 1812 section 4.3.2.3), never by arrival
 * order. RFC 4884 extensions (MPLS label stacks, RFC 4950) are decoded per reply.
 * {@link io.icmpkit.engine.trace.PathMtuTracer} finds the path MTU hop by hop like iputils
 * tracepath (RFC 1191, RFC 8201), unprivileged over UDP, over ICMP echo on a ping socket (a raw
 * one where that is refused).
 * {@link io.icmpkit.engine.trace.MtrSession} probes continuously as mtr does, one flow per session,
 * and keeps {@link io.icmpkit.engine.trace.HopStatistics} per hop;
 * {@link io.icmpkit.engine.trace.MultipathDetector} enumerates load-balanced paths with the MDA
 * stopping rule of Paris traceroute.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4884">RFC 4884</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4950">RFC 4950</a>
 */
package io.icmpkit.engine.trace;
