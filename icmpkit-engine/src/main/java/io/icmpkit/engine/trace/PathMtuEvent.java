package io.icmpkit.engine.trace;

import java.net.InetAddress;

/**
 * What {@link PathMtuTracer} reports, line by line as iputils tracepath prints it.
 */
public sealed interface PathMtuEvent {
  /** The TTL being probed when the event happened. */
  int ttl();

  /**
   * The local kernel refused the probe size: the path MTU it knows ({@code [LOCALHOST]}), with
   * the time since that probe was sent when the kernel says which probe it was (IPv6), else -1.
   */
  record LocalMtu(int ttl, int mtu, long rttNanos) implements PathMtuEvent {}

  /**
   * An answer to a probe.
   *
   * @param ttl the TTL being probed
   * @param sentTtl the TTL of the probe this answers, -1 when that probe is unknown
   * @param responder the sender of the answer
   * @param rttNanos time since that probe was sent, -1 when unknown
   * @param replyTtl TTL / hop limit of the answer, -1 when unknown
   * @param outcome what the answer means
   * @param mtu for {@link Outcome#PMTU}: the reported MTU, else 0
   */
  record Reply(int ttl, int sentTtl, InetAddress responder, long rttNanos, int replyTtl,
      Outcome outcome, int mtu) implements PathMtuEvent {
    /** Hops back guessed from the answer's TTL (initial 64, 128 or 255), -1 when unknown. */
    public int backHops() {
      if (replyTtl < 0) {
        return -1;
      }
      return replyTtl <= 64 ? 65 - replyTtl : replyTtl <= 128 ? 129 - replyTtl : 256 - replyTtl;
    }
  }

  /** The probe could not be sent (ten tries; e.g. no route): the run ends. */
  record SendFailed(int ttl) implements PathMtuEvent {}

  /** No answer to the three probes of a TTL. */
  record NoReply(int ttl) implements PathMtuEvent {}

  /** What an answer says. */
  enum Outcome {
    /** Time exceeded: a router on the way. */
    HOP,
    /** Fragmentation needed / packet too big with a new MTU. */
    PMTU,
    /** The destination answered (port unreachable, echo reply). */
    REACHED,
    /** Host unreachable ({@code !H}). */
    HOST_UNREACHABLE,
    /** Network unreachable ({@code !N}). */
    NET_UNREACHABLE,
    /** Protocol error ({@code !P}). */
    PROTOCOL,
    /** Administratively prohibited ({@code !A}). */
    PROHIBITED,
    /** Any other error. */
    OTHER
  }
}
