package io.icmpkit.engine.ping;

import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.Linux;
import io.icmpkit.socket.DatagramView;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.socket.poll.Poller;
import io.icmpkit.socket.poll.Registration;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One socket of the engine and what is bound to it. Shared channels (one per family) carry every
 * run with default socket options; a run with its own TTL, TOS, PMTU mode, source, device or mark
 * (or a payload too short for the cookie) gets a dedicated channel. Poller thread only.
 *
 * <p>Reading: datagrams are seen in place ({@link DatagramView}), without a copy or an
 * allocation, and the transmit timestamp of every send is read from the error queue
 * <em>before</em> the next datagram of the normal queue: a reply read before its probe's stamp
 * would have to be timed with the clock (a flood ping sends the next probe from the reply
 * handler, so its reply and stamp are always queued together).
 */
final class Channel implements Poller.Handler {
  /** Datagrams read per readiness event, so one busy socket cannot starve the others. */
  private static final int BATCH = 64;
  /** Sends remembered for their transmit stamp at most (stamps not coming: forget the oldest). */
  private static final int MAX_PENDING_TX = 65_536;

  /** What a channel reads goes to the Pinger. */
  interface Receiver {
    /** A datagram seen in place: valid during the call only. */
    void onView(Channel c, DatagramView v);
  }

  final IcmpSocket socket;
  final boolean ipv6;
  final boolean raw;
  /** The only run of a dedicated channel, or null for a shared one. */
  final Session dedicated;
  /** Raw sockets: echo identifier → run. */
  final Map<Integer, Session> byIdentifier = new HashMap<>();
  final List<Session> sessions = new ArrayList<>();
  /** Whether kernel transmit timestamps were enabled. */
  final boolean txStamps;
  private final Receiver receiver;
  private Registration registration;
  private boolean closed;
  /** Successful sends so far: the OPT_ID counter (32 bits) of the next transmit timestamp. */
  private int sendCounter;
  /** Sends waiting for their transmit timestamp, in send order: a ring of counter, seq, run. */
  private int[] txCounter = new int[16];
  private int[] txSeq = new int[16];
  private Session[] txSession = new Session[16];
  private int txHead;
  private int txSize;
  /** Stamps of sends that are probably queued and not read yet: read before the next reply. */
  private int stampsOwed;

  private Channel(IcmpSocket socket, Session dedicated, boolean txStamps, Receiver receiver) {
    this.socket = socket;
    this.ipv6 = socket.isIpv6();
    this.raw = socket.kind() == IcmpSocket.Kind.RAW;
    this.dedicated = dedicated;
    this.txStamps = txStamps;
    this.receiver = receiver;
  }

  /**
   * Opens a socket of {@code kind} for {@code ipv6}, with the options of {@code request} when
   * {@code dedicated} is set, and registers it with {@code poller}.
   */
  static Channel open(Poller poller, IcmpSocket.Kind kind, boolean ipv6, PingRequest request,
      Session dedicated, Receiver receiver) {
    IcmpSocket s = IcmpSocket.open(
        ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, kind);
    boolean tx;
    try {
      s.setOption(IcmpSocketOption.RECVERR, true);
      s.setOption(IcmpSocketOption.RECVTTL, true);
      s.setOption(IcmpSocketOption.TIMESTAMPNS, true);
      tx = tryOption(s, IcmpSocketOption.TIMESTAMPING_TX_SOFTWARE, true);
      if (dedicated == null) {
        tryOption(s, IcmpSocketOption.RCVBUF, 4 << 20); // many targets: replies come in bursts
        tryOption(s, IcmpSocketOption.SNDBUF, 4 << 20);
      }
      if (s.kind() == IcmpSocket.Kind.RAW) {
        if (ipv6) {
          s.passOnly(129, 1, 2, 3, 4); // echo reply and the four error types
        } else {
          s.passOnly(0, 3, 4, 5, 11, 12);
        }
      }
      if (dedicated != null) {
        if (request.ttl() >= 0) {
          s.setOption(IcmpSocketOption.TTL, request.ttl());
        }
        if (request.tos() >= 0) {
          s.setOption(IcmpSocketOption.TOS, request.tos());
        }
        if (request.pmtuMode() != null) {
          s.setOption(IcmpSocketOption.PMTU_DISCOVERY, request.pmtuMode());
        }
        if (request.mark() >= 0) {
          s.setOption(IcmpSocketOption.MARK, request.mark());
        }
        if (request.interfaceName() != null) {
          s.setOption(IcmpSocketOption.BINDTODEVICE, request.interfaceName());
        }
        if (request.source() != null) {
          s.bind(request.source());
        }
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    Channel c = new Channel(s, dedicated, tx, receiver);
    try {
      c.registration = poller.register(s.fd(), Poller.READ, c);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return c;
  }

  private static <T> boolean tryOption(IcmpSocket s, IcmpSocketOption<T> o, T v) {
    try {
      s.setOption(o, v);
      return true;
    } catch (NativeException e) {
      return false;
    }
  }

  // ---- poller thread ----

  @Override
  public void ready(int events) {
    try {
      if ((events & Poller.ERROR) != 0) { // the error queue is not empty (or a socket error)
        readErrorQueue(BATCH);
      }
      // ERROR too: a pending socket error without an error-queue entry is cleared by a read
      if ((events & (Poller.READ | Poller.HANGUP | Poller.ERROR)) != 0) {
        for (int i = 0; i < BATCH && !closed; i++) {
          if (stampsOwed > 0) {
            readErrorQueue(Math.min(stampsOwed, BATCH));
          }
          DatagramView v = closed ? null : socket.tryReceiveView(false);
          if (v == null) {
            break;
          }
          receiver.onView(this, v); // may send (flood): one more stamp owed
        }
      }
    } catch (NativeException e) {
      if (!socket.isClosed()) {
        throw e;
      }
      close(); // closed under us: end cleanly
    }
  }

  /** Reads up to {@code max} error-queue entries; an empty queue owes no stamp any more. */
  private void readErrorQueue(int max) {
    for (int i = 0; i < max && !closed; i++) {
      DatagramView v = socket.tryReceiveView(true);
      if (v == null) {
        stampsOwed = 0; // late ones come with the next EPOLLERR
        return;
      }
      if (v.errorOrigin() == Linux.SO_EE_ORIGIN_TIMESTAMPING && stampsOwed > 0) {
        stampsOwed--;
      }
      receiver.onView(this, v);
    }
  }

  @Override
  public void closed(Throwable cause) {
    close(); // the poller ended
  }

  /** Records a successful send, for the transmit timestamp that follows. */
  void sent(Session session, int seq) {
    if (txStamps) {
      if (txSize == MAX_PENDING_TX) { // stamps not coming: forget the oldest
        txSession[txHead] = null;
        txHead = (txHead + 1) % txCounter.length;
        txSize--;
      }
      if (txSize == txCounter.length) {
        grow();
      }
      int i = (txHead + txSize) % txCounter.length;
      txCounter[i] = sendCounter;
      txSeq[i] = seq;
      txSession[i] = session;
      txSize++;
      stampsOwed++;
    }
    sendCounter++;
  }

  private void grow() {
    int n = txCounter.length * 2;
    int[] c = new int[n];
    int[] q = new int[n];
    Session[] s = new Session[n];
    for (int i = 0; i < txSize; i++) {
      int j = (txHead + i) % txCounter.length;
      c[i] = txCounter[j];
      q[i] = txSeq[j];
      s[i] = txSession[j];
    }
    txCounter = c;
    txSeq = q;
    txSession = s;
    txHead = 0;
  }

  /** A transmit timestamp for send number {@code counter} (OPT_ID: 32 bits, wraps). */
  void txStamp(long counter, long nanos) {
    int want = (int) counter;
    while (txSize > 0) {
      int diff = txCounter[txHead] - want;
      if (diff > 0) {
        return; // a stamp of a send already forgotten
      }
      Session s = txSession[txHead];
      int seq = txSeq[txHead];
      txSession[txHead] = null;
      txHead = (txHead + 1) % txCounter.length;
      txSize--;
      if (diff == 0) {
        s.txStamp(seq, nanos);
        return;
      }
    }
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    registration.cancel(); // while the descriptor is still open
    socket.close();
  }
}
