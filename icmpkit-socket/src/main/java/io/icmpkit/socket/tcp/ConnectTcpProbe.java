package io.icmpkit.socket.tcp;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import io.icmpkit.socket.poll.Poller;
import io.icmpkit.socket.poll.Registration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    try (Fd s = newSocket(ttl)) {
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
        TcpProbeResult r = outcome(s, dst, (rev & POLLOUT) != 0, System.nanoTime() - t0, ttl);
        if (r != null) {
          return r;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** A non-blocking TCP socket with the TTL, RECVERR and the bound source. */
  private Fd newSocket(int ttl) {
    Fd s = Fd.socket(v6, SOCK_STREAM, IPPROTO_TCP, "TCP", null);
    try {
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
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * The answer once the socket reported readiness: null for a spurious wake-up.
   *
   * @throws NativeException for a local failure that is no answer of the network
   */
  private static TcpProbeResult outcome(Fd s, InetAddress dst, boolean writable, long rtt,
      int ttl) {
    IcmpError e = s.readErrorQueue(); // before SO_ERROR: the details of the failure
    int err = s.soError();
    if (e != null && e.isIcmp()) {
      return new TcpProbeResult(TcpProbeResult.Outcome.ICMP_ERROR, e.offender(), e, rtt, ttl);
    }
    if (err == 0 && writable) {
      s.lingerZero(); // abort with RST: no FIN exchange with the target
      return new TcpProbeResult(TcpProbeResult.Outcome.CONNECTED, dst, null, rtt, ttl);
    }
    if (err == Errno.ECONNREFUSED.number()) {
      return new TcpProbeResult(TcpProbeResult.Outcome.REFUSED, dst, null, rtt, ttl);
    }
    if (err != 0) {
      throw new NativeException("connect(" + dst.getHostAddress() + ")", err);
    }
    return null;
  }

  @Override
  public CompletableFuture<TcpProbeResult> probeAsync(Poller poller, InetSocketAddress target,
      int ttl, Duration timeout) {
    InetAddress dst = target.getAddress();
    checkFamily(dst);
    if (closed) {
      throw new IllegalStateException("the prober is closed");
    }
    CompletableFuture<TcpProbeResult> result = new CompletableFuture<>();
    Fd s = newSocket(ttl); // here: in the caller's network namespace
    long t0 = System.nanoTime();
    int rc = s.connect(dst, target.getPort());
    if (rc == 0 || rc == -Errno.ECONNREFUSED.number()) {
      if (rc == 0) {
        s.lingerZero();
      }
      s.close();
      result.complete(new TcpProbeResult(rc == 0 ? TcpProbeResult.Outcome.CONNECTED
          : TcpProbeResult.Outcome.REFUSED, dst, null, System.nanoTime() - t0, ttl));
      return result;
    }
    if (rc != -Errno.EINPROGRESS.number()) {
      s.close();
      throw new NativeException("connect(" + dst.getHostAddress() + ")", -rc);
    }
    // everything below runs on the poller thread: the handler, the timeout and the poller's close
    // never race, and the descriptor is closed exactly once, after its registration ended
    AtomicReference<Registration> reg = new AtomicReference<>();
    Runnable finish = () -> {
      Registration r = reg.get();
      if (r != null) {
        r.cancel();
      }
      s.close();
    };
    try {
      reg.set(poller.register(s.fd, Poller.WRITE, new Poller.Handler() {
        @Override
        public void ready(int events) {
          if (result.isDone() || reg.get() == null) {
            return; // not yet known to the caller: level-triggered, reported again next round
          }
          try {
            TcpProbeResult r = outcome(s, dst, (events & Poller.WRITE) != 0,
                System.nanoTime() - t0, ttl);
            if (r == null) {
              return; // spurious: stay registered
            }
            finish.run();
            result.complete(r);
          } catch (RuntimeException e) {
            finish.run();
            result.completeExceptionally(e);
          }
        }

        @Override
        public void closed(Throwable cause) {
          s.close(); // the registration already ended with the poller
          result.completeExceptionally(cause);
        }
      }));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
      try {
        poller.execute(() -> {
          if (!result.isDone()) {
            finish.run();
            result.complete(TcpProbeResult.timeout(ttl));
          }
        });
      } catch (RejectedExecutionException e) {
        // poller closed: the future already failed and the descriptor is closed
      }
    });
    return result;
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
