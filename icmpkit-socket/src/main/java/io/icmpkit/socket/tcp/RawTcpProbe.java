package io.icmpkit.socket.tcp;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.QuotedDatagram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link TcpProbe.Kind#RAW}: the SYN is built here and sent on a raw {@code IPPROTO_TCP} socket;
 * answers are read from that socket (SYN-ACK, RST: every TCP segment reaching the host, matched by
 * address, ports and acknowledgment = sequence + 1) and from a raw ICMP socket filtered to error
 * types (matched by the quoted destination, ports and sequence, RFC 792 / RFC 4443 2.4). The source
 * address for the pseudo-header checksum is the one the kernel's route gives (a connected UDP
 * socket's local address), or the bound one.
 */
final class RawTcpProbe implements TcpProbe {
  private static final int EPHEMERAL_LOW = 32768;
  private static final int EPHEMERAL_COUNT = 28232; // 32768..60999, Linux's default range

  private final boolean v6;
  private final Fd tcp;
  private final IcmpSocket icmp;
  private final Fd route;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment rx;
  private final MemorySegment syn;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile InetAddress source;
  private volatile boolean closed;

  private RawTcpProbe(boolean v6, Fd tcp, IcmpSocket icmp, Fd route) {
    this.v6 = v6;
    this.tcp = tcp;
    this.icmp = icmp;
    this.route = route;
    this.rx = arena.allocate(65536, 8);
    this.syn = arena.allocate(TcpSyn.LENGTH, 8);
  }

  static RawTcpProbe open(boolean v6) {
    String hint = "a raw TCP socket needs CAP_NET_RAW: sudo setcap cap_net_raw+ep "
        + Path.of(System.getProperty("java.home"), "bin", "java") + ", or run as root, or use "
        + "TcpProbe.Kind.CONNECT (no privilege)";
    Fd tcp = Fd.socket(v6, SOCK_RAW, IPPROTO_TCP, "raw TCP", hint);
    IcmpSocket icmp = null;
    Fd route = null;
    try {
      icmp = IcmpSocket.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET,
          IcmpSocket.Kind.RAW);
      if (v6) {
        icmp.passOnly(1, 2, 3, 4); // unreachable, packet too big, time exceeded, parameter problem
      } else {
        icmp.passOnly(3, 11, 12); // unreachable, time exceeded, parameter problem
      }
      route = Fd.socket(v6, SOCK_DGRAM, IPPROTO_UDP, "UDP (route lookup)", null);
      return new RawTcpProbe(v6, tcp, icmp, route);
    } catch (RuntimeException e) {
      tcp.close();
      if (icmp != null) {
        icmp.close();
      }
      if (route != null) {
        route.close();
      }
      throw e;
    }
  }

  @Override
  public Kind kind() {
    return Kind.RAW;
  }

  @Override
  public boolean isIpv6() {
    return v6;
  }

  @Override
  public TcpProbe bind(InetAddress source) {
    lock.lock();
    try {
      checkOpen();
      if (source != null) {
        checkFamily(source);
        tcp.bind(source, 0); // raw sockets: the source address of what they send
      }
      this.source = source;
      return this;
    } finally {
      lock.unlock();
    }
  }

  private void checkFamily(InetAddress a) {
    if ((a instanceof Inet6Address) != v6) {
      throw new IllegalArgumentException(a.getHostAddress() + " is not "
          + (v6 ? "IPv6" : "IPv4") + " like this prober");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the prober is closed");
    }
  }

  /** The source address the kernel would use towards {@code target}. */
  private InetAddress routeSource(InetSocketAddress target) {
    int rc = route.connect(target.getAddress(), Math.max(1, target.getPort()));
    if (rc < 0) {
      throw new NativeException("connect(route lookup " + target.getAddress().getHostAddress()
          + ")", -rc);
    }
    return route.localAddress();
  }

  @Override
  public TcpProbeResult probe(InetSocketAddress target, int ttl, Duration timeout) {
    InetAddress dst = target.getAddress();
    checkFamily(dst);
    int dport = target.getPort();
    lock.lock();
    try {
      checkOpen();
      InetAddress src = source != null ? source : routeSource(target);
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      int sport = EPHEMERAL_LOW + rnd.nextInt(EPHEMERAL_COUNT);
      int seq = rnd.nextInt();
      tcp.setTtl(ttl);
      TcpSyn.write(syn, src, dst, sport, dport, seq, 65535, v6 ? 1440 : 1460);
      drain(); // answers to earlier probes must not be taken for this one
      long t0 = System.nanoTime();
      long deadline = t0 + timeout.toNanos();
      tcp.sendTo(syn, dst, 0);
      long expectedAck = (Integer.toUnsignedLong(seq) + 1) & 0xFFFF_FFFFL;
      while (true) {
        short[] rev = Fd.await(new int[] {tcp.fd, icmp.fd()}, POLLIN,
            deadline - System.nanoTime());
        if (rev[0] == 0 && rev[1] == 0) {
          return TcpProbeResult.timeout(ttl);
        }
        long rtt = System.nanoTime() - t0;
        TcpProbeResult r = readTcp(dst, dport, sport, expectedAck, rtt, ttl);
        if (r == null) {
          r = readIcmp(dst, dport, sport, seq, rtt, ttl);
        }
        if (r != null) {
          return r;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Not supported by the raw kind (answers come on shared raw sockets). */
  @Override
  public java.util.concurrent.CompletableFuture<TcpProbeResult> probeAsync(
      io.icmpkit.socket.poll.Poller poller, InetSocketAddress target, int ttl, Duration timeout) {
    throw new UnsupportedOperationException(
        "probeAsync is available for TcpProbe.Kind.CONNECT; RAW probes answer on probe()");
  }

  private void drain() {
    InetAddress[] from = new InetAddress[1];
    for (int i = 0; i < 10_000 && tcp.receiveFrom(rx, from) >= 0; i++) {
      // discard
    }
    for (int i = 0; i < 10_000 && icmp.receive(Duration.ZERO) != null; i++) {
      // discard
    }
  }

  private TcpProbeResult readTcp(InetAddress dst, int dport, int sport, long expectedAck,
      long rtt, int ttl) {
    InetAddress[] from = new InetAddress[1];
    for (int i = 0; i < 1024; i++) { // bounded: the rest is read on the next round
      int n = tcp.receiveFrom(rx, from);
      if (n < 0) {
        return null;
      }
      MemorySegment seg = rx.asSlice(0, n);
      if (!v6) { // raw IPv4 sockets deliver the IP header
        if (n < 20) {
          continue;
        }
        int ihl = (Bytes.u8(seg, 0) & 0x0f) * 4;
        if (ihl < 20 || ihl > n) {
          continue;
        }
        seg = seg.asSlice(ihl);
      }
      if (!dst.equals(from[0]) || !TcpSyn.hasHeader(seg)
          || TcpSyn.sourcePort(seg) != dport || TcpSyn.destinationPort(seg) != sport) {
        continue;
      }
      int flags = TcpSyn.flags(seg);
      boolean acks = (flags & TcpSyn.ACK) != 0 && TcpSyn.acknowledgment(seg) == expectedAck;
      if (acks && (flags & TcpSyn.RST) != 0) {
        return new TcpProbeResult(TcpProbeResult.Outcome.REFUSED, dst, null, rtt, ttl);
      }
      if (acks && (flags & TcpSyn.SYN) != 0) {
        return new TcpProbeResult(TcpProbeResult.Outcome.CONNECTED, dst, null, rtt, ttl);
      }
    }
    return null;
  }

  private TcpProbeResult readIcmp(InetAddress dst, int dport, int sport, int seq, long rtt,
      int ttl) {
    for (int i = 0; i < 1024; i++) {
      ReceivedDatagram d = icmp.receive(Duration.ZERO);
      if (d == null) {
        return null;
      }
      if (d.isError()) {
        continue;
      }
      MemorySegment m = d.payload();
      if (m.byteSize() < 8) {
        continue;
      }
      int type = Bytes.u8(m, 0);
      int code = Bytes.u8(m, 1);
      QuotedDatagram q = QuotedDatagram.parse(m.asSlice(8), v6 ? 6 : 4);
      if (!q.hasPorts() || q.protocol() != IPPROTO_TCP || !dst.equals(q.destination())
          || q.sourcePort() != sport || q.destinationPort() != dport
          || q.tcpSequence() != Integer.toUnsignedLong(seq)) {
        continue;
      }
      long info = info(type, code, m);
      IcmpError e = new IcmpError(v6 ? IcmpError.Origin.ICMP6 : IcmpError.Origin.ICMP,
          Errno.valueOf(IcmpError.linuxErrno(v6, type, code)), type, code, info, 0, d.peer(), 0,
          false);
      return new TcpProbeResult(TcpProbeResult.Outcome.ICMP_ERROR, d.peer(), e, rtt, ttl);
    }
    return null;
  }

  /** What the kernel would put in {@code ee_info}: the MTU or the pointer; else 0. */
  private long info(int type, int code, MemorySegment m) {
    if (v6) {
      return type == 2 || type == 4 ? Bytes.u32(m, 4) : 0;
    }
    if (type == 3 && code == 4) {
      return Bytes.u16(m, 6); // next-hop MTU (RFC 1191)
    }
    return type == 12 ? Bytes.u8(m, 4) : 0; // pointer
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      tcp.close();
      icmp.close();
      route.close();
      arena.close();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "TcpProbe[RAW " + (v6 ? "IPv6" : "IPv4") + "]";
  }
}
