package io.icmpkit.stack.topology;

import java.util.PriorityQueue;

/**
 * A virtual clock's event queue: tasks due at a time in nanoseconds (any monotonic time base, such
 * as {@link System#nanoTime()}), run by one thread in time order, ties in the order they were
 * scheduled. Nothing here sleeps or reads a clock: the caller passes "now" to {@link
 * #runDue(long)} and waits (for input, e.g. on the TUN device) at most until {@link #nextDue()}.
 * That keeps per-packet delays free of sleeps and makes every test deterministic (a test drives
 * time by hand). Not thread-safe: one thread schedules and runs.
 */
public final class Scheduler {
  private record Event(long at, long seq, Runnable task) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long seq;
  private long now = Long.MIN_VALUE;

  /** Runs {@code task} at {@code atNanos} (or at the next {@link #runDue} if that is past). */
  public void schedule(long atNanos, Runnable task) {
    queue.add(new Event(atNanos, seq++, task));
  }

  /**
   * Runs every task due at or before {@code nowNanos}, in time order, including tasks those tasks
   * schedule for times up to {@code nowNanos}; returns how many ran.
   */
  public int runDue(long nowNanos) {
    now = Math.max(now, nowNanos);
    int n = 0;
    Event e;
    while ((e = queue.peek()) != null && e.at - nowNanos <= 0) {
      queue.poll();
      e.task.run();
      n++;
    }
    return n;
  }

  /** The time the earliest task is due, or {@link Long#MAX_VALUE} when none is queued. */
  public long nextDue() {
    Event e = queue.peek();
    return e == null ? Long.MAX_VALUE : e.at;
  }

  /** Tasks queued and not yet run. */
  public int pending() {
    return queue.size();
  }

  /** The latest time passed to {@link #runDue}. */
  public long now() {
    return now;
  }
}
