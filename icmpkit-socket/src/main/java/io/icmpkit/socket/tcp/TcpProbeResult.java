package io.icmpkit.socket.tcp;

import io.icmpkit.socket.IcmpError;
import java.net.InetAddress;

/**
 * The outcome of one TCP SYN probe.
 *
 * <ul>
 *   <li>{@link Outcome#CONNECTED}: the target answered SYN-ACK (port open); {@code responder} is
 *       the target.
 *   <li>{@link Outcome#REFUSED}: the target answered RST (port closed); {@code responder} is the
 *       target.
 *   <li>{@link Outcome#ICMP_ERROR}: a router or the target answered with an ICMP error about the
 *       SYN (time exceeded at the hop where the TTL ran out, destination unreachable...);
 *       {@code responder} is the sender of the error (the offender) and {@link #error()} has type,
 *       code and errno.
 *   <li>{@link Outcome#TIMEOUT}: nothing within the time limit; {@code responder} is null.
 * </ul>
 *
 * @param outcome what happened
 * @param responder who answered, or null on timeout (or when the kernel did not say)
 * @param error the ICMP error for {@link Outcome#ICMP_ERROR}, else null
 * @param rttNanos time from sending the SYN to the answer (System.nanoTime), -1 on timeout
 * @param ttl the TTL / hop limit the SYN was sent with
 */
public record TcpProbeResult(
    Outcome outcome, InetAddress responder, IcmpError error, long rttNanos, int ttl) {

  /** The kinds of answer. */
  public enum Outcome {
    CONNECTED, REFUSED, ICMP_ERROR, TIMEOUT
  }

  public TcpProbeResult {
    if (outcome == null) {
      throw new IllegalArgumentException("outcome must not be null");
    }
    if ((outcome == Outcome.ICMP_ERROR) != (error != null)) {
      throw new IllegalArgumentException("error is set exactly for ICMP_ERROR: " + outcome);
    }
  }

  static TcpProbeResult timeout(int ttl) {
    return new TcpProbeResult(Outcome.TIMEOUT, null, null, -1, ttl);
  }

  /** Whether the target itself answered (CONNECTED or REFUSED): the trace is complete. */
  public boolean reachedTarget() {
    return outcome == Outcome.CONNECTED || outcome == Outcome.REFUSED;
  }
}
