package io.icmpkit.engine.ping;

import java.net.InetAddress;

/**
 * The outcome of a ping run.
 *
 * @param request the request as given
 * @param target the address pinged (resolved from {@link PingRequest#host()} when needed)
 * @param statistics the run's statistics
 * @param cancelled the run was stopped early ({@link Pinger#stop}, cancel: iputils' SIGINT)
 */
public record PingResult(PingRequest request, InetAddress target, PingStatistics statistics,
    boolean cancelled) {

  /**
   * The exit status iputils ping would return: 0 when replies arrived, 1 when none arrived, or
   * (with a deadline and a count) fewer than the count arrived.
   */
  public int exitStatus() {
    long received = statistics.received();
    if (received == 0) {
      return 1;
    }
    if (request.deadline() != null && request.count() > 0 && received < request.count()) {
      return 1;
    }
    return 0;
  }
}
