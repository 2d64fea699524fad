package io.icmpkit.socket.tcp;

import io.icmpkit.nativeio.NativeException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import io.icmpkit.socket.poll.Poller;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * TCP SYN probes for TCP traceroute (tcptraceroute, {@code traceroute -T}): a SYN with a chosen
 * TTL / hop limit; the answer is SYN-ACK (open), RST (closed), an ICMP error from the hop where the
 * TTL ran out, or nothing. Two kinds, chosen at open time:
 *
 * <ul>
 *   <li>{@link Kind#CONNECT} — unprivileged: a non-blocking {@code connect(2)} on a fresh TCP socket
 *       per probe, with {@code IP_TTL}/{@code IPV6_UNICAST_HOPS} and {@code IP_RECVERR}/{@code
 *       IPV6_RECVERR} set. The kernel sends the SYN; an ICMP error about it aborts the connect
 *       (Linux {@code tcp_v4_err}/{@code tcp_v6_err} in SYN-SENT) and, with RECVERR, is queued on
 *       the socket's error queue with the offender address. A connected socket is aborted with
 *       {@code SO_LINGER} 0 (RST, no FIN handshake with the target).
 *   <li>{@link Kind#RAW} — needs CAP_NET_RAW: the SYN is built here ({@link TcpSyn}, checksum over
 *       the pseudo-header) and sent on a raw {@code IPPROTO_TCP} socket (the kernel adds the IP
 *       header); SYN-ACK / RST are read from that raw socket, ICMP errors from a raw ICMP socket
 *       (matched by the quoted ports and sequence). The local kernel answers the SYN-ACK with RST,
 *       as no socket owns the port.
 * </ul>
 *
 * <p>{@link #probe} waits for the answer. On a platform thread it waits in {@code poll(2)}; on a
 * virtual thread it never blocks in a native call (that would pin the carrier): it polls without
 * waiting and sleeps 1 ms between polls (round-trip times then have about 1 ms resolution).
 * Probes of one instance are serialised; for many probes at once use {@link #probeAsync} (CONNECT)
 * or one instance per thread.
 *
 * <pre>{@code
 * try (TcpProbe p = TcpProbe.open(StandardProtocolFamily.INET, TcpProbe.Kind.CONNECT)) {
 *   for (int ttl = 1; ttl <= 30; ttl++) {
 *     TcpProbeResult r = p.probe(new InetSocketAddress(target, 443), ttl, Duration.ofSeconds(2));
 *     System.out.println(ttl + " " + r.outcome() + " " + r.responder());
 *     if (r.reachedTarget()) break;
 *   }
 * }
 * }</pre>
 */
public sealed interface TcpProbe extends AutoCloseable permits ConnectTcpProbe, RawTcpProbe {
  /** The probe kind. */
  enum Kind {
    /** Unprivileged non-blocking connect with RECVERR. */
    CONNECT,
    /** Raw TCP + raw ICMP sockets, needs CAP_NET_RAW. */
    RAW
  }

  /**
   * Opens a prober for {@code family} (INET or INET6). Sockets are created in the calling thread's
   * network namespace (now, for RAW; at each probe, for CONNECT — so call {@link #probe} from the
   * same namespace).
   *
   * @throws NativeException when the kernel refuses (RAW without CAP_NET_RAW: EPERM with a hint)
   */
  static TcpProbe open(ProtocolFamily family, Kind kind) {
    boolean v6 = switch (family) {
      case StandardProtocolFamily.INET -> false;
      case StandardProtocolFamily.INET6 -> true;
      default -> throw new IllegalArgumentException("TCP probes are INET or INET6: " + family);
    };
    return switch (kind) {
      case CONNECT -> new ConnectTcpProbe(v6);
      case RAW -> RawTcpProbe.open(v6);
    };
  }

  Kind kind();

  boolean isIpv6();

  /** Binds the probes' source address (null: the kernel chooses by route). */
  TcpProbe bind(InetAddress source);

  /**
   * Sends one SYN to {@code target} with {@code ttl} (1-255) and waits up to {@code timeout} for
   * the answer.
   *
   * @throws NativeException when the SYN cannot be sent (e.g. ENETUNREACH: no route)
   */
  TcpProbeResult probe(InetSocketAddress target, int ttl, Duration timeout);

  /**
   * {@link Kind#CONNECT} only: starts one probe without any waiting thread: the socket is created
   * and connected now (in the caller's network namespace), the answer is read on {@code poller}'s
   * thread, and the future completes there with the result (TIMEOUT after {@code timeout}). Many
   * probes may be in flight at once (one descriptor each). Closing the poller fails the futures
   * still pending with a {@link io.icmpkit.socket.poll.PollerClosedException}; every descriptor is
   * closed in all cases.
   *
   * @throws UnsupportedOperationException for {@link Kind#RAW}
   * @throws NativeException when the SYN cannot be sent
   */
  CompletableFuture<TcpProbeResult> probeAsync(Poller poller, InetSocketAddress target, int ttl,
      Duration timeout);

  @Override
  void close();
}
