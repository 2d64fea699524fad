package io.icmpkit.engine.sweep;

import java.net.InetAddress;

/**
 * The outcome for one target; a sweep produces exactly one per target of its shard.
 *
 * @param target the target address
 * @param name the host name the target was given as, or null
 * @param status alive, unreachable or no answer
 * @param probe the probe the answer was about, or null for {@link SweepStatus#NO_ANSWER}
 * @param rttNanos round-trip time in nanoseconds, -1 when unknown (no answer, errors, address mask)
 * @param ttl TTL / hop limit of the answer, -1 when unknown
 * @param responder the address the answer came from when it differs from the target (a router's
 *     error, a host answering from another address), else null
 * @param icmpType type of the answer (reply or error), -1 when none (no answer, local error)
 * @param icmpCode code of the answer, -1 when none
 * @param detail for a local send failure the errno name (e.g. {@code ENETUNREACH}), else null
 */
public record SweepResult(
    InetAddress target,
    String name,
    SweepStatus status,
    ProbeType probe,
    long rttNanos,
    int ttl,
    InetAddress responder,
    int icmpType,
    int icmpCode,
    String detail) {

  public SweepResult {
    if (target == null || status == null) {
      throw new IllegalArgumentException("target and status must not be null");
    }
  }

  /** Whether the target answered. */
  public boolean alive() {
    return status == SweepStatus.ALIVE;
  }
}
