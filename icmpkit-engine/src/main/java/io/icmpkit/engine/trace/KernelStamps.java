package io.icmpkit.engine.trace;

import io.icmpkit.engine.RxStampGate;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.ReceivedDatagram;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Kernel send and receive times of one channel's probes, in the {@link System#nanoTime()} domain
 * the tracers use for deadlines.
 *
 * <p>Why: a probe's RTT taken from {@code System.nanoTime()} around {@code sendto()} and at
 * reading the answer includes whatever kept the thread from reading (the probes of a hop go out
 * together, answers are read afterwards; JIT, GC, other threads): 10 to 50 ms on loopback where
 * the kernel sees 0.05 ms. So the send time is the kernel's software transmit stamp ({@code
 * SO_TIMESTAMPING} with {@code OPT_ID}: one error-queue entry per successful send, numbered from
 * 0 in send order, see Linux {@code Documentation/networking/timestamping.rst}) and the receive
 * time the kernel receive stamp ({@code SO_TIMESTAMPNS}; for an ICMP error read from the error
 * queue, the stamp of that queued error, i.e. of the ICMP packet's arrival). Both are
 * CLOCK_REALTIME; one offset taken at open turns them into the nanoTime domain, and it cancels out
 * of an RTT whose both ends are kernel stamps. When either stamp is missing the clock reading is
 * used for that end (and counted as such by the tracer).
 *
 * <p>The first receive stamps after timestamps are first switched on system-wide can be made-up
 * "now" values: {@link RxStampGate} is opened here and awaited before the first send.
 */
final class KernelStamps implements AutoCloseable {
  private final long epochOffset;
  private final RxStampGate gate;
  private boolean txEnabled;
  /** Successful sends so far: the OPT_ID number of the next transmit stamp. */
  private long sendCounter;
  /** Sends waiting for their stamp: {counter, seq, CLOCK_REALTIME read just before the send}. */
  private final ArrayDeque<long[]> pendingTx = new ArrayDeque<>();
  /** Kernel send time (nanoTime domain) of the last send of each sequence number. */
  private final Map<Integer, Long> sentBySeq = new HashMap<>();
  private long realBefore;

  KernelStamps() {
    this.gate = RxStampGate.open(); // first: the kernel switches receive stamps on meanwhile
    this.epochOffset = RxStampGate.realNanos() - System.nanoTime();
  }

  /**
   * Asks {@code set} (a socket's setOption) for receive stamps and transmit stamps; transmit
   * stamps are optional (an old kernel or a socket type without them: the clock is used).
   */
  void enable(BiConsumer<IcmpSocketOption<Boolean>, Boolean> set) {
    set.accept(IcmpSocketOption.TIMESTAMPNS, true);
    try {
      set.accept(IcmpSocketOption.TIMESTAMPING_TX_SOFTWARE, true);
      txEnabled = true;
    } catch (NativeException e) {
      txEnabled = false;
    }
  }

  /**
   * Call right before a send of probe {@code seq}: forgets the stamp of its earlier send (a
   * resend, or a reused slot), waits once for live receive stamps, reads the clock.
   */
  void beforeSend(int seq) {
    sentBySeq.remove(seq);
    pendingTx.removeIf(p -> p[1] == seq); // a late stamp of an earlier send would be too early
    gate.awaitLive();
    realBefore = RxStampGate.realNanos();
  }

  /** Call after a successful send of probe {@code seq}. */
  void sent(int seq) {
    if (txEnabled) {
      pendingTx.add(new long[] {sendCounter, seq, realBefore});
      if (pendingTx.size() > 65_536) { // stamps not coming: forget the oldest
        pendingTx.poll();
      }
    }
    sendCounter++;
  }

  /**
   * Takes an error-queue entry if it is a transmit stamp (then returns true: nothing else to do
   * with it). A stamp earlier than the clock read before its send would belong to another send:
   * it is dropped, so a miscount can only lose stamps, never misattribute them.
   */
  boolean take(ReceivedDatagram d) {
    IcmpError e = d.error();
    if (e == null || e.origin() != IcmpError.Origin.TIMESTAMPING) {
      return false;
    }
    long counter = e.data();
    long ts = d.kernelTimestampNanos();
    while (!pendingTx.isEmpty() && pendingTx.peek()[0] < counter) {
      pendingTx.poll();
    }
    if (ts > 0 && !pendingTx.isEmpty() && pendingTx.peek()[0] == counter) {
      long[] p = pendingTx.poll();
      if (ts >= p[2]) {
        sentBySeq.put((int) p[1], ts - epochOffset);
      }
    }
    return true;
  }

  /** The kernel receive time of {@code d} in the nanoTime domain, or now when it has none. */
  long received(ReceivedDatagram d) {
    long ts = d.kernelTimestampNanos();
    return ts > 0 ? ts - epochOffset : System.nanoTime();
  }

  /** The kernel send time (nanoTime domain) of the last send of {@code seq}, or 0 when unknown. */
  long sentNanos(int seq) {
    Long sent = sentBySeq.get(seq);
    return sent != null ? sent : 0;
  }

  /** {@code a} with its probe's kernel send time when known (answers are read before stamps). */
  ProbeChannel.Answer withSent(ProbeChannel.Answer a) {
    Long sent = sentBySeq.get(a.seq());
    if (sent == null || a.sentNanos() != 0) {
      return a;
    }
    return new ProbeChannel.Answer(a.seq(), a.responder(), a.nanos(), a.replyTtl(), a.icmpType(),
        a.icmpCode(), a.info(), a.reached(), a.localMtu(), a.extensions(), sent, a.kernelRx());
  }

  @Override
  public void close() {
    gate.close();
  }
}
