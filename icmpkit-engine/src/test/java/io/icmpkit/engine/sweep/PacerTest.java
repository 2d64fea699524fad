package io.icmpkit.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
  /** A clock that moves {@code step} ns per read: the pacer's view of a sender's own work. */
  private static final class StepClock implements java.util.function.LongSupplier {
    private final long step;
    private long now = 1_000_000_000L;

    StepClock(long step) {
      this.step = step;
    }

    @Override
    public long getAsLong() {
      return now += step;
    }

    /** Parking oversleeps, as on Linux (timer slack). */
    void park(long nanos) {
      now += nanos + 55_000;
    }
  }

  @Test
  void permitsAreNeverUsedMoreThanTheAllowanceEarlyAndKeepTheRate() {
    for (long step : new long[] {200, 3_000, 25_000}) { // the sender is faster or slower than the rate
      StepClock clock = new StepClock(step);
      double rate = 100_000; // a permit every 10 µs
      Pacer p = new Pacer(rate, clock, clock::park);
      long start = clock.now;
      int n = 2000;
      long lastGrant = 0;
      for (int k = 0; k < n; k++) {
        p.acquire();
        lastGrant = clock.now;
        long due = start + (long) (k * 1e9 / rate);
        assertThat(lastGrant).as("permit %d, step %d", k, step)
            .isGreaterThanOrEqualTo(due - Pacer.AHEAD_NANOS);
      }
      long ideal = (long) ((n - 1) * 1e9 / rate);
      if (step * 2 < 1e9 / rate) {
        // a fast sender is held to the rate: it ends at most the allowance early
        assertThat(lastGrant - start).isBetween(ideal - Pacer.AHEAD_NANOS, ideal + 2 * step);
      }
    }
  }

  @Test
  void aLongPauseRestartsTheScheduleInsteadOfBursting() {
    StepClock clock = new StepClock(100);
    Pacer p = new Pacer(1000, clock, clock::park); // a permit every ms
    p.acquire();
    clock.now += 50_000_000; // 50 ms away (a stop of the thread)
    p.acquire();
    long afterPause = clock.now;
    p.acquire(); // the next permit is a full period later, not at once
    assertThat(clock.now - afterPause).isGreaterThanOrEqualTo(1_000_000 - Pacer.AHEAD_NANOS);
    assertThat(p.ready()).isFalse();
  }
}
