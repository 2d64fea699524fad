package io.icmpkit.engine.ping;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.Octets;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Future;

/**
 * One ping run: iputils' {@code pinger()} token bucket, sequence numbers, the received-sequence
 * table, timeouts and the exit rules. Confined to the poller thread.
 */
final class Session {
  static final byte NONE = 0;
  static final byte SENT = 1;
  static final byte REPLIED = 2;
  static final byte ERRORED = 3;
  static final byte LOCAL = 4;
  /** iputils MININTERVAL: in flood mode without replies, one probe per 10 ms. */
  static final long MIN_FLOOD_NANOS = 10_000_000L;
  static final int COOKIE = 8;

  final Pinger pinger;
  final PingRequest request;
  final InetAddress target;
  final boolean ipv6;
  final PingListener listener;
  final Pinger.PingFuture future;
  final PingStatistics.Accumulator acc = new PingStatistics.Accumulator();
  Channel channel;
  int identifier = -1;
  int key;
  int secret;
  private byte[] message;
  private MemorySegment messageSeg;

  private long ntransmitted;
  private int acked;
  private byte[] state = new byte[0];
  private long[] sentMono = new long[0];
  private long[] sentReal = new long[0];
  private boolean[] txKernel = new boolean[0];
  // timeout FIFO
  private int[] toSeq = new int[16];
  private long[] toAt = new long[16];
  private int toHead;
  private int toSize;
  private Future<?> toTimer;
  private long toTimerAt = Long.MAX_VALUE;
  private Future<?> tickTimer;
  private long tickAt = Long.MAX_VALUE;
  private Future<?> exitTimer;
  private Future<?> deadlineTimer;
  private boolean first = true;
  private long curTime;
  private long tokens;
  private long intervalNanos;
  private long startMono = -1;
  private boolean waiting;
  boolean exiting;
  /** Diagnostics (tests): replies timed with kernel stamps at both ends, and with the clock. */
  int kernelRtts;
  int clockRtts;
  /** The Pinger's start window of this run, -1 before the start. */
  long window = -1;
  private boolean settled;

  Session(Pinger pinger, PingRequest request, InetAddress target, PingListener listener,
      Pinger.PingFuture future) {
    this.pinger = pinger;
    this.request = request;
    this.target = target;
    this.ipv6 = target instanceof Inet6Address;
    this.listener = listener;
    this.future = future;
    this.intervalNanos = nanos(request.interval());
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  /** Builds the echo request template once the channel and identifier are known. */
  void prepare() {
    int size = request.payloadSize();
    message = new byte[8 + size];
    message[0] = (byte) (ipv6 ? 128 : 8);
    Octets pattern = request.pattern();
    for (int i = 0; i < size; i++) {
      // iputils: pattern repeated, else byte i = i (its timeval then covers the first 16)
      message[8 + i] = (byte) (pattern != null ? pattern.get(i % pattern.length()) : i);
    }
    messageSeg = MemorySegment.ofArray(message);
    if (channel.raw) {
      Bytes.setU16(messageSeg, 4, identifier);
    }
  }

  int tag(int seq) {
    int x = secret ^ (seq * 0x9E3779B1);
    x ^= x >>> 16;
    x *= 0x85EBCA6B;
    x ^= x >>> 13;
    x *= 0xC2B2AE35;
    x ^= x >>> 16;
    return x;
  }

  /** The expected 8 cookie bytes of {@code seq}, big-endian in a long. */
  long cookie(int seq) {
    return ((long) key << 32) | (tag(seq) & 0xffffffffL);
  }

  void start() {
    if (request.deadline() != null) {
      deadlineTimer = pinger.schedule(() -> finish(false), nanos(request.deadline()));
    }
    tick();
  }

  // ---- sending: iputils pinger() ----

  /** The tick timer fired. */
  private void onTickTimer() {
    tickTimer = null;
    tickAt = Long.MAX_VALUE;
    tick();
  }

  /**
   * Sends what is due. Called by the tick timer, at the start and (flood) at each reply; a pending
   * tick timer stays pending (flood: one 10 ms timer per run, not one per probe).
   */
  void tick() {
    for (int sends = 0; !exiting; sends++) {
      if (sends >= 256) { // let replies in between
        scheduleTick(0);
        return;
      }
      long now = System.nanoTime();
      long next = pingerStep(now);
      if (next == Long.MAX_VALUE) {
        scheduleExit(now);
        return;
      }
      if (next > 0) {
        scheduleTick(next);
        return;
      }
    }
  }

  private void scheduleTick(long delay) {
    long at = System.nanoTime() + delay;
    if (tickTimer != null && tickAt <= at) {
      return;
    }
    if (tickTimer != null) {
      tickTimer.cancel(false);
    }
    tickAt = at;
    tickTimer = pinger.schedule(this::onTickTimer, delay);
  }

  /** One step: 0 when a probe was sent, else nanoseconds to wait, MAX_VALUE when done sending. */
  private long pingerStep(long now) {
    long count = request.count();
    if (count > 0 && ntransmitted >= count && request.deadline() == null) {
      return Long.MAX_VALUE;
    }
    if (first) {
      first = false;
      curTime = now;
      tokens = satMul(intervalNanos, request.preload() - 1);
    } else {
      long ntokens = now - curTime;
      if (intervalNanos == 0 && ntokens < MIN_FLOOD_NANOS && inFlight() >= request.preload()) {
        return MIN_FLOOD_NANOS - ntokens;
      }
      ntokens += tokens;
      long tmp = satMul(intervalNanos, request.preload());
      if (tmp < ntokens) {
        ntokens = tmp;
      }
      if (ntokens < intervalNanos) {
        return intervalNanos - ntokens;
      }
      curTime = now;
      tokens = ntokens - intervalNanos;
    }
    return send(now);
  }

  private static long satMul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE / 4;
  }

  private int inFlight() {
    int diff = ((int) ntransmitted - acked) & 0xffff;
    return diff <= 0x7fff ? diff : 0;
  }

  private void acknowledge(int seq) {
    int diff = ((int) ntransmitted - seq) & 0xffff;
    if (diff <= 0x7fff) {
      acc.inFlight(diff + 1);
      if ((short) (seq - acked) > 0 || (((int) ntransmitted - acked) & 0xffff) > 0x7fff) {
        acked = seq;
      }
    }
  }

  private void ensure(int seq) {
    if (seq < state.length) {
      return;
    }
    int n = Math.min(65_536, Math.max(seq + 1, Math.max(16, state.length * 2)));
    state = Arrays.copyOf(state, n);
    sentMono = Arrays.copyOf(sentMono, n);
    sentReal = Arrays.copyOf(sentReal, n);
    txKernel = Arrays.copyOf(txKernel, n);
  }

  private long send(long now) {
    int seq = (int) ((ntransmitted + 1) & 0xffff);
    ensure(seq);
    Bytes.setU16(messageSeg, 6, seq);
    int size = request.payloadSize();
    long c = cookie(seq);
    for (int i = 0; i < COOKIE && i < size; i++) {
      message[8 + i] = (byte) (c >>> (56 - 8 * i));
    }
    if (channel.raw && !ipv6) {
      Bytes.setU16(messageSeg, 2, 0);
      Bytes.setU16(messageSeg, 2, Checksum.compute(messageSeg));
    }
    long real = pinger.realNanos(now);
    try {
      channel.socket.send(messageSeg, target);
    } catch (NativeException e) {
      Errno errno = e.errno();
      if (errno == Errno.EAGAIN || errno == Errno.ENOBUFS || errno == Errno.ENOMEM) {
        tokens = 0; // iputils: queue full, not sent; try again in 10 ms
        return MIN_FLOOD_NANOS;
      }
      // iputils' hard local error: count the probe as sent, report the error
      long info = 0;
      if (errno == Errno.EMSGSIZE) {
        info = pinger.drainLocalMtu(channel);
      }
      markSent(seq, now, real);
      state[seq] = LOCAL;
      emit(new PingEvent.Error(seq, null, -1, -1, info, errno.name(), Octets.EMPTY, ipv6, real));
      afterSend(now);
      return 0;
    }
    markSent(seq, now, real);
    channel.sent(this, seq);
    if (identifier < 0 && !channel.raw) {
      identifier = channel.socket.identifier();
    }
    pushTimeout(seq, now + nanos(request.timeout()));
    emit(new PingEvent.Sent(seq, real));
    afterSend(now);
    return 0;
  }

  private void markSent(int seq, long now, long real) {
    if (startMono < 0) {
      startMono = now;
    }
    ntransmitted++;
    acc.sent();
    state[seq] = SENT;
    sentMono[seq] = now;
    sentReal[seq] = real;
    txKernel[seq] = false;
  }

  private void afterSend(long now) {
    long count = request.count();
    if (count > 0 && ntransmitted >= count && request.deadline() == null) {
      scheduleExit(now);
    }
  }

  /** iputils schedule_exit(): after the last probe wait 2 x max RTT (at least the interval), or
   * the linger time (-W) when nothing came back yet. */
  private void scheduleExit(long now) {
    if (waiting || exiting || request.deadline() != null) {
      return;
    }
    waiting = true;
    long wait;
    if (acc.received() > 0) {
      wait = Math.max(satMul(acc.maxMicros(), 2000), intervalNanos);
    } else {
      wait = nanos(request.timeout());
    }
    exitTimer = pinger.schedule(() -> finish(false), wait);
  }

  void txStamp(int seq, long nanos) {
    if (request.timestamps() && seq < state.length && state[seq] == SENT && nanos > 0) {
      sentReal[seq] = nanos;
      txKernel[seq] = true;
    }
  }

  // ---- timeouts ----

  private void pushTimeout(int seq, long at) {
    if (toSize == toSeq.length) {
      int[] s = new int[toSeq.length * 2];
      long[] a = new long[toAt.length * 2];
      for (int i = 0; i < toSize; i++) {
        s[i] = toSeq[(toHead + i) % toSeq.length];
        a[i] = toAt[(toHead + i) % toAt.length];
      }
      toSeq = s;
      toAt = a;
      toHead = 0;
    }
    int idx = (toHead + toSize) % toSeq.length;
    toSeq[idx] = seq;
    toAt[idx] = at;
    toSize++;
    if (toTimer == null) {
      toTimerAt = at;
      toTimer = pinger.schedule(this::expire, Math.max(0, at - System.nanoTime()));
    }
  }

  private void expire() {
    toTimer = null;
    if (exiting) {
      return;
    }
    long now = System.nanoTime();
    if (!emitDueTimeouts(now)) {
      return;
    }
    if (toSize > 0) {
      toTimerAt = toAt[toHead];
      toTimer = pinger.schedule(this::expire, Math.max(0, toTimerAt - now));
    }
  }

  /**
   * Emits a Timeout for every probe whose timeout has passed by {@code now} and is still
   * unanswered; false when a listener ended the run meanwhile.
   */
  private boolean emitDueTimeouts(long now) {
    while (toSize > 0 && toAt[toHead] <= now) {
      int seq = toSeq[toHead];
      long sentAt = toAt[toHead] - nanos(request.timeout());
      toHead = (toHead + 1) % toSeq.length;
      toSize--;
      if (state[seq] == SENT && sentMono[seq] == sentAt) {
        emit(new PingEvent.Timeout(seq));
        if (exiting) {
          return false;
        }
      }
    }
    return true;
  }

  // ---- receiving ----

  /** Whether {@code seq} was sent and is not yet forgotten. */
  boolean wasSent(int seq) {
    return seq < state.length && state[seq] != NONE;
  }

  boolean outstanding(int seq) {
    return seq < state.length && state[seq] == SENT;
  }

  /**
   * Checks that the payload of the echo reply at {@code off} of {@code m} ({@code len} bytes) is
   * the one sent: the cookie, then the pattern.
   */
  boolean payloadIntact(MemorySegment m, long off, long len, int seq) {
    int size = request.payloadSize();
    long c = cookie(seq);
    long n = Math.min(len - 8, size);
    for (int i = 0; i < n; i++) {
      byte want = i < COOKIE ? (byte) (c >>> (56 - 8 * i)) : message[8 + i];
      if (m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + 8 + i) != want) {
        return false;
      }
    }
    return true;
  }

  void onReply(int seq, InetAddress from, long rxReal, boolean rxKernel, int ttl, int tos,
      int bytes, boolean badChecksum, boolean mismatch) {
    if (exiting || !wasSent(seq)) {
      return;
    }
    long now = System.nanoTime();
    long rtt;
    if (rxKernel && txKernel[seq] && request.timestamps()) {
      rtt = rxReal - sentReal[seq];
      kernelRtts++;
    } else {
      rtt = now - sentMono[seq];
      clockRtts++;
      rxReal = pinger.realNanos(now);
    }
    if (rtt < 0) {
      rtt = Math.max(0, now - sentMono[seq]);
    }
    if (badChecksum) {
      acc.badChecksum();
      emit(new PingEvent.Reply(seq, rtt, ttl, tos, bytes, from, false, true, true, rxReal));
      return;
    }
    acknowledge(seq);
    boolean dup = state[seq] == REPLIED;
    state[seq] = REPLIED;
    acc.reply(rtt, dup);
    if (request.adaptive() && !dup) {
      // iputils update_interval(): interval = (est + 500) / 1000 ms, est = smoothed RTT in µs
      long est = acc.ewmaMicros() != 0 ? acc.ewmaMicros() : intervalNanos / 1000;
      intervalNanos = ((est + 500) / 1000) * 1_000_000L;
    }
    emit(new PingEvent.Reply(seq, rtt, ttl, tos, bytes, from, dup, mismatch, false, rxReal));
    checkDone();
    if (!exiting && intervalNanos == 0) {
      tick(); // flood: the next probe as soon as a reply came
    }
  }

  void onIcmpError(int seq, InetAddress from, int type, int code, long info, Octets quoted,
      long rxReal) {
    if (exiting || !wasSent(seq)) {
      return;
    }
    acc.error();
    if (state[seq] == SENT) {
      state[seq] = ERRORED;
    }
    String errno = Errno.valueOf(IcmpError.linuxErrno(ipv6, type, code)).name();
    emit(new PingEvent.Error(seq, from, type, code, info, errno, quoted, ipv6, rxReal));
    checkDone();
  }

  private void checkDone() {
    long count = request.count();
    if (count > 0 && acc.received() + acc.errors() >= count) {
      finish(false);
    } else if (request.deadline() != null && acc.errors() > 0) {
      finish(false); // iputils: with -w, an error ends the run
    }
  }

  /** Tells the Pinger once that the first probe is answered, failed or timed out. */
  private void settle() {
    if (!settled) {
      settled = true;
      pinger.settled(this);
    }
  }

  private void emit(PingEvent e) {
    if (!(e instanceof PingEvent.Sent)) {
      settle();
    }
    try {
      PingListener.dispatch(listener, e);
    } catch (RuntimeException ex) {
      System.getLogger(Pinger.class.getName()).log(System.Logger.Level.WARNING,
          "ping listener failed", ex);
    }
  }

  PingStatistics statistics() {
    long elapsed = startMono < 0 ? 0 : System.nanoTime() - startMono;
    return acc.snapshot(elapsed);
  }

  /** Ends the run: stop sending, cancel timers, complete the future and call onDone. */
  void finish(boolean cancelled) {
    if (exiting) {
      return;
    }
    // the exit wait and the last probe's timeout end at the same instant: whichever timer runs
    // first, a probe whose timeout has passed gets its Timeout event before the run ends
    if (!cancelled && !emitDueTimeouts(System.nanoTime())) {
      return;
    }
    exiting = true;
    settle();
    for (Future<?> f : new Future<?>[] {tickTimer, toTimer, exitTimer, deadlineTimer}) {
      if (f != null) {
        f.cancel(false);
      }
    }
    pinger.release(this);
    PingResult r = new PingResult(request, target, statistics(), cancelled);
    try {
      listener.onDone(r, null);
    } catch (RuntimeException ex) {
      System.getLogger(Pinger.class.getName()).log(System.Logger.Level.WARNING,
          "ping listener failed", ex);
    }
    future.complete(r);
  }
}
