package io.icmpkit.engine.ping;

import io.icmpkit.socket.IcmpSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One ping engine serving any number of concurrent runs to any number of targets (API skeleton:
 * the implementation lands next).
 */
public final class Pinger implements AutoCloseable {
  private final IcmpSocket.Kind kind;

  private Pinger(Builder b) {
    this.kind = b.kind;
  }

  /** A pinger with the default settings ({@link IcmpSocket.Kind#AUTO}). */
  public static Pinger create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The socket kind requested. */
  public IcmpSocket.Kind socketKind() {
    return kind;
  }

  /** Starts a run. */
  public CompletableFuture<PingResult> ping(PingRequest request, PingListener listener) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The events of a run, started at subscription. */
  public Flow.Publisher<PingEvent> events(PingRequest request) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Stops a run (SIGINT semantics): no more probes, the future completes with the statistics. */
  public void stop(CompletableFuture<PingResult> run) {
    run.cancel(false);
  }

  @Override
  public void close() {}

  /** Builder of {@link Pinger}. */
  public static final class Builder {
    private IcmpSocket.Kind kind = IcmpSocket.Kind.AUTO;

    private Builder() {}

    /** The socket kind: DATAGRAM, RAW or AUTO (datagram when allowed, else raw). */
    public Builder socketKind(IcmpSocket.Kind kind) {
      this.kind = java.util.Objects.requireNonNull(kind);
      return this;
    }

    /** The pinger. */
    public Pinger build() {
      return new Pinger(this);
    }
  }
}
