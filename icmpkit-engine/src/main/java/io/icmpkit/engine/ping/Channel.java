package io.icmpkit.engine.ping;

import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.poll.AsyncIcmpSocket;
import io.icmpkit.socket.poll.Poller;
import java.net.StandardProtocolFamily;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One socket of the engine and what is bound to it. Shared channels (one per family) carry every
 * run with default socket options; a run with its own TTL, TOS, PMTU mode, source, device or mark
 * (or a payload too short for the cookie) gets a dedicated channel. Poller thread only.
 */
final class Channel {
  final IcmpSocket socket;
  final AsyncIcmpSocket async;
  final boolean ipv6;
  final boolean raw;
  /** The only run of a dedicated channel, or null for a shared one. */
  final Session dedicated;
  /** Raw sockets: echo identifier → run. */
  final Map<Integer, Session> byIdentifier = new HashMap<>();
  final List<Session> sessions = new ArrayList<>();
  /** Whether kernel transmit timestamps were enabled. */
  final boolean txStamps;
  /** Successful sends so far: the OPT_ID counter of the next transmit timestamp. */
  long sendCounter;
  /** Sends waiting for their transmit timestamp: counter, run, sequence (in send order). */
  final ArrayDeque<long[]> pendingTx = new ArrayDeque<>();
  final ArrayDeque<Session> pendingTxSession = new ArrayDeque<>();

  private Channel(IcmpSocket socket, AsyncIcmpSocket async, Session dedicated, boolean txStamps) {
    this.socket = socket;
    this.async = async;
    this.ipv6 = socket.isIpv6();
    this.raw = socket.kind() == IcmpSocket.Kind.RAW;
    this.dedicated = dedicated;
    this.txStamps = txStamps;
  }

  /**
   * Opens a socket of {@code kind} for {@code ipv6}, with the options of {@code request} when
   * {@code dedicated} is set, and registers it with {@code poller}.
   */
  static Channel open(Poller poller, IcmpSocket.Kind kind, boolean ipv6, PingRequest request,
      Session dedicated, BiConsumer<Channel, io.icmpkit.socket.ReceivedDatagram> handler) {
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
    Channel[] self = new Channel[1];
    AsyncIcmpSocket a = AsyncIcmpSocket.open(poller, s, d -> handler.accept(self[0], d));
    self[0] = new Channel(s, a, dedicated, tx);
    return self[0];
  }

  private static <T> boolean tryOption(IcmpSocket s, IcmpSocketOption<T> o, T v) {
    try {
      s.setOption(o, v);
      return true;
    } catch (NativeException e) {
      return false;
    }
  }

  /** Records a successful send, for the transmit timestamp that follows. */
  void sent(Session session, int seq) {
    if (txStamps) {
      pendingTx.add(new long[] {sendCounter, seq});
      pendingTxSession.add(session);
      if (pendingTx.size() > 65_536) { // stamps not coming: forget the oldest
        pendingTx.poll();
        pendingTxSession.poll();
      }
    }
    sendCounter++;
  }

  /** A transmit timestamp for send number {@code counter}. */
  void txStamp(long counter, long nanos) {
    while (!pendingTx.isEmpty() && pendingTx.peek()[0] < counter) {
      pendingTx.poll();
      pendingTxSession.poll();
    }
    if (!pendingTx.isEmpty() && pendingTx.peek()[0] == counter) {
      long[] p = pendingTx.poll();
      Session s = pendingTxSession.poll();
      s.txStamp((int) p[1], nanos);
    }
  }

  void close() {
    async.close();
  }
}
