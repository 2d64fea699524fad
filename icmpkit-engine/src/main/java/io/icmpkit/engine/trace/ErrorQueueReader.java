package io.icmpkit.engine.trace;

import io.icmpkit.engine.trace.ProbeChannel.Answer;
import io.icmpkit.socket.ReceivedDatagram;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The receive side shared by the channels whose socket queues ICMP errors with {@code IP_RECVERR}
 * ({@link IcmpChannel}, {@link UdpChannel}): {@link ProbeChannel#poll} (answers, kernel stamps,
 * answers kept from a {@code localMtu} read) and {@link ProbeChannel#localMtu} (the error queue
 * after a local EMSGSIZE). Each channel supplies its socket's receive calls and how it turns a
 * datagram into an answer (null: not an answer to one of its probes).
 */
final class ErrorQueueReader {

  /** A datagram turned into an answer to a probe, or null. */
  interface Decoder {
    Answer answer(ReceivedDatagram d, long now);
  }

  private final KernelStamps stamps;
  private final Function<Duration, ReceivedDatagram> receive;
  private final Function<Duration, ReceivedDatagram> receiveError;
  private final Decoder answers;
  private final Decoder errors;
  private final List<Answer> pending = new ArrayList<>();

  /**
   * @param receive the socket's receive (errors and data; ZERO: do not wait)
   * @param receiveError the socket's receive of the error queue only
   * @param answers decodes what {@code receive} returns
   * @param errors decodes an ICMP error-queue entry read by {@link #localMtu}
   */
  ErrorQueueReader(KernelStamps stamps, Function<Duration, ReceivedDatagram> receive,
      Function<Duration, ReceivedDatagram> receiveError, Decoder answers, Decoder errors) {
    this.stamps = stamps;
    this.receive = receive;
    this.receiveError = receiveError;
    this.answers = answers;
    this.errors = errors;
  }

  /** {@link ProbeChannel#poll}. */
  List<Answer> poll(Duration timeout) {
    List<Answer> out = new ArrayList<>(2);
    if (!pending.isEmpty()) {
      out.addAll(pending);
      pending.clear();
      timeout = Duration.ZERO;
    }
    ReceivedDatagram d = receive.apply(timeout);
    while (d != null) {
      if (stamps.take(d)) {
        d = receive.apply(Duration.ZERO);
        continue;
      }
      long now = stamps.received(d);
      Answer a = answers.answer(d, now);
      if (a != null) {
        out.add(a.withKernelRx(d.kernelTimestampNanos() > 0));
      }
      d = receive.apply(Duration.ZERO);
    }
    out.replaceAll(stamps::withSent); // transmit stamps are read after the answers they time
    return out;
  }

  /** {@link ProbeChannel#localMtu}. */
  MtuChange localMtu(int below) {
    MtuChange best = null;
    for (int i = 0; i < 256; i++) {
      ReceivedDatagram d = receiveError.apply(Duration.ZERO);
      if (d == null) {
        break;
      }
      if (d.error() == null || stamps.take(d)) {
        continue;
      }
      long mtu = d.error().mtu();
      InetAddress by = d.error().isIcmp() ? d.error().offender() : null;
      if (mtu > 0 && mtu < below && (best == null || mtu < best.mtu()
          || mtu == best.mtu() && best.reporter() == null)) {
        best = new MtuChange((int) mtu, by); // the router that said so, rather than the kernel
      }
      if (d.error().isIcmp()) {
        Answer a = errors.answer(d, stamps.received(d));
        if (a != null) {
          // an answer to some probe: poll() hands it out
          pending.add(a.withKernelRx(d.kernelTimestampNanos() > 0));
        }
      }
    }
    return best;
  }
}
