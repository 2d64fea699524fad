package io.icmpkit.cli.render;

import java.io.IOException;

/**
 * Output of {@code icmpkit ping}: iputils-style text ({@link PingTextRenderer}) or JSON Lines
 * ({@link PingJsonRenderer}). Calls for one target come in this order: {@link #header}, then any
 * mix of {@link #sent}, {@link #reply}, {@link #icmpError}, {@link #localError},
 * {@link #timeout}, then {@link #statistics}. The counters live in a {@link PingTally} the caller
 * updates before each call; renderers only read it. Implementations are not thread-safe: the
 * caller serialises calls.
 */
public interface PingRenderer {
  /** What the {@code PING ...} line says about one target. */
  record Header(
      String hostname, String address, boolean ipv6, String source, String device, int dataLength) {}

  /**
   * One echo reply. {@code micros < 0}: not timed (payload shorter than 16 bytes). {@code from} is
   * already formatted ({@code name (addr)} or {@code addr}).
   */
  record Reply(
      int seq,
      int bytes,
      String from,
      int ttl,
      long micros,
      boolean duplicate,
      boolean badChecksum,
      boolean truncated,
      boolean differentAddress) {}

  /** One target in a multi-target run: its display name and counters. */
  void header(Header header) throws IOException;

  /** Probe {@code seq} was sent; {@code unanswered} is the previous seq when {@code -O} found it unanswered, else -1. */
  void sent(Header target, int seq, int unanswered) throws IOException;

  void reply(Header target, Reply reply) throws IOException;

  /** An ICMP error for probe {@code seq} from {@code from}; {@code info} is mtu, pointer or gateway. */
  void icmpError(Header target, int seq, String from, int type, int code, long info) throws IOException;

  /** A local send error (iputils: {@code local error: ...} on stderr). */
  void localError(Header target, int seq, String message) throws IOException;

  /** No reply for {@code seq} within the per-probe timeout (JSON only; iputils prints nothing). */
  void timeout(Header target, int seq) throws IOException;

  /** The closing statistics block of one target. */
  void statistics(Header target, PingTally tally) throws IOException;

  /** SIGQUIT: the interim one-line summary (stderr in text mode). */
  void status(Header target, PingTally tally) throws IOException;

  void flush() throws IOException;
}
