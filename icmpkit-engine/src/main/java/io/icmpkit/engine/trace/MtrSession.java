package io.icmpkit.engine.trace;

import io.icmpkit.socket.PmtuMode;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * mtr-style continuous tracing: each {@link #cycle} sends one probe to every TTL of the path
 * (from the first TTL to the destination's, once known), then reads answers until the interval is
 * over; {@link HopStatistics} accumulates per hop. One channel, so one probe identity, serves the
 * whole session: with ICMP (constant echo identifier) or Paris UDP (constant 5-tuple) every probe
 * follows one flow, so loss at a hop is not an artefact of per-flow load balancing. Answers are
 * matched to their probe by sequence number (16 bits, never reused while a probe is pending);
 * round trips come from the kernel's transmit and receive stamps when the channel has them.
 *
 * <p>Which hops are shown follows mtr's {@code net_max()}: up to the first hop where the
 * destination answered, else up to one past the last hop that answered (capped at the maximum
 * TTL).
 *
 * <p>The session runs on the thread that calls {@link #cycle} / {@link #drain} (sockets are
 * opened in its network namespace on the first cycle); {@link #hops()} and {@link #reset()} may be
 * called from any thread.
 */
public final class MtrSession implements AutoCloseable {
  private record Pending(int ttl, long sent, long epoch) {}

  private final TraceRequest request;
  private final Duration interval;
  private final boolean v6;
  private ProbeChannel channel;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private final HopStatistics[] stats;
  private int nextSeq;
  private int destinationTtl = Integer.MAX_VALUE;
  private int lastAnswered;
  private int cycles;
  private long epoch;
  private volatile boolean cut;

  /**
   * A session probing as {@code request} says (method, first/max TTL, packet length, TOS, source,
   * interface, privilege; {@code waitMax} is how long a probe may stay unanswered), one cycle per
   * {@code interval}.
   */
  public MtrSession(TraceRequest request, Duration interval) {
    if (request == null || interval == null || interval.isNegative()) {
      throw new IllegalArgumentException("request and a non-negative interval are required");
    }
    this.request = request;
    this.interval = interval;
    this.v6 = request.destination() instanceof Inet6Address;
    this.stats = new HopStatistics[request.maxTtl() + 1];
    for (int t = 0; t < stats.length; t++) {
      stats[t] = new HopStatistics(t);
    }
  }

  /** The session's request. */
  public TraceRequest request() {
    return request;
  }

  /** Whether raw sockets are used (false before the first cycle). */
  public boolean privileged() {
    return channel != null && channel.privileged();
  }

  /** Cycles run so far (since the last reset). */
  public synchronized int cycles() {
    return cycles;
  }

  /**
   * Runs one cycle: sends one probe per TTL, then handles answers for {@code interval}.
   *
   * @throws io.icmpkit.nativeio.NativeException when a socket cannot be opened or a probe sent
   */
  public void cycle() {
    if (channel == null) {
      int token = ThreadLocalRandom.current().nextInt(1, 0x10000);
      channel = Tracer.open(request, token,
          request.dontFragment() ? PmtuMode.DO : PmtuMode.DONT);
    }
    long start = System.nanoTime();
    int last;
    synchronized (this) {
      last = Math.min(request.maxTtl(), destinationTtl);
      cycles++;
    }
    for (int ttl = request.firstTtl(); ttl <= last; ttl++) {
      send(ttl);
    }
    long end = start + interval.toNanos();
    for (long now = System.nanoTime(); ; now = System.nanoTime()) {
      expire(now);
      if (now >= end || cut) {
        break;
      }
      // slices of 100 ms at most, so that cutShort() takes effect soon
      handle(channel.poll(Duration.ofNanos(Math.min(end - now, 100_000_000L))));
    }
    cut = false;
  }

  /**
   * Ends the running {@link #cycle} early (from any thread; the live view's {@code q}): its probes
   * stay pending and are counted by the next cycle or {@link #drain}. Without a running cycle, the
   * next one is cut short.
   */
  public void cutShort() {
    cut = true;
  }

  /** Reads answers until no probe is pending or {@code grace} is over (mtr's grace time). */
  public void drain(Duration grace) {
    if (channel == null) {
      return;
    }
    long end = System.nanoTime() + grace.toNanos();
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      expire(now);
      synchronized (this) {
        if (pending.isEmpty()) {
          return;
        }
      }
      handle(channel.poll(Duration.ofNanos(Math.min(end - now, 100_000_000L))));
    }
    synchronized (this) {
      for (Pending p : pending.values()) {
        if (p.epoch == epoch) {
          stats[p.ttl].lost();
        }
      }
      pending.clear();
    }
  }

  private void send(int ttl) {
    int seq;
    synchronized (this) {
      seq = nextSeq;
      for (int i = 0; pending.containsKey(seq) && i < 0x10000; i++) {
        seq = (seq + 1) & 0xffff;
      }
      nextSeq = (seq + 1) & 0xffff;
      stats[ttl].sent();
      pending.put(seq, new Pending(ttl, System.nanoTime(), epoch));
    }
    channel.send(seq, ttl, request.packetLength());
  }

  private synchronized void expire(long now) {
    long max = request.waitMax().toNanos();
    pending.values().removeIf(p -> {
      if (now - p.sent < max) {
        return false;
      }
      if (p.epoch == epoch) {
        stats[p.ttl].lost();
      }
      return true;
    });
  }

  private synchronized void handle(List<ProbeChannel.Answer> answers) {
    for (ProbeChannel.Answer a : answers) {
      Pending p = pending.remove(a.seq());
      if (p == null) {
        continue; // late, duplicate, or not ours
      }
      if (p.epoch != epoch) {
        continue; // sent before a reset
      }
      boolean destination = a.reached() || (a.responder() != null
          && a.responder().equals(request.destination()));
      if (destination || isFinal(a)) {
        destinationTtl = Math.min(destinationTtl, p.ttl);
      }
      if (a.responder() != null) {
        lastAnswered = Math.max(lastAnswered, p.ttl);
      }
      stats[p.ttl].reply(a.responder(), Math.max(1, a.nanos() - a.sentOr(p.sent)), destination,
          a.extensions());
    }
  }

  /** An unreachable (or port unreachable, for UDP) ends the path as the destination does. */
  private boolean isFinal(ProbeChannel.Answer a) {
    int t = a.icmpType();
    return v6 ? t == 1 : t == 3 && a.icmpCode() != 4;
  }

  /**
   * The hops to show, copied: up to the destination's TTL, or one past the last that answered.
   */
  public synchronized List<HopStatistics> hops() {
    int end = destinationTtl != Integer.MAX_VALUE ? destinationTtl
        : Math.min(request.maxTtl(), Math.max(lastAnswered + 1, request.firstTtl()));
    List<HopStatistics> out = new ArrayList<>();
    for (int t = request.firstTtl(); t <= end; t++) {
      out.add(new HopStatistics(stats[t]));
    }
    return out;
  }

  /** Whether the destination answered. */
  public synchronized boolean reached() {
    return destinationTtl != Integer.MAX_VALUE;
  }

  /** Forgets all statistics (mtr's {@code r} key); probes in flight no longer count. */
  public synchronized void reset() {
    epoch++;
    cycles = 0;
    lastAnswered = 0;
    destinationTtl = Integer.MAX_VALUE;
    for (int t = 0; t < stats.length; t++) {
      stats[t] = new HopStatistics(t);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close();
    }
  }
}
