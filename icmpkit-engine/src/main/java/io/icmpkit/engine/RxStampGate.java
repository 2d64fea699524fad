package io.icmpkit.engine;

import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.socket.UdpProbeSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, once per engine (Pinger, trace), until the kernel really stamps received packets, so
 * that no reply is timed with a made-up receive stamp. Shared by {@code io.icmpkit.engine.ping} and
 * {@code io.icmpkit.engine.trace}; not an API for callers outside the engine.
 *
 * <p>Why: Linux takes receive timestamps only while some socket asks for them (one switch for
 * the whole system, {@code netstamp_needed_key}), and the first socket that asks turns it on
 * from a work queue, later ({@code net_enable_timestamp()}: measured 0.1 to 200 ms on a busy
 * machine). A packet that arrives meanwhile gets no stamp, and {@code recvmsg()} then reports
 * the time of the read instead ({@code __sock_recv_timestamp()}: "Race occurred between
 * timestamp enabling and packet receiving. Fill in the current time for now"), with nothing to
 * tell it from a real stamp. The first reply of a run then showed the engine's warm-up (20 to
 * 90 ms on loopback) as RTT. Closing the last such socket turns the switch off the same way.
 *
 * <p>How: a UDP socket on loopback with {@code SO_TIMESTAMPNS}, opened with the engine and kept
 * open until it closes (so the switch stays on). {@link #awaitLive} sends it a datagram: loopback
 * delivers (and stamps) inside {@code sendto()}, so a real stamp is earlier than the clock read
 * after the send, and a made-up one (taken at the read) later. Same clock: CLOCK_REALTIME.
 */
public final class RxStampGate implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RxStampGate.class.getName());
  /** The longest wait for the switch; afterwards runs go on as before (first RTT may be off). */
  static final long MAX_WAIT_NANOS = 500_000_000L;
  private static final long RETRY_NANOS = 200_000L;

  private final UdpProbeSocket socket;
  private final InetSocketAddress self;
  /** Stamps verified (true) or not to be checked any more (no loopback, gave up). */
  private boolean settled;

  private RxStampGate(UdpProbeSocket socket, InetSocketAddress self) {
    this.socket = socket;
    this.self = self;
    this.settled = socket == null;
  }

  /**
   * Opens the gate's socket and asks for receive stamps now, so that the kernel switches them on
   * while the caller goes on. Never fails: without a usable loopback the gate lets runs through.
   */
  public static RxStampGate open() {
    for (String lo : new String[] {"127.0.0.1", "::1"}) {
      UdpProbeSocket s = null;
      try {
        InetAddress a = InetAddress.getByName(lo);
        s = UdpProbeSocket.open(a instanceof java.net.Inet6Address
            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        s.setOption(IcmpSocketOption.TIMESTAMPNS, true);
        s.bind(a, 0);
        return new RxStampGate(s, new InetSocketAddress(a, s.localPort()));
      } catch (Exception e) { // no loopback of this family in this namespace, or no socket
        if (s != null) {
          s.close();
        }
      }
    }
    return new RxStampGate(null, null);
  }

  /**
   * Returns once the kernel stamps received packets (at once after the first success), or after
   * {@link #MAX_WAIT_NANOS}, or at once when this cannot be checked. Engine thread; blocks it.
   */
  public void awaitLive() {
    if (settled) {
      return;
    }
    settled = true; // whatever happens below: check once per gate
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    byte[] one = {0};
    try {
      do {
        socket.send(one, self);
        long sentBy = realNanos();
        ReceivedDatagram d = socket.receive(Duration.ofMillis(10));
        while (d != null && d.isError()) {
          d = socket.receive(Duration.ofMillis(10));
        }
        if (d != null && d.kernelTimestampNanos() > 0 && d.kernelTimestampNanos() <= sentBy) {
          return;
        }
        LockSupport.parkNanos(RETRY_NANOS);
      } while (System.nanoTime() < deadline);
      LOG.log(System.Logger.Level.DEBUG, "kernel receive stamps not seen on loopback");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "receive stamp check failed", e);
    }
  }

  /** The current time as the kernel stamps it: CLOCK_REALTIME, nanoseconds since the epoch. */
  public static long realNanos() {
    Instant now = Instant.now(); // CLOCK_REALTIME, as the kernel stamps
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.close();
    }
  }
}
