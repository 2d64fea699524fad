package io.icmpkit.engine.sweep;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces sends at a fixed rate: the k-th permit is due at {@code start + k / rate}. Waits longer than
 * 50 µs park the thread (which oversleeps by tens of microseconds; the permits that fell due meanwhile
 * are then granted at once, a small batch); shorter ones spin. When the sender falls more than 10 ms
 * behind (a pause, a full send buffer), the schedule restarts from now instead of bursting to catch up.
 */
final class Pacer {
  private static final long MAX_LAG_NANOS = 10_000_000;
  private final double periodNanos;
  private long start;
  private long count;

  Pacer(double rate) {
    this.periodNanos = 1e9 / rate;
    this.start = System.nanoTime();
  }

  /** Whether the next send is due now (acquire would not wait). */
  boolean ready() {
    return System.nanoTime() >= start + (long) (count * periodNanos);
  }

  /** Blocks until the next send is due. */
  void acquire() {
    long due = start + (long) (count * periodNanos);
    long now = System.nanoTime();
    if (now - due > MAX_LAG_NANOS) {
      start = now;
      count = 0;
      due = now;
    }
    while ((now = System.nanoTime()) < due) {
      long wait = due - now;
      if (wait > 50_000) {
        LockSupport.parkNanos(wait - 20_000);
      } else {
        Thread.onSpinWait();
      }
    }
    count++;
  }
}
