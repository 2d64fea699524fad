package io.icmpkit.engine.sweep;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Paces sends at a fixed rate: the k-th permit is due at {@code start + k / rate}. A permit due
 * within {@link #AHEAD_NANOS} is granted at once; otherwise the thread parks until it is that
 * close. The sender never spins (at 100 000 pps a spinning sender would burn a core between
 * probes that the receivers need); at high rates permits come in small groups, at most {@code
 * rate * 100 µs} at a time, and the long-run rate is exact. When the sender falls more than 10 ms
 * behind (a pause, a full send buffer), the schedule restarts from now instead of bursting to
 * catch up.
 */
final class Pacer {
  /** How early a permit may be used: about twice the oversleep of a short park on Linux. */
  static final long AHEAD_NANOS = 100_000;
  private static final long MAX_LAG_NANOS = 10_000_000;
  private final double periodNanos;
  private final LongSupplier clock;
  private final LongConsumer park;
  private long start;
  private long count;

  Pacer(double rate) {
    this(rate, System::nanoTime, LockSupport::parkNanos);
  }

  /** With another nanosecond clock and way to wait (tests). */
  Pacer(double rate, LongSupplier clock, LongConsumer park) {
    this.periodNanos = 1e9 / rate;
    this.clock = clock;
    this.park = park;
    this.start = clock.getAsLong();
  }

  private long due() {
    return start + (long) (count * periodNanos);
  }

  /** Whether the next permit would be granted without parking. */
  boolean ready() {
    return due() - clock.getAsLong() <= AHEAD_NANOS;
  }

  /** Blocks until the next permit may be used. */
  void acquire() {
    long now = clock.getAsLong();
    long due = due();
    if (now - due > MAX_LAG_NANOS) {
      start = now;
      count = 0;
      due = now;
    }
    while (due - now > AHEAD_NANOS) {
      park.accept(due - now - AHEAD_NANOS);
      now = clock.getAsLong();
    }
    count++;
  }
}
