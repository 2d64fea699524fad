package io.icmpkit.engine.ping;

/**
 * Receives the events of one ping run, in order, on the {@link Pinger}'s I/O thread: keep the
 * work short (print, enqueue), never block. Every method has an empty default; {@link #onEvent}
 * sees every probe event before its specific method.
 */
public interface PingListener {
  /** A listener that ignores everything. */
  PingListener NONE = new PingListener() {};

  /** Every probe event, before the specific method below. */
  default void onEvent(PingEvent event) {}

  /** A probe was sent. */
  default void onSent(PingEvent.Sent sent) {}

  /** A reply (or a duplicate) arrived. */
  default void onReply(PingEvent.Reply reply) {}

  /** An ICMP error or a local send error instead of a reply. */
  default void onError(PingEvent.Error error) {}

  /** A probe got no answer within the timeout. */
  default void onTimeout(PingEvent.Timeout timeout) {}

  /** The run ended (count reached, deadline, cancelled, or failed: then {@code failure} is set). */
  default void onDone(PingResult result, Throwable failure) {}

  /** Dispatches {@code event} to {@link #onEvent} and its specific method. */
  static void dispatch(PingListener l, PingEvent event) {
    l.onEvent(event);
    switch (event) {
      case PingEvent.Sent s -> l.onSent(s);
      case PingEvent.Reply r -> l.onReply(r);
      case PingEvent.Error e -> l.onError(e);
      case PingEvent.Timeout t -> l.onTimeout(t);
    }
  }
}
