package io.icmpkit.engine.sweep;

/** What a sweep learned about one target. */
public enum SweepStatus {
  /** A validated reply (echo, timestamp or address mask reply) came back. */
  ALIVE,
  /**
   * A validated ICMP error about one of our probes came back (destination unreachable, time
   * exceeded...: see {@link SweepResult#icmpType()}), or the local stack refused to send.
   */
  UNREACHABLE,
  /** Nothing came back within the retries and timeouts. */
  NO_ANSWER
}
