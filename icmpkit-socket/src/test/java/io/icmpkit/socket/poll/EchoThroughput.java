package io.icmpkit.socket.poll;

import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Echo round trips per second over one socket with many probes outstanding: one {@link Poller},
 * one {@link AsyncIcmpSocket} whose listener matches replies by sequence (and identifier for raw
 * sockets), the main thread sending while fewer than {@code window} probes are outstanding.
 * Bounded by {@code count} and by {@code seconds}; a warm-up round of up to 5,000 probes (JIT)
 * runs first and is not measured. Run by {@code tools/bench/echo_vs_ping.sh}.
 *
 * <pre>
 * java -cp ... io.icmpkit.socket.poll.EchoThroughput [target=127.0.0.1] [count=100000]
 *     [window=64] [seconds=20] [kind=AUTO] [payload=56]
 * </pre>
 *
 * Prints one human line and one {@code RESULT icmpkit <window> <sent> <received> <seconds>
 * <per-second>} line.
 */
public final class EchoThroughput {
  private EchoThroughput() {}

  public static void main(String[] args) throws Exception {
    InetAddress target = InetAddress.getByName(arg(args, 0, "127.0.0.1"));
    if (!target.isLoopbackAddress()) {
      // the benchmark floods: only ever at this host
      throw new IllegalArgumentException("EchoThroughput only targets loopback: " + target);
    }
    int count = Integer.parseInt(arg(args, 1, "100000"));
    int window = Integer.parseInt(arg(args, 2, "64"));
    int seconds = Integer.parseInt(arg(args, 3, "20"));
    IcmpSocket.Kind kind = IcmpSocket.Kind.valueOf(arg(args, 4, "AUTO"));
    int payload = Integer.parseInt(arg(args, 5, "56"));
    if (count < 1 || count > 10_000_000 || window < 1 || window > 30_000 || seconds < 1
        || seconds > 600 || payload < 0 || payload > 1400) {
      throw new IllegalArgumentException("count 1..1e7, window 1..30000, seconds 1..600, "
          + "payload 0..1400");
    }
    boolean v6 = target instanceof Inet6Address;
    IcmpSocket socket = IcmpSocket.open(
        v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, kind);
    boolean raw = socket.kind() == IcmpSocket.Kind.RAW;
    int id = raw ? ThreadLocalRandom.current().nextInt(1, 0x10000) : 0;
    if (raw) {
      socket.passOnly(v6 ? 129 : 0); // replies only (loopback also shows us our requests)
    }

    MemorySegment msg = request(v6, raw, id, payload);
    AtomicIntegerArray outstanding = new AtomicIntegerArray(65536); // by sequence
    AtomicLong received = new AtomicLong();
    Semaphore permits = new Semaphore(window);
    try (Poller poller = Poller.open("echo-bench");
         AsyncIcmpSocket s = AsyncIcmpSocket.open(poller, socket, r -> {
           int seq = replySequence(v6, raw, id, r);
           if (seq >= 0 && outstanding.compareAndSet(seq, 1, 0)) {
             received.incrementAndGet();
             permits.release();
           }
         })) {
      Round round = new Round(s, target, v6, raw, msg, outstanding, received, permits);
      round.run(Math.min(count, 5000), 5); // warm-up (JIT), not measured
      double[] r = round.run(count, seconds);
      System.out.printf("icmpkit %s socket, window %d: %.0f sent, %.0f received in %.3f s = %.0f"
          + " round trips/s%n", socket.kind(), window, r[0], r[1], r[2], r[1] / r[2]);
      System.out.printf("RESULT icmpkit %d %.0f %.0f %.6f %.0f%n", window, r[0], r[1], r[2],
          r[1] / r[2]);
    }
  }

  private record Round(AsyncIcmpSocket s, InetAddress target, boolean v6, boolean raw,
      MemorySegment msg, AtomicIntegerArray outstanding, AtomicLong received, Semaphore permits) {

    /** Sends up to {@code count} probes within {@code seconds}; [sent, received, seconds]. */
    double[] run(int count, int seconds) throws InterruptedException {
      long before = received.get();
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
      long sent = 0;
      long lost = 0;
      int credit = 0; // permits taken and not yet used: send in bursts, park less
      while (sent < count && System.nanoTime() < deadline) {
        if (credit == 0 && permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          credit = 1 + permits.drainPermits();
        }
        if (credit == 0) {
          // replies lost: forget what is outstanding and open the window again (bounded by time)
          for (int i = 0; i < 65536; i++) {
            if (outstanding.getAndSet(i, 0) == 1) {
              lost++;
              permits.release();
            }
          }
          continue;
        }
        credit--;
        int seq = (int) (sent & 0xffff);
        outstanding.set(seq, 1);
        setSequence(v6, raw, msg, seq);
        s.send(msg, target).join(); // completes at once unless the send buffer is full
        sent++;
      }
      permits.release(credit); // unused when the count or the time ran out
      long waitUntil = Math.min(deadline, System.nanoTime()) + TimeUnit.SECONDS.toNanos(2);
      while (received.get() - before + lost < sent && System.nanoTime() < waitUntil) {
        Thread.sleep(0, 100_000);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      for (int i = 0; i < 65536; i++) { // a clean slate for the next round
        if (outstanding.getAndSet(i, 0) == 1) {
          permits.release();
        }
      }
      return new double[] {sent, received.get() - before, elapsed};
    }
  }

  private static String arg(String[] args, int i, String dflt) {
    return args.length > i && !args[i].isEmpty() ? args[i] : dflt;
  }

  private static MemorySegment request(boolean v6, boolean raw, int id, int payload) {
    Octets data = Octets.of(new byte[payload]);
    if (v6) {
      var m = new Icmpv6Message.EchoRequest(id, 0, data);
      MemorySegment s = MemorySegment.ofArray(new byte[m.bufferLength()]);
      m.emit(s, ChecksumPolicy.KERNEL);
      return s;
    }
    var m = new Icmpv4Message.EchoRequest(0, id, 0, data);
    MemorySegment s = MemorySegment.ofArray(new byte[m.bufferLength()]);
    m.emit(s, raw ? ChecksumPolicy.FILL : ChecksumPolicy.KERNEL);
    return s;
  }

  private static void setSequence(boolean v6, boolean raw, MemorySegment msg, int seq) {
    if (v6) {
      Icmpv6Packet.checked(msg).setEchoSequence(seq); // the kernel fills the ICMPv6 checksum
      return;
    }
    Icmpv4Packet p = Icmpv4Packet.checked(msg);
    p.setEchoSequence(seq);
    if (raw) {
      p.fillChecksum();
    }
  }

  /** The sequence of an echo reply for us, or -1. */
  private static int replySequence(boolean v6, boolean raw, int id, ReceivedDatagram r) {
    if (r.isError()) {
      return -1;
    }
    try {
      if (v6) {
        Icmpv6Packet p = Icmpv6Packet.checked(r.payload());
        return p.type() == 129 && (!raw || p.echoIdentifier() == id) ? p.echoSequence() : -1;
      }
      Icmpv4Packet p = Icmpv4Packet.checked(r.payload());
      return p.type() == 0 && (!raw || p.echoIdentifier() == id) ? p.echoSequence() : -1;
    } catch (RuntimeException e) {
      return -1; // not an echo reply we can read
    }
  }
}
