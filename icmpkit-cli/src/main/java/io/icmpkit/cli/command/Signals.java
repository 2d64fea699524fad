package io.icmpkit.cli.command;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT, SIGQUIT and SIGUSR1 for {@code icmpkit ping}, through {@code sun.misc.Signal}
 * (jdk.unsupported; {@code jdk.internal.misc.Signal} is not exported). HotSpot refuses SIGQUIT
 * ("Signal already used by VM", with or without {@code -Xrs}: it prints a thread dump, or with
 * {@code -Xrs} the signal kills the process), so the interim status line of iputils' SIGQUIT is
 * also given on SIGUSR1, which the JVM leaves free. A signal ignored when the JVM started (a
 * background job of a non-interactive shell) stays ignored. {@link #close()} restores the previous handlers, so tests that
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
    s.handle("QUIT", () -> s.onStatus.run()); // refused by HotSpot (thread dumps): skipped
    s.handle("USR1", () -> s.onStatus.run());
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
