package io.icmpkit.engine.trace;

/** Receives each hop of a trace as soon as all its probes are answered or timed out, in TTL order. */
@FunctionalInterface
public interface TraceListener {
  /** Called on the tracing thread; keep it short. */
  void hop(Hop hop);

  /** A listener that ignores everything. */
  TraceListener NONE = hop -> {};
}
