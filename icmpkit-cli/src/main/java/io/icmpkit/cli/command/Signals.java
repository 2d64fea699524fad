package io.icmpkit.cli.command;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGQUIT for {@code icmpkit ping}, through {@code sun.misc.Signal} (jdk.unsupported;
 * {@code jdk.internal.misc.Signal} is not exported). A signal the JVM keeps for itself (SIGQUIT
 * without {@code -Xrs}) is skipped. {@link #close()} restores the previous handlers, so tests that
 * call the command in-process leave the JVM as they found it.
 */
final class Signals implements AutoCloseable {
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private volatile Runnable onInterrupt = () -> {};
  private volatile Runnable onStatus = () -> {};

  private Signals() {}

  static Signals install() {
    Signals s = new Signals();
    s.handle("INT", () -> s.onInterrupt.run());
    s.handle("QUIT", () -> s.onStatus.run());
    return s;
  }

  void onInterrupt(Runnable r) {
    onInterrupt = r;
  }

  void onStatus(Runnable r) {
    onStatus = r;
  }

  private void handle(String name, Runnable action) {
    try {
      Signal sig = new Signal(name);
      SignalHandler old = Signal.handle(sig, s -> action.run());
      signals.add(sig);
      previous.add(old);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // used by the JVM (SIGQUIT without -Xrs) or not on this platform: keep the default
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        Signal.handle(signals.get(i), previous.get(i));
      } catch (IllegalArgumentException e) {
        // cannot happen: we installed it
      }
    }
  }
}
