/**
 * Ping as a library: one {@link io.icmpkit.engine.ping.Pinger} (one socket per address family, one
 * I/O thread) runs any number of concurrent pings ({@link io.icmpkit.engine.ping.PingRequest}) and
 * reports per-probe events ({@link io.icmpkit.engine.ping.PingEvent}) and iputils-compatible
 * statistics ({@link io.icmpkit.engine.ping.PingStatistics}).
 *
 * <pre>{@code
 * try (Pinger pinger = Pinger.create()) {
 *   PingResult r = pinger.ping(
 *       PingRequest.builder(InetAddress.getLoopbackAddress()).count(3).build(),
 *       new PingListener() {
 *         public void onReply(PingEvent.Reply reply) {
 *           System.out.println(reply.bytes() + " bytes: seq=" + reply.seq()
 *               + " time=" + reply.rttNanos() / 1e6 + " ms");
 *         }
 *       }).join();
 *   System.out.println(r.statistics());
 * }
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792 (Echo, Echo Reply)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443#section-4">RFC 4443 §4 (ICMPv6 Echo)</a>
 * @see <a href="https://github.com/iputils/iputils">iputils ping (the reference for options,
 *     timing and statistics)</a>
 */
package io.icmpkit.engine.ping;
