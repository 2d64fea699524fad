package io.icmpkit.socket.tcp;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link TcpProbe.Kind#CONNECT}: one non-blocking {@code connect(2)} per probe on a fresh TCP
 * socket with the TTL and RECVERR set (no privilege). See {@link TcpProbe}.
 *
 * <p>How the kernel reports each answer (Linux {@code net/ipv4/tcp_ipv4.c}, {@code tcp_v4_err};
 * {@code tcp_v6_err} alike): SYN-ACK makes the socket writable with {@code SO_ERROR} 0; RST gives
 * {@code SO_ERROR} ECONNREFUSED; an ICMP error quoting the SYN, in state SYN-SENT, ends the connect
 * with {@code SO_ERROR} set (EHOSTUNREACH for time exceeded) and — because RECVERR is on — queues
 * a {@code sock_extended_err} with the ICMP type, code and the offender on the error queue.
 */
final class ConnectTcpProbe implements TcpProbe {
  private final boolean v6;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile InetAddress source;
  private volatile boolean closed;

  ConnectTcpProbe(boolean v6) {
    this.v6 = v6;
  }

  @Override
  public Kind kind() {
    return Kind.CONNECT;
  }

  @Override
  public boolean isIpv6() {
    return v6;
  }

  @Override
  public TcpProbe bind(InetAddress source) {
    if (source != null) {
      checkFamily(source);
    }
    this.source = source;
    return this;
  }

  private void checkFamily(InetAddress a) {
    if ((a instanceof Inet6Address) != v6) {
      throw new IllegalArgumentException(a.getHostAddress() + " is not "
          + (v6 ? "IPv6" : "IPv4") + " like this prober");
    }
  }

  @Override
  public TcpProbeResult probe(InetSocketAddress target, int ttl, Duration timeout) {
    InetAddress dst = target.getAddress();
    checkFamily(dst);
    if (closed) {
      throw new IllegalStateException("the prober is closed");
    }
    lock.lock();
    try (Fd s = Fd.socket(v6, SOCK_STREAM, IPPROTO_TCP, "TCP", null)) {
      s.setTtl(ttl);
      if (v6) {
        s.setInt("IPV6_RECVERR", IPPROTO_IPV6, IPV6_RECVERR, 1);
      } else {
        s.setInt("IP_RECVERR", IPPROTO_IP, IP_RECVERR, 1);
      }
      InetAddress src = source;
      if (src != null) {
        s.bind(src, 0);
      }
      long t0 = System.nanoTime();
      long deadline = t0 + timeout.toNanos();
      int rc = s.connect(dst, target.getPort());
      if (rc == 0) {
        s.lingerZero();
        return new TcpProbeResult(TcpProbeResult.Outcome.CONNECTED, dst, null,
            System.nanoTime() - t0, ttl);
      }
      if (rc == -Errno.ECONNREFUSED.number()) {
        return new TcpProbeResult(TcpProbeResult.Outcome.REFUSED, dst, null,
            System.nanoTime() - t0, ttl);
      }
      if (rc != -Errno.EINPROGRESS.number()) {
        throw new NativeException("connect(" + dst.getHostAddress() + ")", -rc);
      }
      while (true) {
        short rev = Fd.await(new int[] {s.fd}, POLLOUT, deadline - System.nanoTime())[0];
        if (rev == 0) {
          return TcpProbeResult.timeout(ttl);
        }
        long rtt = System.nanoTime() - t0;
        IcmpError e = s.readErrorQueue(); // before SO_ERROR: the details of the failure
        int err = s.soError();
        if (e != null && e.isIcmp()) {
          return new TcpProbeResult(TcpProbeResult.Outcome.ICMP_ERROR, e.offender(), e, rtt, ttl);
        }
        if (err == 0 && (rev & POLLOUT) != 0) {
          s.lingerZero(); // abort with RST: no FIN exchange with the target
          return new TcpProbeResult(TcpProbeResult.Outcome.CONNECTED, dst, null, rtt, ttl);
        }
        if (err == Errno.ECONNREFUSED.number()) {
          return new TcpProbeResult(TcpProbeResult.Outcome.REFUSED, dst, null, rtt, ttl);
        }
        if (err != 0) {
          throw new NativeException("connect(" + dst.getHostAddress() + ")", err);
        }
        // spurious wake-up: wait again
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "TcpProbe[CONNECT " + (v6 ? "IPv6" : "IPv4") + "]";
  }
}
