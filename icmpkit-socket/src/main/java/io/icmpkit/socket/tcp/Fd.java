package io.icmpkit.socket.tcp;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.CMsg;
import io.icmpkit.nativeio.struct.IoVec;
import io.icmpkit.nativeio.struct.MsgHdr;
import io.icmpkit.nativeio.struct.PollFd;
import io.icmpkit.nativeio.struct.SockAddr;
import io.icmpkit.nativeio.struct.SockExtendedErr;
import io.icmpkit.socket.IcmpError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;

/**
 * The small set of socket calls the TCP probes make, on one descriptor owned by a single thread at
 * a time (the probes serialise their use). Memory: per-call confined arenas.
 */
final class Fd implements AutoCloseable {
  static final LibC C = Native.libc();

  final int fd;
  final boolean v6;
  private boolean closed;

  private Fd(int fd, boolean v6) {
    this.fd = fd;
    this.v6 = v6;
  }

  /** A non-blocking, close-on-exec socket. */
  static Fd socket(boolean v6, int type, int protocol, String what, String permissionHint) {
    int fd = C.socket(v6 ? AF_INET6 : AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      boolean perm = -fd == Errno.EPERM.number() || -fd == Errno.EACCES.number();
      throw new NativeException("socket(" + what + ")", Errno.valueOf(-fd),
          perm ? permissionHint : null);
    }
    return new Fd(fd, v6);
  }

  void setInt(String what, int level, int opt, int value) {
    try (Arena a = Arena.ofConfined()) {
      int rc = C.setsockopt(fd, level, opt, a.allocateFrom(ValueLayout.JAVA_INT, value), 4);
      if (rc < 0) {
        throw new NativeException("setsockopt(" + what + ")", -rc);
      }
    }
  }

  void setTtl(int ttl) {
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("ttl must be in 1..255: " + ttl);
    }
    if (v6) {
      setInt("IPV6_UNICAST_HOPS", IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl);
    } else {
      setInt("IP_TTL", IPPROTO_IP, IP_TTL, ttl);
    }
  }

  /** {@code SO_LINGER} on with 0 seconds: close() aborts with RST. */
  void lingerZero() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment l = a.allocate(8, 4);
      l.set(ValueLayout.JAVA_INT, 0, 1);
      l.set(ValueLayout.JAVA_INT, 4, 0);
      C.setsockopt(fd, SOL_SOCKET, 13 /* SO_LINGER */, l, 8); // best effort
    }
  }

  void bind(InetAddress address, int port) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment sa = SockAddr.allocate(a, address, port, 0);
      int rc = C.bind(fd, sa, (int) sa.byteSize());
      if (rc < 0) {
        throw new NativeException("bind(" + address.getHostAddress() + ")", -rc);
      }
    }
  }

  /** connect(2): 0 or -errno (EINPROGRESS for a non-blocking TCP connect). */
  int connect(InetAddress address, int port) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment sa = SockAddr.allocate(a, address, port, 0);
      return C.connect(fd, sa, (int) sa.byteSize());
    }
  }

  /** getsockname: the local address (port: {@link #localPort()}). */
  InetAddress localAddress() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment sa = a.allocate(SockAddr.SIZEOF_STORAGE, 8);
      MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, SockAddr.SIZEOF_STORAGE);
      NativeException.check("getsockname", C.getsockname(fd, sa, len));
      return SockAddr.address(sa);
    }
  }

  /** {@code SO_ERROR}: the pending socket error (cleared by reading it), 0 for none. */
  int soError() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
      MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, 4);
      NativeException.check("getsockopt(SO_ERROR)", C.getsockopt(fd, SOL_SOCKET, SO_ERROR, v, len));
      return v.get(ValueLayout.JAVA_INT, 0);
    }
  }

  /** sendto(2) of {@code data} to {@code address} (port 0 for raw sockets); throws on failure. */
  void sendTo(MemorySegment data, InetAddress address, int port) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(data.byteSize(), 8);
      buf.copyFrom(data);
      MemorySegment sa = SockAddr.allocate(a, address, port, 0);
      long rc = C.sendto(fd, buf, buf.byteSize(), 0, sa, (int) sa.byteSize());
      if (rc < 0) {
        throw new NativeException("sendto(" + address.getHostAddress() + ")", (int) -rc);
      }
    }
  }

  /**
   * One non-blocking recvfrom into {@code buf}; the source address goes to {@code from[0]}.
   *
   * @return bytes received, or -1 when nothing is queued
   */
  int receiveFrom(MemorySegment buf, InetAddress[] from) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment sa = a.allocate(SockAddr.SIZEOF_STORAGE, 8);
      MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, SockAddr.SIZEOF_STORAGE);
      long n = C.recvfrom(fd, buf, buf.byteSize(), MSG_DONTWAIT, sa, len);
      if (n < 0) {
        if (n == -Errno.EAGAIN.number() || n == -Errno.EINTR.number()) {
          return -1;
        }
        throw new NativeException("recvfrom", (int) -n);
      }
      from[0] = SockAddr.address(sa.asSlice(0, Math.min(len.get(ValueLayout.JAVA_INT, 0),
          SockAddr.SIZEOF_STORAGE)));
      return (int) Math.min(n, buf.byteSize());
    }
  }

  /** One entry of the error queue ({@code MSG_ERRQUEUE}) as an IcmpError, or null if empty. */
  IcmpError readErrorQueue() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment data = a.allocate(512, 8);
      MemorySegment name = a.allocate(SockAddr.SIZEOF_STORAGE, 8);
      MemorySegment control = a.allocate(512, 8);
      MemorySegment iov = a.allocate(IoVec.SIZEOF, 8);
      MemorySegment msg = a.allocate(MsgHdr.SIZEOF, 8);
      IoVec.set(iov, 0, data);
      MsgHdr.setName(msg, name, SockAddr.SIZEOF_STORAGE);
      MsgHdr.setIov(msg, iov, 1);
      MsgHdr.setControl(msg, control, control.byteSize());
      long n = C.recvmsg(fd, msg, MSG_ERRQUEUE | MSG_DONTWAIT);
      if (n < 0) {
        return null;
      }
      CMsg.Cursor c = new CMsg.Cursor(control, MsgHdr.controlLength(msg));
      while (c.next()) {
        boolean recverr = (c.level() == IPPROTO_IP && c.type() == IP_RECVERR)
            || (c.level() == IPPROTO_IPV6 && c.type() == IPV6_RECVERR);
        if (recverr && c.data().byteSize() >= SockExtendedErr.SIZEOF) {
          return toIcmpError(c.data());
        }
      }
      return null;
    }
  }

  private static IcmpError toIcmpError(MemorySegment ee) {
    IcmpError.Origin origin = switch (SockExtendedErr.origin(ee)) {
      case SO_EE_ORIGIN_NONE -> IcmpError.Origin.NONE;
      case SO_EE_ORIGIN_LOCAL -> IcmpError.Origin.LOCAL;
      case SO_EE_ORIGIN_ICMP -> IcmpError.Origin.ICMP;
      case SO_EE_ORIGIN_ICMP6 -> IcmpError.Origin.ICMP6;
      default -> IcmpError.Origin.UNKNOWN;
    };
    InetAddress offender = null;
    MemorySegment off = SockExtendedErr.offender(ee);
    if (off.byteSize() >= 2 && SockAddr.family(off) != AF_UNSPEC) {
      offender = SockAddr.address(off);
    }
    return new IcmpError(origin, Errno.valueOf(SockExtendedErr.errno(ee)),
        SockExtendedErr.type(ee), SockExtendedErr.code(ee), SockExtendedErr.info(ee),
        SockExtendedErr.data(ee), offender, 0, false);
  }

  /**
   * Waits until one of {@code fds} has one of {@code events}, or {@code timeoutNanos} passes.
   * Platform threads wait in poll(2); virtual threads poll without waiting and sleep between polls
   * (a blocking downcall would pin the carrier).
   *
   * @return the revents of each descriptor (all 0 on timeout)
   */
  static short[] await(int[] fds, short events, long timeoutNanos) {
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    boolean virtual = Thread.currentThread().isVirtual();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate((long) fds.length * PollFd.SIZEOF, 8);
      while (true) {
        for (int i = 0; i < fds.length; i++) {
          PollFd.set(p, i, fds[i], events);
        }
        long left = deadline - System.nanoTime();
        int waitMs = virtual || left <= 0 ? 0
            : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
        int rc = C.poll(p, fds.length, waitMs);
        if (rc < 0 && rc != -Errno.EINTR.number()) {
          throw new NativeException("poll", -rc);
        }
        short[] rev = new short[fds.length];
        if (rc > 0) {
          for (int i = 0; i < fds.length; i++) {
            rev[i] = PollFd.revents(p, i);
          }
          return rev;
        }
        if (System.nanoTime() >= deadline) {
          return rev;
        }
        if (virtual) {
          try {
            Thread.sleep(1); // parks the virtual thread, frees the carrier
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return rev;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      C.close(fd);
    }
  }
}
