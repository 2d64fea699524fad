package io.icmpkit.engine.ping;

import io.icmpkit.engine.RxStampGate;
import io.icmpkit.nativeio.lib.Linux;
import io.icmpkit.socket.DatagramView;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.socket.poll.Poller;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.Octets;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ping engine: one instance serves any number of concurrent runs ({@link PingRequest}) to any
 * number of targets, like one HTTP client serves many requests. Thread-safe.
 *
 * <p>Design: one {@link Poller} thread does all the work — sends, receives, timers fire there —
 * so runs need no locks and listeners are called in order, on that thread (keep them short).
 * One ICMP socket per address family is opened lazily and shared by every run with default socket
 * options; a run with its own TTL, TOS, PMTU mode, source, interface or mark, or a payload under 8
 * bytes, gets a socket of its own.
 *
 * <p>Many runs at once: runs submitted together start in bursts of 64 first
 * probes; the next burst goes out when the previous one is answered (or timed out), or when no
 * datagram arrived for 10 ms, so that the engine reads replies between bursts instead of letting
 * them overflow the socket receive buffer. 10,000 local targets take about 0.25 s (see
 * docs/BENCHMARKS.md, section (f)).
 *
 * <p>Matching: every probe carries an 8-byte cookie at the start of its payload (32 bits naming
 * the run, 32 bits derived from a per-run secret and the sequence number). A reply counts only
 * when its cookie, sequence number and (raw sockets) identifier all match a probe that was sent;
 * with datagram sockets the kernel owns the identifier, so sequence + cookie decide. Anything
 * else is ignored, never counted. Duplicates are found with a per-run table of answered sequence
 * numbers (iputils' bitmap), cleared when a sequence number is reused. ICMP errors are matched
 * through the quoted probe (raw sockets) or the error queue ({@code IP_RECVERR}, datagram
 * sockets). A reply whose cookie was cut off (truncated) or damaged is ignored on shared sockets;
 * damage after the cookie marks the reply {@code corrupted}; a wrong checksum (raw ICMPv4 only:
 * the kernel drops them on the other sockets) marks it {@code badChecksum} as iputils does.
 *
 * <p>Timing: send time is the kernel's software transmit timestamp ({@code SO_TIMESTAMPING}),
 * receive time the kernel receive timestamp ({@code SO_TIMESTAMPNS}); when either is missing the
 * RTT comes from {@link System#nanoTime()} readings around the send and at the receive. Linux
 * switches receive stamps on for the whole system some time after the first socket asks, and
 * until then reports the time of the read instead: the first run of a Pinger therefore waits
 * (once, at most 0.5 s, usually well under 1 ms) until loopback shows real stamps.
 *
 * <p>Sequence and exit rules follow iputils ping 20221126 ({@code pinger()}, {@code
 * schedule_exit()}, {@code main_loop()}): preload, token-bucket interval, flood (interval 0:
 * next probe at each reply, at least every 10 ms), adaptive interval, count, deadline (with a
 * deadline, probes go on until count replies or the deadline; an ICMP error ends the run), linger
 * after the last probe (twice the largest RTT, or the timeout when nothing came back).
 *
 * <pre>{@code
 * try (Pinger pinger = Pinger.create()) {
 *   var runs = targets.stream()
 *       .map(t -> pinger.ping(PingRequest.builder(t).count(3).interval(Duration.ofMillis(200))
 *           .build(), PingListener.NONE))
 *       .toList();
 *   runs.forEach(r -> System.out.println(r.join().target() + " " + r.join().statistics()));
 * }
 * }</pre>
 */
public final class Pinger implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Pinger.class.getName());

  private final IcmpSocket.Kind kind;
  private final Poller poller;
  private final ScheduledThreadPoolExecutor timer;
  private final long epochOffset;
  /** Holds kernel receive stamps on; checked before the first probe (see {@link RxStampGate}). */
  private final RxStampGate rxStamps;
  private volatile boolean closed;
  // poller thread only
  private final SplittableRandom random = new SplittableRandom();
  private final Map<Integer, Session> sessions = new HashMap<>();
  /** The run of the last matched datagram: a flood's replies skip the map (and the boxing). */
  private Session lastMatched;
  private final List<Channel> channels = new ArrayList<>();
  private Channel shared4;
  private Channel shared6;
  /** Runs submitted, not yet started (see {@link #submit}). */
  private final ConcurrentLinkedQueue<Runnable> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainPosted = new AtomicBoolean();
  static final int INCOMING_BATCH = 512;
  /** Runs waiting for their first send (see {@link #START_BURST}). */
  private final ArrayDeque<Session> pendingStarts = new ArrayDeque<>();
  private long window;
  private int startsInWindow;
  private int windowOpen;
  private Future<?> windowTimer;
  /** Datagrams handled so far, and the count at the last window check. */
  private long handled;
  private long handledMark;

  /**
   * At most this many runs start (send their first probe) per start window; the next window
   * opens when every run of the current one has settled (its first reply, error or timeout came)
   * or when no datagram arrived for {@link #START_WINDOW_NANOS}. Why: the engine thread runs every queued task before it
   * reads again, so 10,000 runs submitted at once would send 10,000 probes before reading a
   * reply, and the replies plus the transmit timestamps overflow the socket receive buffer (seen:
   * 4 in 10 of 10,000 replies lost with an 8 MB buffer). Self-clocked windows keep at most about
   * two bursts of replies queued; targets that do not answer cost at most one window time.
   */
  static final int START_BURST = 64;
  static final long START_WINDOW_NANOS = 10_000_000L;

  private Pinger(Builder b) {
    this.kind = b.kind;
    this.rxStamps = RxStampGate.open(); // first: the kernel switches stamps on meanwhile
    try {
      this.poller = Poller.open("icmpkit-pinger");
    } catch (RuntimeException | Error e) {
      rxStamps.close();
      throw e;
    }
    this.timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform()
        .name("icmpkit-pinger-timer").daemon(true).unstarted(r));
    this.timer.setRemoveOnCancelPolicy(true);
    this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    Instant now = Instant.now();
    this.epochOffset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
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

  /**
   * Starts a run. Events go to {@code listener} (on the engine thread); the future completes with
   * the result when the run ends, or fails when the host cannot be resolved or no socket can be
   * opened ({@code NativeException} with a hint). Cancelling the future stops the run like
   * SIGINT: no more probes, {@code onDone} gets the statistics so far; {@link #stop} does the same
   * and completes the future normally.
   */
  public CompletableFuture<PingResult> ping(PingRequest request, PingListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    PingFuture f = new PingFuture(this);
    if (closed) {
      f.completeExceptionally(new IllegalStateException("pinger closed"));
      return f;
    }
    if (request.target() != null) {
      submit(() -> start(request, request.target(), listener, f), f);
    } else {
      Thread.ofVirtual().name("icmpkit-resolve").start(() -> {
        try {
          InetAddress a = resolve(request.host(), request.family());
          submit(() -> start(request, a, listener, f), f);
        } catch (UnknownHostException | RuntimeException e) {
          fail(f, listener, e);
        }
      });
    }
    return f;
  }

  /**
   * The events of a run as a {@link Flow.Publisher}: the run starts when a subscriber subscribes
   * (one run per subscription), ends with {@code onComplete} (or {@code onError}); cancelling the
   * subscription stops the run. Events are buffered until requested.
   */
  public Flow.Publisher<PingEvent> events(PingRequest request) {
    Objects.requireNonNull(request, "request");
    return subscriber -> new EventSubscription(this, request, subscriber).start();
  }

  /**
   * Stops a run started by {@link #ping} (SIGINT semantics): no more probes; the future completes
   * normally with the statistics so far and {@link PingResult#cancelled()} set.
   */
  public void stop(CompletableFuture<PingResult> run) {
    if (run instanceof PingFuture pf && pf.pinger == this) {
      pf.stopRequested = true;
      post(() -> {
        if (pf.session != null) {
          pf.session.finish(true);
        }
      }, null);
    } else {
      run.cancel(false);
    }
  }

  /** Resolves {@code host} with the system resolver, preferring {@code family} when set. */
  public static InetAddress resolve(String host, ProtocolFamily family)
      throws UnknownHostException {
    InetAddress[] all = InetAddress.getAllByName(host);
    for (InetAddress a : all) {
      if (family == null || (family == StandardProtocolFamily.INET) == (a instanceof Inet4Address)) {
        return a;
      }
    }
    throw new UnknownHostException(host + ": no " + (family == StandardProtocolFamily.INET
        ? "IPv4" : "IPv6") + " address");
  }

  /** Stops every run (as {@link #stop}), closes the sockets and the engine thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      poller.execute(() -> {
        try {
          for (Runnable r; (r = incoming.poll()) != null; ) {
            r.run(); // sees closed: completes its future with an empty result
          }
          for (Session s : List.copyOf(sessions.values())) {
            s.finish(true);
          }
          for (Channel c : List.copyOf(channels)) {
            c.close();
          }
          channels.clear();
        } finally {
          done.complete(null);
        }
      });
      done.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      timer.shutdownNow();
      poller.close();
      rxStamps.close();
    }
  }

  // ---- engine thread ----

  long realNanos(long mono) {
    return mono + epochOffset;
  }

  private void post(Runnable task, PingFuture f) {
    try {
      poller.execute(task);
    } catch (RejectedExecutionException e) {
      if (f != null) {
        f.completeExceptionally(new IllegalStateException("pinger closed", e));
      }
    }
  }

  /**
   * Queues the start of a run. Starts are taken {@link #INCOMING_BATCH} at a time, and the next
   * batch is handed to the engine thread through the timer: the engine thread runs every task
   * queued before it waits again, so one task per run would keep it from reading replies for as
   * long as a caller keeps submitting runs (10,000 submissions take a second on a busy machine,
   * while the replies of the first runs overflow the receive buffer).
   */
  private void submit(Runnable start, PingFuture f) {
    incoming.add(start);
    if (drainPosted.compareAndSet(false, true)) {
      post(this::drainIncoming, f);
    }
  }

  private void drainIncoming() {
    for (int i = 0; i < INCOMING_BATCH; i++) {
      Runnable r = incoming.poll();
      if (r == null) {
        break;
      }
      r.run();
    }
    if (!incoming.isEmpty()) {
      schedule(this::drainIncoming, 0); // read what arrived before the next batch
      return;
    }
    drainPosted.set(false);
    if (!incoming.isEmpty() && drainPosted.compareAndSet(false, true)) {
      post(this::drainIncoming, null); // a submission raced with the reset above
    }
  }

  /** Runs {@code task} on the engine thread after {@code delayNanos}. */
  Future<?> schedule(Runnable task, long delayNanos) {
    try {
      return timer.schedule(() -> post(task, null), Math.max(0, delayNanos),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private static void fail(PingFuture f, PingListener l, Throwable e) {
    try {
      l.onDone(null, e);
    } catch (RuntimeException ex) {
      LOG.log(System.Logger.Level.WARNING, "ping listener failed", ex);
    }
    f.completeExceptionally(e);
  }

  private void start(PingRequest request, InetAddress target, PingListener listener,
      PingFuture f) {
    if (f.isDone()) {
      return;
    }
    Session s = new Session(this, request, target, listener, f);
    if (f.stopRequested || closed) {
      f.complete(new PingResult(request, target, PingStatistics.EMPTY, true));
      return;
    }
    boolean v6 = target instanceof Inet6Address;
    try {
      boolean own = request.needsOwnSocket() || request.payloadSize() < Session.COOKIE;
      if (own) {
        s.channel = Channel.open(poller, kind, v6, request, s, this::onView);
        channels.add(s.channel);
      } else {
        s.channel = shared(v6, request);
      }
    } catch (RuntimeException e) {
      fail(f, listener, e);
      return;
    }
    if (request.timestamps()) {
      rxStamps.awaitLive(); // once per Pinger: no reply before the kernel stamps for real
    }
    int key;
    do {
      key = random.nextInt();
    } while (key == 0 || sessions.containsKey(key));
    s.key = key;
    s.secret = random.nextInt();
    if (s.channel.raw) {
      int id = random.nextInt(65_536);
      for (int i = 0; s.channel.byIdentifier.containsKey(id) && i < 65_536; i++) {
        id = (id + 1) & 0xffff;
      }
      s.identifier = id;
      s.channel.byIdentifier.put(id, s);
    }
    sessions.put(key, s);
    s.channel.sessions.add(s);
    f.session = s;
    s.prepare();
    if (startsInWindow < START_BURST && pendingStarts.isEmpty()) {
      begin(s);
    } else {
      pendingStarts.add(s);
    }
  }

  /** Sends the first probe of {@code s} in the current start window. */
  private void begin(Session s) {
    if (startsInWindow++ == 0) {
      long id = window;
      handledMark = handled;
      windowTimer = schedule(() -> windowTimeout(id), START_WINDOW_NANOS);
    }
    s.window = window;
    windowOpen++;
    s.start();
  }

  /**
   * The window time passed without every run settling: open the next window when the sockets
   * were quiet during that time (the rest do not answer), else wait once more (replies are still
   * being read: a busy engine must not fall further behind).
   */
  private void windowTimeout(long id) {
    if (window != id) {
      return;
    }
    if (handled != handledMark) {
      handledMark = handled;
      windowTimer = schedule(() -> windowTimeout(id), START_WINDOW_NANOS);
    } else {
      nextStartWindow();
    }
  }

  /** A run's first probe was answered, failed or timed out, or the run ended. */
  void settled(Session s) {
    if (s.window == window && --windowOpen == 0 && !pendingStarts.isEmpty()) {
      long id = window;
      post(() -> {
        if (window == id) {
          nextStartWindow();
        }
      }, null);
    }
  }

  /** Opens a new start window: starts up to {@link #START_BURST} waiting runs. */
  private void nextStartWindow() {
    window++;
    startsInWindow = 0;
    windowOpen = 0;
    if (windowTimer != null) {
      windowTimer.cancel(false);
      windowTimer = null;
    }
    while (startsInWindow < START_BURST && !pendingStarts.isEmpty()) {
      Session s = pendingStarts.poll();
      if (!s.exiting) {
        begin(s);
      }
    }
  }

  private Channel shared(boolean v6, PingRequest request) {
    Channel c = v6 ? shared6 : shared4;
    if (c == null) {
      c = Channel.open(poller, kind, v6, request, null, this::onView);
      channels.add(c);
      if (v6) {
        shared6 = c;
      } else {
        shared4 = c;
      }
    }
    return c;
  }

  /** Forgets a finished run; closes its dedicated socket. */
  void release(Session s) {
    sessions.remove(s.key);
    if (lastMatched == s) {
      lastMatched = null;
    }
    Channel c = s.channel;
    if (c == null) {
      return;
    }
    c.sessions.remove(s);
    if (c.raw && c.byIdentifier.get(s.identifier) == s) {
      c.byIdentifier.remove(s.identifier);
    }
    if (c.dedicated == s) {
      channels.remove(c);
      c.close();
    }
  }

  /** After a local EMSGSIZE: reads the error queue now for the MTU of the local error entry. */
  long drainLocalMtu(Channel c) {
    long mtu = 0;
    for (int i = 0; i < 64; i++) {
      ReceivedDatagram d;
      try {
        d = c.socket.receiveError(Duration.ZERO);
      } catch (RuntimeException e) {
        break;
      }
      if (d == null) {
        break;
      }
      if (d.error().origin() == IcmpError.Origin.LOCAL) {
        mtu = d.error().info();
      } else {
        onDatagram(c, d);
      }
    }
    return mtu;
  }

  /**
   * The hot path: a datagram seen in place. Echo replies and transmit stamps are handled without
   * a copy; anything else (ICMP errors) goes through {@link #onDatagram} as a full record.
   */
  private void onView(Channel c, DatagramView v) {
    try {
      if (v.isError()) {
        if (v.errorOrigin() == Linux.SO_EE_ORIGIN_TIMESTAMPING) {
          handled++;
          long ts = v.kernelTimestampNanos();
          if (ts > 0) {
            c.txStamp(v.errorData(), ts);
          }
        } else {
          onDatagram(c, v.toDatagram());
        }
        return;
      }
      MemorySegment buf = v.buffer();
      long off = v.payloadOffset();
      long len = v.length() - off;
      if (len < 8 || Bytes.u8(buf, off) != (c.ipv6 ? 129 : 0)) {
        onDatagram(c, v.toDatagram()); // not an echo reply: the general path decides
        return;
      }
      handled++;
      long ts = v.kernelTimestampNanos();
      boolean kernelTs = ts > 0;
      long rx = kernelTs ? ts : realNanos(System.nanoTime());
      int seq = Bytes.u16(buf, off + 6);
      Session s = match(c, buf, off, off + len, Bytes.u16(buf, off + 4), seq);
      if (s != null) {
        onEchoReply(c, s, seq, buf, off, len, buf, v.peer(), v.ttl(), v.truncated(), rx,
            kernelTs);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ping: datagram handling failed", e);
    }
  }

  private void onDatagram(Channel c, ReceivedDatagram d) {
    handled++;
    try {
      if (d.isError()) {
        onErrorQueue(c, d);
        return;
      }
      MemorySegment m = d.payload();
      long len = m.byteSize();
      if (len < 8) {
        return;
      }
      int type = Bytes.u8(m, 0);
      long ts = d.kernelTimestampNanos();
      boolean kernelTs = ts > 0;
      long rx = kernelTs ? ts : realNanos(System.nanoTime());
      if (type == (c.ipv6 ? 129 : 0)) {
        int seq = Bytes.u16(m, 6);
        Session s = match(c, m, 0, len, Bytes.u16(m, 4), seq);
        if (s != null) {
          onEchoReply(c, s, seq, m, 0, len, d.data().asSegment(), d.peer(), d.ttl(),
              d.truncated(), rx, kernelTs);
        }
      } else if (c.raw) {
        onRawError(c, d, m, len, rx);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ping: datagram handling failed", e);
    }
  }

  /** The run owning a probe whose ICMP echo header starts at {@code off} of {@code m}. */
  private Session match(Channel c, MemorySegment m, long off, long len, int id, int seq) {
    Session s = null;
    if (len - off >= 16) {
      int key = Bytes.i32(m, off + 8);
      Session k = lastMatched != null && lastMatched.key == key ? lastMatched : sessions.get(key);
      if (k != null && k.channel == c
          && Integer.toUnsignedLong(Bytes.i32(m, off + 12)) == (k.tag(seq) & 0xffffffffL)) {
        s = k;
      }
    }
    if (s == null && c.dedicated != null && c.dedicated.request.payloadSize() < Session.COOKIE) {
      s = c.dedicated; // no room for a cookie: the socket (and identifier) decide
    }
    if (s == null || (c.raw && s.identifier != id) || !s.wasSent(seq)) {
      return null;
    }
    lastMatched = s;
    return s;
  }

  /**
   * A matched echo reply to probe {@code seq} of {@code s}: {@code len} bytes at {@code off} of
   * {@code m}; {@code ip}: the received packet from its IP header on (raw ICMPv4: TOS, TTL).
   */
  private void onEchoReply(Channel c, Session s, int seq, MemorySegment m, long off, long len,
      MemorySegment ip, InetAddress from, int ttl, boolean truncated, long rx, boolean kernelTs) {
    boolean bad = false;
    int tos = -1;
    if (c.raw && !c.ipv6) {
      if (ip.byteSize() >= 20) {
        tos = Bytes.u8(ip, 1);
        ttl = Bytes.u8(ip, 8);
      }
      bad = !truncated && !Checksum.verifies(Checksum.sum(m, off, len, 0));
    }
    boolean mismatch = !s.payloadIntact(m, off, len, seq);
    s.onReply(seq, from, rx, kernelTs, ttl, tos, (int) len, bad, mismatch || bad);
  }

  private void onRawError(Channel c, ReceivedDatagram d, MemorySegment m, long len, long rx) {
    int type = Bytes.u8(m, 0);
    int code = Bytes.u8(m, 1);
    boolean error = c.ipv6 ? type >= 1 && type <= 4
        : type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    if (!error) {
      return;
    }
    long icmpOff;
    InetAddress innerDst;
    try {
      if (c.ipv6) {
        if (len < 8 + 40 + 8 || (Bytes.u8(m, 8) >> 4) != 6 || Bytes.u8(m, 8 + 6) != 58) {
          return;
        }
        innerDst = InetAddress.getByAddress(m.asSlice(8 + 24, 16)
            .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        icmpOff = 48;
        if (Bytes.u8(m, icmpOff) != 128) {
          return;
        }
      } else {
        if (len < 8 + 20 + 8 || (Bytes.u8(m, 8) >> 4) != 4) {
          return;
        }
        int ihl = (Bytes.u8(m, 8) & 0x0f) * 4;
        if (ihl < 20 || len < 8 + ihl + 8 || Bytes.u8(m, 8 + 9) != 1) {
          return;
        }
        innerDst = InetAddress.getByAddress(m.asSlice(8 + 16, 4)
            .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        icmpOff = 8 + ihl;
        if (Bytes.u8(m, icmpOff) != 8) {
          return;
        }
      }
    } catch (UnknownHostException e) {
      return;
    }
    int id = Bytes.u16(m, icmpOff + 4);
    int seq = Bytes.u16(m, icmpOff + 6);
    Session s = match(c, m, icmpOff, len, id, seq);
    if (s == null) {
      Session byId = c.byIdentifier.get(id); // quote too short for the cookie
      if (byId != null && byId.wasSent(seq)) {
        s = byId;
      }
    }
    if (s == null || !s.target.equals(innerDst)) {
      return;
    }
    long info = 0;
    if (c.ipv6 ? type == 2 || type == 4 : type == 5) {
      info = Bytes.u32(m, 4);
    } else if (!c.ipv6 && type == 3 && code == 4) {
      info = Bytes.u16(m, 6);
    } else if (!c.ipv6 && type == 12) {
      info = Bytes.u8(m, 4);
    }
    s.onIcmpError(seq, d.peer(), type, code, info, Octets.copyOf(m, 8, len - 8), rx);
  }

  private void onErrorQueue(Channel c, ReceivedDatagram d) {
    IcmpError e = d.error();
    long ts = d.kernelTimestampNanos();
    switch (e.origin()) {
      case TIMESTAMPING -> {
        if (ts > 0) {
          c.txStamp(e.data(), ts);
        }
      }
      case ICMP, ICMP6 -> {
        if (c.raw) {
          return; // the raw socket saw the ICMP message itself, with its quote
        }
        MemorySegment m = d.payload();
        long len = m.byteSize();
        if (len < 8) {
          return;
        }
        int seq = Bytes.u16(m, 6);
        Session s = match(c, m, 0, len, Bytes.u16(m, 4), seq);
        if (s == null && len < 16) {
          for (Session x : c.sessions) { // quote without the cookie: destination + sequence
            if (x.target.equals(d.peer()) && x.outstanding(seq)) {
              s = x;
              break;
            }
          }
        }
        if (s != null) {
          s.onIcmpError(seq, e.offender(), e.type(), e.code(), e.info(), Octets.copyOf(m),
              ts > 0 ? ts : realNanos(System.nanoTime()));
        }
      }
      default -> { } // local errors are read at the failed send
    }
  }

  /** The future of a run. */
  static final class PingFuture extends CompletableFuture<PingResult> {
    final Pinger pinger;
    volatile Session session;
    volatile boolean stopRequested;

    PingFuture(Pinger pinger) {
      this.pinger = pinger;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean r = super.cancel(mayInterruptIfRunning);
      stopRequested = true;
      pinger.post(() -> {
        Session s = session;
        if (s != null) {
          s.finish(true);
        }
      }, null);
      return r;
    }
  }

  /** Builder of {@link Pinger}. */
  public static final class Builder {
    private IcmpSocket.Kind kind = IcmpSocket.Kind.AUTO;

    private Builder() {}

    /**
     * The socket kind: {@link IcmpSocket.Kind#DATAGRAM} (unprivileged, {@code
     * net.ipv4.ping_group_range}), {@link IcmpSocket.Kind#RAW} (CAP_NET_RAW) or {@link
     * IcmpSocket.Kind#AUTO} (datagram when allowed, else raw; the default).
     */
    public Builder socketKind(IcmpSocket.Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * The pinger (starts its engine thread and opens a loopback UDP socket that keeps kernel
     * receive stamps on; ICMP sockets open at the first run).
     */
    public Pinger build() {
      return new Pinger(this);
    }
  }
}
