package io.icmpkit.engine.sweep;

import io.icmpkit.engine.RxStampGate;
import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.ffm.FfmLibC;
import io.icmpkit.nativeio.lib.Linux;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Sweeps a {@link TargetSet}: sender threads ({@link SweepRequest#senders()}, each with its own
 * IPv4 socket) walk interleaved parts of the shard's share of a keyed permutation at the requested
 * rate, one receiver thread per receiving socket validates answers statelessly,
 * and {@link #results()} streams exactly one {@link SweepResult} per target: answers as they
 * arrive, then the targets that never answered (in sweep order) once the cooldown is over.
 *
 * <p><b>Stateless validation</b> (zmap's idea). With key K drawn per run, a probe to the target of
 * index i carries {@code tag = SipHash_K(i, type)} in the echo identifier (upper 16 bits) and
 * sequence (lower 16 bits), and the echo data starts with {@code i}, the send time {@code t} and
 * {@code SipHash_K(i, t, type)}. A reply counts only when all of these match, so replies to other
 * programs, stale replies and forgeries without K are dropped, and the round-trip time comes from
 * the reply itself. On a datagram ("ping") socket the kernel owns the identifier: the sequence and
 * the data are checked. Timestamp and address-mask replies carry no data: the source address gives
 * i and the 32-bit identifier/sequence is checked. ICMP errors are checked the same way on the
 * datagram they quote (raw sockets), or on the copy of the probe the kernel returns from the error
 * queue (datagram sockets), and reported {@link SweepStatus#UNREACHABLE}.
 *
 * <p>Memory: the targets are intervals; per target the sweep keeps one bit (answered or not) to
 * report each target once and to retry only silent ones: 2 MiB for a /8.
 *
 * <pre>{@code
 * TargetSet targets = TargetSet.of("192.0.2.0/24");
 * try (Sweeper s = Sweeper.start(SweepRequest.builder(targets).rate(5000).build())) {
 *   s.results().filter(SweepResult::alive).forEach(r -> System.out.println(r.target()));
 * }
 * }</pre>
 */
public final class Sweeper implements AutoCloseable {
  /**
   * How often a send that failed with an error is tried again before the target counts as refused
   * locally. The kernel reports the pending error of an earlier probe (an ICMP error that set
   * sk_err) on the next send; while the errors of a rejected block stream in, a few sends in a row
   * can each pick one up, so three tries marked an alive target unreachable now and then. A local
   * refusal (no route, EACCES) repeats on every try.
   */
  private static final int PENDING_ERROR_RETRIES = 32;

  private static final Object END = new Object();
  /**
   * Results queued but not yet taken by the consumer beyond which the senders wait (a slow
   * consumer must not make the heap grow with the range; receivers never wait: they would drop).
   */
  private static final int BACKLOG_HIGH_WATER = 1 << 16;
  private final int backlogLimit;

  private final SweepRequest request;
  private final TargetSet targets;
  private final KeyedPermutation permutation;
  private final SipHash mac;
  private final AtomicLongArray done;
  /** One IPv4 socket per sender (the first also receives): a socket's send path is serialised. */
  private final IcmpSocket[] lanes4;
  /** Holds kernel receive stamps on; awaited before the first probe (see {@link RxStampGate}). */
  private final RxStampGate rxStamps;
  private final IcmpSocket v6;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Thread> receivers = new ArrayList<>();
  /**
   * A receiver's results of one read batch, handed to {@link #queue} as one list: one wake-up of
   * the consumer per batch instead of one per reply.
   */
  private final ThreadLocal<ArrayList<SweepResult>> outbox = new ThreadLocal<>();
  private final long shardSize;
  /** When sending started (set by launch; the set-up before it is not part of the rate). */
  private volatile long startNanos = System.nanoTime();
  /** CLOCK_REALTIME minus System.nanoTime(), to compare kernel receive stamps with send times. */
  private final long realtimeOffset = realtimeOffset();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong alive = new AtomicLong();
  private final AtomicLong unreachable = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  /** Results queued and not yet taken by {@link #results()}. */
  private final AtomicLong backlog = new AtomicLong();
  private volatile boolean stopped;
  private volatile boolean receiving = true;
  private volatile long endNanos = -1;

  private Sweeper(SweepRequest request, int backlogLimit) {
    this.request = request;
    this.backlogLimit = backlogLimit;
    this.rxStamps = RxStampGate.open(); // first: the kernel switches stamps on meanwhile
    this.targets = request.targets();
    long n = targets.size();
    long pk0;
    long pk1;
    if (request.seed() != null) {
      SplittableRandom r = new SplittableRandom(request.seed());
      pk0 = r.nextLong();
      pk1 = r.nextLong();
    } else {
      SecureRandom r = new SecureRandom();
      pk0 = r.nextLong();
      pk1 = r.nextLong();
    }
    this.permutation = new KeyedPermutation(n, pk0, pk1);
    long[] key = request.validationKey();
    if (key == null) {
      SecureRandom r = new SecureRandom();
      key = new long[] {r.nextLong(), r.nextLong()};
    }
    this.mac = new SipHash(key[0], key[1]);
    this.done = new AtomicLongArray((int) ((n + 63) >>> 6));
    this.shardSize = shardSize(n, request.shard(), request.shards());
    IcmpSocket s4 = null;
    IcmpSocket s6 = null;
    try {
      if (targets.ipv4Count() > 0) {
        s4 = open(false, request.socketKind(), false);
      }
      if (targets.size() > targets.ipv4Count()) {
        s6 = open(true, request.socketKind(), false);
      }
    } catch (RuntimeException e) {
      if (s4 != null) {
        s4.close();
      }
      rxStamps.close();
      throw e;
    }
    this.v6 = s6;
    this.lanes4 = s4 == null ? new IcmpSocket[0] : new IcmpSocket[request.senders()];
    try {
      for (int i = 0; i < lanes4.length; i++) {
        lanes4[i] = i == 0 ? s4 : open(false, s4.kind(), true);
      }
    } catch (RuntimeException e) {
      closeSockets();
      throw e;
    }
  }

  private static long realtimeOffset() {
    java.time.Instant now = java.time.Instant.now();
    long mono = System.nanoTime();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
  }

  /** Number of positions {@code p < n} with {@code p % count == index}. */
  static long shardSize(long n, int index, int count) {
    return index >= n ? 0 : (n - index + count - 1) / count;
  }

  /**
   * Opens the sockets and starts sending.
   *
   * @throws NativeException when no socket can be opened (the message says what to do)
   */
  public static Sweeper start(SweepRequest request) {
    return start(request, BACKLOG_HIGH_WATER);
  }

  /** {@link #start(SweepRequest)} with another consumer backlog limit (tests). */
  static Sweeper start(SweepRequest request, int backlogLimit) {
    Sweeper s = new Sweeper(request, backlogLimit);
    s.launch();
    return s;
  }

  /** Results queued and not yet taken (tests). */
  long backlog() {
    return backlog.get();
  }

  /**
   * A socket set up for the sweep; {@code extraSender}: another sender's IPv4 socket, which on
   * raw sockets only sends (lane 0's socket sees every ICMP message already).
   */
  private IcmpSocket open(boolean ipv6, IcmpSocket.Kind kind, boolean extraSender) {
    boolean onlyEcho = request.probes().equals(java.util.EnumSet.of(ProbeType.ECHO));
    if (!onlyEcho && !ipv6) {
      kind = IcmpSocket.Kind.RAW;
    }
    IcmpSocket s = IcmpSocket.open(
        ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, kind);
    try {
      boolean sendOnly = extraSender && s.kind() == IcmpSocket.Kind.RAW;
      if (sendOnly) {
        // without IP_RECVERR an unconnected raw socket gets no ICMP errors at all (raw_err())
        s.passNone();
        configureSending(s, ipv6);
        return s;
      }
      // ping sockets report ICMP errors only through the error queue; on raw sockets it keeps a
      // "hard" error (host unreachable) from failing the next send (ip(7) IP_RECVERR)
      s.setOption(IcmpSocketOption.RECVERR, true);
      s.setOption(IcmpSocketOption.RECVTTL, true);
      s.setOption(IcmpSocketOption.TIMESTAMPNS, true);
      // replies arrive at the send rate, in bursts, while the receiver may wait for a core:
      // beyond net.core.rmem_max when allowed (CAP_NET_ADMIN), else up to it
      if (!forceReceiveBuffer(s, 32 << 20)) {
        trySet(s, IcmpSocketOption.RCVBUF, 32 << 20);
      }
      configureSending(s, ipv6);
      if (s.kind() == IcmpSocket.Kind.RAW) {
        if (ipv6) {
          s.passOnly(129, 1, 2, 3, 4);
        } else {
          s.passOnly(0, 14, 18, 3, 4, 5, 11, 12);
        }
      }
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void configureSending(IcmpSocket s, boolean ipv6) {
    trySet(s, IcmpSocketOption.SNDBUF, 4 << 20);
    if (request.ttl() > 0) {
      s.setOption(IcmpSocketOption.TTL, request.ttl());
    }
    if (request.tos() >= 0) {
      s.setOption(IcmpSocketOption.TOS, request.tos());
    }
    if (request.device() != null) {
      s.setOption(IcmpSocketOption.BINDTODEVICE, request.device());
    }
    InetAddress src = request.source();
    if (src != null && (src instanceof Inet6Address) == ipv6) {
      s.bind(src);
    }
  }

  /** SO_RCVBUFFORCE; false when refused (no CAP_NET_ADMIN). */
  private static boolean forceReceiveBuffer(IcmpSocket s, int bytes) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocateFrom(ValueLayout.JAVA_INT, bytes);
      return FfmLibC.INSTANCE.setsockopt(s.fd(), Linux.SOL_SOCKET, Linux.SO_RCVBUFFORCE, v, 4) == 0;
    }
  }

  private static <T> void trySet(IcmpSocket s, IcmpSocketOption<T> o, T v) {
    try {
      s.setOption(o, v);
    } catch (NativeException e) {
      // a smaller buffer still works; the kernel caps it at net.core.rmem_max anyway
    }
  }

  private void launch() {
    rxStamps.awaitLive(); // else the first replies are timed when read, not when received
    startNanos = System.nanoTime();
    for (int i = 0; i < lanes4.length; i++) {
      IcmpSocket s = lanes4[i];
      if (i == 0 || s.kind() != IcmpSocket.Kind.RAW) { // extra ping sockets get their own replies
        receivers.add(Thread.ofPlatform().name("icmpkit-sweep-rx4-" + i).daemon()
            .start(() -> receiveLoop(s)));
      }
    }
    if (v6 != null) {
      receivers.add(Thread.ofPlatform().name("icmpkit-sweep-rx6").daemon().start(() -> receiveLoop(v6)));
    }
    threads.addAll(receivers);
    List<Thread> senders = new ArrayList<>();
    for (int i = 1; i < lanes4.length; i++) {
      int lane = i;
      senders.add(Thread.ofPlatform().name("icmpkit-sweep-tx" + i).daemon().start(() -> {
        try {
          sendLane(lane);
        } catch (RuntimeException | Error e) {
          queue.add(e);
        }
      }));
    }
    threads.addAll(senders);
    threads.add(Thread.ofPlatform().name("icmpkit-sweep-tx").daemon().start(() -> coordinate(senders)));
  }

  // ---------------------------------------------------------------- sending

  /** Sends lane 0, waits for the other senders and the cooldown, then reports the silent targets. */
  private void coordinate(List<Thread> senders) {
    try {
      sendLane(0);
      for (Thread t : senders) {
        t.join();
      }
      if (!stopped) {
        waitFor(request.cooldown());
      }
      receiving = false;
      joinReceivers(); // their last results are queued before the silent targets' and END
      // targets without an answer, in sweep order; the bit decides the race with a late answer
      long n = targets.size();
      for (long p = request.shard(); p < n && !stopped; p += request.shards()) {
        long index = permutation.apply(p);
        if (markDone(index)) {
          awaitConsumer();
          emit(new SweepResult(targets.address(index), null, SweepStatus.NO_ANSWER, null, -1, -1,
              null, -1, -1, null));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      queue.add(e);
    } finally {
      endNanos = System.nanoTime();
      receiving = false;
      joinReceivers();
      queue.add(END);
    }
  }

  /** Waits while the consumer is more than {@link #backlogLimit} results behind. */
  private void awaitConsumer() {
    while (backlog.get() > backlogLimit && !stopped) {
      LockSupport.parkNanos(200_000);
    }
  }

  /**
   * Sender {@code lane} of {@link #lanes4}: permutation positions {@code shard + shards * (lane +
   * senders * k)}, at its share of the rate. IPv6 and non-echo probes go out one by one.
   */
  private void sendLane(int lane) {
    try (Arena arena = Arena.ofConfined()) {
      int size = 8 + request.payloadSize();
      MemorySegment buf = arena.allocate(Math.max(size, 20));
      int lanes = Math.max(1, lanes4.length);
      IcmpSocket s4 = lanes4.length > 0 ? lanes4[lane] : null;
      Pacer pacer = new Pacer(request.rate() / lanes);
      // ICMPv4 echo: probes built in place and sent up to EchoBatch.CAPACITY per sendmmsg(2)
      // (datagram sockets: the kernel fills identifier and checksum)
      EchoBatch batch = s4 != null ? new EchoBatch(arena, size) : null;
      long n = targets.size();
      long step = (long) request.shards() * lanes;
      long first = request.shard() + (long) request.shards() * lane;
      for (int pass = 0; pass <= request.retries() && !stopped; pass++) {
        if (pass > 0) {
          flush(batch, s4);
          waitFor(request.timeout());
          if (finished.get() >= shardSize) {
            break;
          }
        }
        for (long p = first; p < n && !stopped; p += step) {
          long index = permutation.apply(p);
          if (isDone(index)) {
            continue;
          }
          for (ProbeType type : request.probes()) {
            boolean ipv6 = index >= targets.ipv4Count();
            if (ipv6 && !type.hasIpv6()) {
              continue;
            }
            if (batch != null && !ipv6 && type == ProbeType.ECHO) {
              // never hold a probe while the pacer waits: batches form only when the sender is
              // behind (unpaced), where they save system calls
              if (batch.count > 0 && !pacer.ready()) {
                flush(batch, s4);
              }
              awaitConsumer();
              pacer.acquire();
              batch.add(index, (int) targets.ipv4(index), (int) mac.hash(index, ECHO));
              if (batch.isFull()) {
                flush(batch, s4);
              }
              continue;
            }
            flush(batch, s4);
            awaitConsumer();
            pacer.acquire();
            sendProbe(buf, size, index, type, ipv6 ? v6 : s4);
          }
        }
      }
      flush(batch, s4);
    }
  }

  private void joinReceivers() {
    for (Thread t : receivers) {
      try {
        t.join(2000); // a receiver stops within a read batch once receiving is false
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Hands the receiver's batch of results to the consumer. */
  private void publish(ArrayList<SweepResult> box) {
    backlog.addAndGet(box.size());
    if (box.size() == 1) {
      queue.add(box.get(0));
    } else if (!box.isEmpty()) {
      queue.add(List.copyOf(box));
    }
    box.clear();
  }

  private static final int ECHO = ProbeType.ECHO.ordinal();

  /** Sends the batch's probes (sendmmsg), with the error handling of {@link #sendProbe}. */
  private void flush(EchoBatch batch, IcmpSocket s) {
    if (batch == null || batch.count == 0) {
      return;
    }
    int off = 0;
    int attempt = 0;
    while (off < batch.count) {
      if (stopped) {
        dropped.addAndGet(batch.count - off);
        break;
      }
      batch.stamp(off, System.nanoTime(), mac, ECHO);
      int rc = s.sendBatch(off == 0 ? batch.vec : batch.vec.asSlice((long) off * 64),
          batch.count - off);
      if (rc > 0) {
        sent.addAndGet(rc);
        off += rc;
        attempt = 0;
        continue;
      }
      Errno errno = Errno.valueOf(rc == 0 ? Errno.EAGAIN.number() : -rc);
      boolean transientError = errno.equals(Errno.EAGAIN) || "ENOBUFS".equals(errno.name())
          || errno.equals(Errno.EINTR);
      if (errno.equals(Errno.EBADF)) {
        dropped.addAndGet(batch.count - off);
        break;
      }
      if (transientError && attempt < 2000) {
        attempt++;
        LockSupport.parkNanos(100_000); // send buffer full: let the device drain
        continue;
      }
      if (!transientError && attempt < PENDING_ERROR_RETRIES) {
        attempt++; // maybe the pending error of an earlier probe, now cleared (see sendProbe)
        continue;
      }
      long index = batch.indices[off++];
      attempt = 0;
      if (transientError) {
        dropped.incrementAndGet();
      } else if (markDone(index)) {
        InetAddress dst = targets.address(index);
        unreachable.incrementAndGet();
        emit(new SweepResult(dst, targets.nameOf(dst), SweepStatus.UNREACHABLE, ProbeType.ECHO,
            -1, -1, null, -1, -1, errno.name()));
      }
    }
    batch.count = 0;
  }

  private void waitFor(Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    long now;
    while (!stopped && finished.get() < shardSize && (now = System.nanoTime()) < deadline) {
      LockSupport.parkNanos(Math.min(deadline - now, 10_000_000));
    }
  }

  private void sendProbe(MemorySegment buf, int size, long index, ProbeType type, IcmpSocket s) {
    boolean ipv6 = s.isIpv6();
    int tag = (int) mac.hash(index, type.ordinal());
    int len;
    if (type == ProbeType.ECHO) {
      len = size;
      buf.asSlice(0, len).fill((byte) 0);
      Bytes.setU8(buf, 0, ipv6 ? 128 : 8);
      Bytes.setU8(buf, 1, 0);
      Bytes.setU16(buf, 2, 0);
      Bytes.setU16(buf, 4, tag >>> 16);
      Bytes.setU16(buf, 6, tag & 0xffff);
      long t = System.nanoTime();
      Bytes.setI64(buf, 8, index);
      Bytes.setI64(buf, 16, t);
      Bytes.setI64(buf, 24, mac.hash(index, t, type.ordinal()));
    } else {
      len = type == ProbeType.TIMESTAMP ? 20 : 12;
      buf.asSlice(0, len).fill((byte) 0);
      Bytes.setU8(buf, 0, type.ipv4RequestType());
      Bytes.setU16(buf, 4, tag >>> 16);
      Bytes.setU16(buf, 6, tag & 0xffff);
      if (type == ProbeType.TIMESTAMP) {
        Bytes.setU32(buf, 8, micros() & 0xffffffffL); // originate: our clock, echoed back
      }
    }
    if (!ipv6 && s.kind() == IcmpSocket.Kind.RAW) {
      // raw ICMPv4: we fill the checksum; the kernel does it for ICMPv6 and ping sockets
      Bytes.setU16(buf, 2, Checksum.compute(buf, 0, len));
    }
    InetAddress dst = targets.address(index);
    for (int attempt = 0; ; attempt++) {
      try {
        s.send(buf.asSlice(0, len), dst);
        sent.incrementAndGet();
        return;
      } catch (NativeException e) {
        Errno errno = e.errno();
        boolean transientError = errno.equals(Errno.EAGAIN) || "ENOBUFS".equals(errno.name())
            || errno.equals(Errno.EINTR);
        if (transientError && attempt < 2000 && !stopped) {
          LockSupport.parkNanos(100_000); // send buffer full: let the device drain
          continue;
        }
        if (transientError || errno.equals(Errno.EBADF)) {
          dropped.incrementAndGet();
          return;
        }
        if (attempt < PENDING_ERROR_RETRIES && !stopped) {
          // maybe the pending error of an earlier probe (sk_err, reported by the next send):
          // that one is now cleared; a local refusal repeats
          continue;
        }
        // the local stack refuses (no route, EACCES for broadcast, EPERM by a firewall)
        if (markDone(index)) {
          unreachable.incrementAndGet();
          emit(new SweepResult(dst, targets.nameOf(dst), SweepStatus.UNREACHABLE, type, -1, -1,
              null, -1, -1, errno.name()));
        }
        return;
      }
    }
  }

  private static long micros() {
    return System.nanoTime() / 1000;
  }

  // ---------------------------------------------------------------- receiving

  private void receiveLoop(IcmpSocket s) {
    if (!s.isIpv6()) {
      receiveLoop4(s);
      return;
    }
    try {
      while (receiving && !stopped) {
        // batched reads: drain everything queued, then sleep a millisecond instead of waiting in
        // poll(2), so that a reply stream does not wake this thread once per packet (the receive
        // buffer holds far more than a millisecond of replies); RTTs come from kernel stamps
        int got = 0;
        ReceivedDatagram r;
        while (receiving && (r = s.tryReceive()) != null) {
          handle(s, r, receivedAt(r));
          got++;
        }
        // the error queue: errors about our probes (datagram sockets); raw sockets get the ICMP
        // messages themselves, but their error-queue copies must be read too (they use the
        // receive buffer)
        while (receiving && (r = s.receiveError(Duration.ZERO)) != null) {
          handle(s, r, receivedAt(r));
          got++;
        }
        if (got == 0) {
          LockSupport.parkNanos(1_000_000);
        }
      }
    } catch (NativeException e) {
      if (!stopped && !s.isClosed()) {
        queue.add(e);
      }
    } catch (RuntimeException | Error e) {
      queue.add(e);
    }
  }

  /**
   * ICMPv4: recvmmsg(2) into preallocated slots, parsed in place (no object per datagram except
   * the results); the error queue is drained as in {@link #receiveLoop}.
   */
  private void receiveLoop4(IcmpSocket s) {
    boolean raw = s.kind() == IcmpSocket.Kind.RAW;
    int slot = Math.max(576, 20 + 8 + 60 + 8 + request.payloadSize());
    ArrayList<SweepResult> box = new ArrayList<>();
    outbox.set(box);
    try (Arena arena = Arena.ofConfined()) {
      ReplyRing ring = new ReplyRing(arena, slot);
      while (receiving && !stopped) {
        int got = 0;
        int n;
        while (receiving && (n = s.receiveBatch(ring.vec, ReplyRing.CAPACITY)) > 0) {
          long fallback = System.nanoTime();
          for (int i = 0; i < n; i++) {
            long k = ring.realtimeStamp(i);
            long at = k >= 0 ? k - realtimeOffset : fallback;
            if (raw) {
              handleRaw4(ring.datagram(i), at);
            } else {
              handle4(ring.datagram(i), ring.peer(i), ring.ttl(i), at, false);
            }
          }
          ring.rearm(n);
          got += n;
          publish(box);
        }
        ReceivedDatagram r;
        while (receiving && (r = s.receiveError(Duration.ZERO)) != null) {
          handle(s, r, receivedAt(r));
          got++;
        }
        publish(box);
        if (got == 0) {
          LockSupport.parkNanos(1_000_000);
        }
      }
    } catch (NativeException e) {
      if (!stopped && !s.isClosed()) {
        queue.add(e);
      }
    } catch (RuntimeException | Error e) {
      queue.add(e);
    } finally {
      publish(box);
      outbox.remove();
    }
  }

  /** One datagram of a raw ICMPv4 socket (IP header first): what {@link #handle} does. */
  private void handleRaw4(MemorySegment d, long now) {
    long dlen = d.byteSize();
    if (dlen < 20 || (Bytes.u8(d, 0) >>> 4) != 4) {
      return;
    }
    int ihl = (Bytes.u8(d, 0) & 0xf) * 4;
    if (ihl < 20 || dlen < ihl + 8) {
      return;
    }
    handle4(d.asSlice(ihl), Bytes.u32(d, 12), Bytes.u8(d, 8), now, true);
  }

  /** An ICMPv4 message from {@code peer} (unsigned), after its IP header on raw sockets. */
  private void handle4(MemorySegment m, long peer, int ttl, long now, boolean raw) {
    long len = m.byteSize();
    if (len < 8) {
      return;
    }
    int type = Bytes.u8(m, 0);
    int code = Bytes.u8(m, 1);
    if (type == 0) {
      long index = checkEcho(m, 0, len, raw, false);
      if (index >= 0) {
        long t = Bytes.i64(m, 16);
        answer(index, SweepStatus.ALIVE, ProbeType.ECHO, Math.max(0, now - t), ttl,
            peer == targets.ipv4(index) ? null : TargetSet.toInet4((int) peer), type, code);
      }
      return;
    }
    if (!raw) {
      return; // datagram sockets: echo replies only; errors come from the error queue
    }
    if (type == 14 || type == 18) {
      ProbeType p = type == 14 ? ProbeType.TIMESTAMP : ProbeType.ADDRESS_MASK;
      if (len < (type == 14 ? 20 : 12)) {
        return;
      }
      long index = targets.indexOfIpv4(peer);
      if (index < 0 || (int) mac.hash(index, p.ordinal()) != Bytes.i32(m, 4)) {
        return;
      }
      long rtt = -1;
      if (p == ProbeType.TIMESTAMP) {
        long dt = (((now / 1000) & 0xffffffffL) - Bytes.u32(m, 8)) & 0xffffffffL;
        rtt = dt * 1000;
      }
      answer(index, SweepStatus.ALIVE, p, rtt, ttl, null, type, code);
      return;
    }
    if (type == 3 || type == 4 || type == 5 || type == 11 || type == 12) {
      quotedError(m, false, type, code, ttl, TargetSet.toInet4((int) peer));
    }
  }

  /** The kernel's receive stamp in the {@code System.nanoTime()} time base, else now. */
  private long receivedAt(ReceivedDatagram r) {
    long k = r.kernelTimestampNanos();
    return k >= 0 ? k - realtimeOffset : System.nanoTime();
  }

  private void handle(IcmpSocket s, ReceivedDatagram r, long now) {
    boolean ipv6 = s.isIpv6();
    if (r.isError()) {
      handleErrorQueue(r, ipv6);
      return;
    }
    MemorySegment m = r.payload();
    long len = m.byteSize();
    if (len < 8) {
      return;
    }
    int type = Bytes.u8(m, 0);
    int code = Bytes.u8(m, 1);
    boolean raw = s.kind() == IcmpSocket.Kind.RAW;
    int ttl = r.ttl();
    if (ttl < 0 && raw && !ipv6 && r.payloadOffset() >= 20) {
      ttl = Bytes.u8(r.data().asSegment(), 8);
    }
    if (type == (ipv6 ? 129 : 0)) {
      long index = checkEcho(m, 0, len, raw, ipv6);
      if (index >= 0) {
        long t = Bytes.i64(m, 16);
        answer(index, SweepStatus.ALIVE, ProbeType.ECHO, Math.max(0, now - t), ttl, r.peer(),
            type, code);
      }
      return;
    }
    if (!ipv6 && (type == 14 || type == 18)) {
      ProbeType p = type == 14 ? ProbeType.TIMESTAMP : ProbeType.ADDRESS_MASK;
      if (len < (type == 14 ? 20 : 12) || r.peer() == null) {
        return;
      }
      long index = targets.indexOfIpv4(TargetSet.u32(r.peer().getAddress(), 0));
      if (index < 0 || (int) mac.hash(index, p.ordinal()) != Bytes.i32(m, 4)) {
        return;
      }
      long rtt = -1;
      if (p == ProbeType.TIMESTAMP) {
        long d = (((now / 1000) & 0xffffffffL) - Bytes.u32(m, 8)) & 0xffffffffL;
        rtt = d * 1000;
      }
      answer(index, SweepStatus.ALIVE, p, rtt, ttl, r.peer(), type, code);
      return;
    }
    boolean error = ipv6 ? (type >= 1 && type <= 4) : (type == 3 || type == 4 || type == 5
        || type == 11 || type == 12);
    if (error && raw) {
      quotedError(m, ipv6, type, code, ttl, r.peer());
    }
  }

  /**
   * Checks an echo message (a reply, or our request quoted in an error or returned from the error
   * queue) whose ICMP header is at {@code base}: the target index, or -1 when it is not ours.
   */
  private long checkEcho(MemorySegment m, long base, long len, boolean checkIdentifier,
      boolean ipv6) {
    if (len - base < 8 + SweepRequest.MIN_PAYLOAD) {
      return -1;
    }
    long index = Bytes.i64(m, base + 8);
    if (index < 0 || index >= targets.size() || (index >= targets.ipv4Count()) != ipv6) {
      return -1;
    }
    int tag = (int) mac.hash(index, ProbeType.ECHO.ordinal());
    if (Bytes.u16(m, base + 6) != (tag & 0xffff)
        || (checkIdentifier && Bytes.u16(m, base + 4) != (tag >>> 16))) {
      return -1;
    }
    long t = Bytes.i64(m, base + 16);
    if (Bytes.i64(m, base + 24) != mac.hash(index, t, ProbeType.ECHO.ordinal())) {
      return -1;
    }
    return index;
  }

  /** An ICMP error on a raw socket: validates the quoted IP header and probe (RFC 792, RFC 4443 2.4). */
  private void quotedError(MemorySegment m, boolean ipv6, int type, int code, int ttl,
      InetAddress from) {
    long len = m.byteSize();
    long q = 8;
    long index;
    long probe; // offset of the quoted ICMP header
    if (!ipv6) {
      if (len < q + 20 || (Bytes.u8(m, q) >>> 4) != 4) {
        return;
      }
      int ihl = (Bytes.u8(m, q) & 0xf) * 4;
      if (ihl < 20 || Bytes.u8(m, q + 9) != 1 || len < q + ihl + 8) {
        return;
      }
      index = targets.indexOfIpv4(Bytes.u32(m, q + 16));
      probe = q + ihl;
    } else {
      if (len < q + 40 + 8 || (Bytes.u8(m, q) >>> 4) != 6 || Bytes.u8(m, q + 6) != 58) {
        return;
      }
      index = targets.indexOfIpv6(Bytes.i64(m, q + 24), Bytes.i64(m, q + 32));
      probe = q + 40;
    }
    if (index < 0) {
      return;
    }
    int qtype = Bytes.u8(m, probe);
    ProbeType p = ipv6 ? (qtype == 128 ? ProbeType.ECHO : null) : ProbeType.ofIpv4Request(qtype);
    if (p == null || (int) mac.hash(index, p.ordinal()) != Bytes.i32(m, probe + 4)) {
      return;
    }
    // Linux quotes as much as fits in 576 bytes (IPv4) / the minimum MTU (IPv6): check the cookie
    // too when it is there
    if (p == ProbeType.ECHO && len - probe >= 8 + SweepRequest.MIN_PAYLOAD
        && checkEcho(m, probe, len, true, ipv6) != index) {
      return;
    }
    answer(index, SweepStatus.UNREACHABLE, p, -1, ttl, from, type, code);
  }

  /** Datagram sockets: the kernel returns our probe with the ICMP error that it caused. */
  private void handleErrorQueue(ReceivedDatagram r, boolean ipv6) {
    IcmpError e = r.error();
    if (e.origin() != IcmpError.Origin.ICMP && e.origin() != IcmpError.Origin.ICMP6) {
      return;
    }
    MemorySegment m = r.payload();
    long len = m.byteSize();
    if (len < 8 || Bytes.u8(m, 0) != (ipv6 ? 128 : 8)) {
      return;
    }
    long index = checkEcho(m, 0, len, false, ipv6);
    if (index < 0) {
      return;
    }
    answer(index, SweepStatus.UNREACHABLE, ProbeType.ECHO, -1, -1, e.offender(), e.type(),
        e.code());
  }

  private void answer(long index, SweepStatus status, ProbeType probe, long rtt, int ttl,
      InetAddress from, int type, int code) {
    received.incrementAndGet();
    if (!markDone(index)) {
      return; // duplicate, or a second probe type: the first answer counts
    }
    InetAddress target = targets.address(index);
    InetAddress responder = from == null || from.equals(target) ? null : from;
    if (status == SweepStatus.ALIVE) {
      alive.incrementAndGet();
    } else {
      unreachable.incrementAndGet();
    }
    emit(new SweepResult(target, targets.nameOf(target), status, probe, rtt, ttl, responder, type,
        code, null));
  }

  private void emit(SweepResult r) {
    finished.incrementAndGet();
    ArrayList<SweepResult> box = outbox.get();
    if (box != null) {
      box.add(r);
    } else {
      backlog.incrementAndGet();
      queue.add(r);
    }
  }

  private boolean isDone(long index) {
    return (done.get((int) (index >>> 6)) & (1L << index)) != 0;
  }

  /** Sets the target's bit; true when this call set it (the target's result is ours to emit). */
  private boolean markDone(long index) {
    int w = (int) (index >>> 6);
    long bit = 1L << index;
    long old;
    do {
      old = done.get(w);
      if ((old & bit) != 0) {
        return false;
      }
    } while (!done.compareAndSet(w, old, old | bit));
    return true;
  }

  // ---------------------------------------------------------------- results

  /**
   * The results, one per target of the shard; the stream ends when the sweep is over (or
   * {@link #close()} is called). Call once. A failure of the sender or a receiver (a socket error)
   * is rethrown from the stream.
   */
  public Stream<SweepResult> results() {
    Iterator<SweepResult> it = new Iterator<>() {
      private SweepResult next;
      private boolean ended;
      private List<?> chunk = List.of();
      private int inChunk;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        if (inChunk < chunk.size()) {
          next = (SweepResult) chunk.get(inChunk++);
          return true;
        }
        if (ended) {
          return false;
        }
        while (true) {
          Object o;
          try {
            o = queue.poll(100, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            ended = true;
            return false;
          }
          if (o == null) {
            if (stopped && queue.isEmpty()) {
              ended = true;
              return false;
            }
            continue;
          }
          if (o == END) {
            ended = true;
            return false;
          }
          if (o instanceof RuntimeException e) {
            stopped = true;
            throw e;
          }
          if (o instanceof Error e) {
            stopped = true;
            throw e;
          }
          if (o instanceof List<?> l) {
            backlog.addAndGet(-l.size());
            chunk = l;
            inChunk = 1;
            next = (SweepResult) l.get(0);
            return true;
          }
          backlog.decrementAndGet();
          next = (SweepResult) o;
          return true;
        }
      }

      @Override
      public SweepResult next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SweepResult r = next;
        next = null;
        return r;
      }
    };
    return StreamSupport.stream(Spliterators.spliterator(it, shardSize,
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
  }

  /** Live counters, for progress displays. */
  public Progress progress() {
    long end = endNanos;
    long elapsed = (end < 0 ? System.nanoTime() : end) - startNanos;
    return new Progress(shardSize, sent.get(), received.get(), alive.get(), unreachable.get(),
        finished.get(), dropped.get(), elapsed);
  }

  /**
   * Counters of a sweep.
   *
   * @param targets targets in this shard
   * @param sent probes sent
   * @param received validated answers (duplicates included)
   * @param alive targets found alive
   * @param unreachable targets reported unreachable
   * @param finished targets with a result so far
   * @param dropped probes the kernel refused for lack of buffer space even after waiting
   * @param elapsedNanos time since start (until the end once over)
   */
  public record Progress(long targets, long sent, long received, long alive, long unreachable,
      long finished, long dropped, long elapsedNanos) {
    /** Sent packets per second so far. */
    public double sendRate() {
      return elapsedNanos <= 0 ? 0 : sent * 1e9 / elapsedNanos;
    }
  }

  /** Stops sending and receiving, closes the sockets; the result stream ends. Idempotent. */
  @Override
  public void close() {
    stopped = true;
    receiving = false;
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closeSockets();
  }

  private void closeSockets() {
    rxStamps.close();
    for (IcmpSocket s : lanes4) {
      if (s != null) {
        s.close();
      }
    }
    if (v6 != null) {
      v6.close();
    }
  }

  /** The request this sweep runs. */
  public SweepRequest request() {
    return request;
  }
}
