package io.icmpkit.socket;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.CMsg;
import io.icmpkit.nativeio.struct.IoVec;
import io.icmpkit.nativeio.struct.MsgHdr;
import io.icmpkit.nativeio.struct.PktInfo;
import io.icmpkit.nativeio.struct.PollFd;
import io.icmpkit.nativeio.struct.SockAddr;
import io.icmpkit.nativeio.struct.SockExtendedErr;
import io.icmpkit.nativeio.struct.Timespec;
import io.icmpkit.socket.internal.FdGuard;
import io.icmpkit.wire.Octets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The descriptor, buffers and I/O loop shared by {@link IcmpSocket} and {@link UdpProbeSocket}.
 *
 * <p>Memory: one shared arena per socket holds the receive buffer, control buffer, msghdr, iovec,
 * pollfds and the send buffer; it is closed after the descriptor, when the last operation in
 * flight has left (so no native call ever sees freed memory). Receives are serialised by one lock,
 * sends by another; options use per-call confined arenas.
 *
 * <p>Closing: {@link #close()} marks the socket closed and signals an eventfd that every blocked
 * {@code poll} also waits on, so a receive blocked in another thread returns at once with a {@link
 * NativeException} of errno EBADF; the descriptor itself is closed only when no operation uses it
 * any more (never a close while another thread is inside a call on the same number, which could
 * act on a reused descriptor).
 */
final class SocketCore implements AutoCloseable {
  static final LibC C = Native.libc();
  private static final int RX_SIZE = 65536;
  private static final int CONTROL_SIZE = 1024;
  private static final java.util.Set<Integer> ASYNC_ERRNOS =
      java.util.Set.of(111, 113, 101, 112, 64, 71, 92, 95, 90, 13, 121);

  final int fd;
  final boolean ipv6;
  final int protocol; // IPPROTO_ICMP / ICMPV6 / UDP
  final boolean raw;
  private final int wakeFd;
  private final Arena arena = Arena.ofShared();
  private final FdGuard guard; // in-flight calls, close rule
  private final ReentrantLock rxLock = new ReentrantLock();
  private final ReentrantLock txLock = new ReentrantLock();
  private final MemorySegment rxBuf;
  private final MemorySegment control;
  private final MemorySegment name;
  private final MemorySegment iov;
  private final MemorySegment msg;
  private final MemorySegment pollFds;
  private final MemorySegment txBuf;
  private final MemorySegment txName;
  private final CMsg.Cursor cursor;
  private final DatagramView view;
  /** Receives so far: a view is stale once another receive reused the buffers. */
  private long rxCount;
  private long viewCount = -1;
  /** The last peer of a view, by its raw sockaddr (see {@link DatagramView#peer()}). */
  private final MemorySegment peerName;
  private int peerNameLength = -1;
  private InetAddress peer;
  /** The destination whose sockaddr is in {@code txName} (same object: no rewrite); txLock. */
  private InetAddress txDestination;
  private int txPort = -1;
  private int txLabel;
  private int txNameLength;
  private volatile boolean recvErr;
  private volatile int flowLabel;
  private volatile boolean flowLeased;

  /** Takes ownership of {@code fd} (already non-blocking); closes it if setup fails. */
  SocketCore(int fd, boolean ipv6, int protocol, boolean raw) {
    this.fd = fd;
    this.ipv6 = ipv6;
    this.protocol = protocol;
    this.raw = raw;
    int w = C.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w < 0) {
      C.close(fd);
      arena.close();
      throw new NativeException("eventfd", -w);
    }
    this.wakeFd = w;
    this.guard = new FdGuard(w, this::releaseResources);
    rxBuf = arena.allocate(RX_SIZE, 8);
    control = arena.allocate(CONTROL_SIZE, 8);
    name = arena.allocate(SockAddr.SIZEOF_STORAGE, 8);
    iov = arena.allocate(IoVec.SIZEOF, 8);
    msg = arena.allocate(MsgHdr.SIZEOF, 8);
    pollFds = arena.allocate(2L * PollFd.SIZEOF, 8);
    txBuf = arena.allocate(RX_SIZE, 8);
    txName = arena.allocate(SockAddr.SIZEOF_STORAGE, 8);
    cursor = new CMsg.Cursor(control, 0);
    peerName = arena.allocate(SockAddr.SIZEOF_IN6, 8);
    view = new DatagramView(this, rxBuf);
  }

  // ---- lifecycle ----

  private void acquire(String op) {
    if (!guard.enter()) {
      throw closed(op);
    }
  }

  private void release() {
    guard.leave();
  }

  static NativeException closed(String op) {
    return new NativeException(op, Errno.EBADF, "the socket is closed");
  }

  boolean isClosed() {
    return guard.isClosed();
  }

  @Override
  public void close() {
    guard.close();
  }

  /** Run once by the guard, when closed and no call is in flight. */
  private void releaseResources() {
    C.close(fd);
    C.close(wakeFd);
    arena.close();
  }

  // ---- options ----

  int level() {
    return ipv6 ? IPPROTO_IPV6 : IPPROTO_IP;
  }

  void setInt(String what, int level, int opt, int value) {
    acquire("setsockopt");
    try (Arena a = Arena.ofConfined()) {
      int rc = C.setsockopt(fd, level, opt, a.allocateFrom(ValueLayout.JAVA_INT, value), 4);
      if (rc < 0) {
        throw new NativeException("setsockopt(" + what + ")", Errno.valueOf(-rc), null);
      }
    } finally {
      release();
    }
  }

  int getInt(String what, int level, int opt) {
    acquire("getsockopt");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
      MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, 4);
      int rc = C.getsockopt(fd, level, opt, v, len);
      if (rc < 0) {
        throw new NativeException("getsockopt(" + what + ")", Errno.valueOf(-rc), null);
      }
      return v.get(ValueLayout.JAVA_INT, 0);
    } finally {
      release();
    }
  }

  <T> void setOption(IcmpSocketOption<T> option, T value) {
    Object v = option.cast(value);
    String n = option.name();
    if (option == IcmpSocketOption.TTL) {
      int ttl = range(n, (Integer) v, 1, 255);
      setInt(n, level(), ipv6 ? IPV6_UNICAST_HOPS : IP_TTL, ttl);
    } else if (option == IcmpSocketOption.MULTICAST_TTL) {
      setInt(n, level(), ipv6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL, range(n, (Integer) v, 0, 255));
    } else if (option == IcmpSocketOption.MULTICAST_LOOP) {
      setInt(n, level(), ipv6 ? IPV6_MULTICAST_LOOP : IP_MULTICAST_LOOP, bool(v));
    } else if (option == IcmpSocketOption.TOS) {
      setInt(n, level(), ipv6 ? IPV6_TCLASS : IP_TOS, range(n, (Integer) v, 0, 255));
    } else if (option == IcmpSocketOption.PMTU_DISCOVERY) {
      setInt(n, level(), ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER, ((PmtuMode) v).value);
    } else if (option == IcmpSocketOption.RECVERR) {
      setInt(n, level(), ipv6 ? IPV6_RECVERR : IP_RECVERR, bool(v));
      recvErr = (Boolean) v;
    } else if (option == IcmpSocketOption.RECVERR_RFC4884) {
      setInt(n, level(), ipv6 ? IPV6_RECVERR_RFC4884 : IP_RECVERR_RFC4884, bool(v));
    } else if (option == IcmpSocketOption.RECVTTL) {
      setInt(n, level(), ipv6 ? IPV6_RECVHOPLIMIT : IP_RECVTTL, bool(v));
    } else if (option == IcmpSocketOption.PKTINFO) {
      setInt(n, level(), ipv6 ? IPV6_RECVPKTINFO : IP_PKTINFO, bool(v));
    } else if (option == IcmpSocketOption.TIMESTAMPNS) {
      setInt(n, SOL_SOCKET, SO_TIMESTAMPNS, bool(v));
    } else if (option == IcmpSocketOption.TIMESTAMPING_TX_SOFTWARE) {
      int flags = (Boolean) v ? SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE
          | SOF_TIMESTAMPING_OPT_ID | SOF_TIMESTAMPING_OPT_TSONLY : 0;
      setInt(n, SOL_SOCKET, SO_TIMESTAMPING, flags);
    } else if (option == IcmpSocketOption.BINDTODEVICE) {
      bindToDevice((String) v);
    } else if (option == IcmpSocketOption.MARK) {
      setInt(n, SOL_SOCKET, SO_MARK, (Integer) v);
    } else if (option == IcmpSocketOption.RCVBUF) {
      setInt(n, SOL_SOCKET, SO_RCVBUF, range(n, (Integer) v, 0, Integer.MAX_VALUE));
    } else if (option == IcmpSocketOption.SNDBUF) {
      setInt(n, SOL_SOCKET, SO_SNDBUF, range(n, (Integer) v, 0, Integer.MAX_VALUE));
    } else if (option == IcmpSocketOption.FLOW_LABEL) {
      setFlowLabel(range(n, (Integer) v, 0, 0xFFFFF));
    } else {
      throw new IllegalArgumentException("unsupported option " + option);
    }
  }

  @SuppressWarnings("unchecked")
  <T> T option(IcmpSocketOption<T> option) {
    String n = option.name();
    Object r;
    if (option == IcmpSocketOption.TTL) {
      r = getInt(n, level(), ipv6 ? IPV6_UNICAST_HOPS : IP_TTL);
    } else if (option == IcmpSocketOption.MULTICAST_TTL) {
      r = getInt(n, level(), ipv6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL);
    } else if (option == IcmpSocketOption.MULTICAST_LOOP) {
      r = getInt(n, level(), ipv6 ? IPV6_MULTICAST_LOOP : IP_MULTICAST_LOOP) != 0;
    } else if (option == IcmpSocketOption.TOS) {
      r = getInt(n, level(), ipv6 ? IPV6_TCLASS : IP_TOS);
    } else if (option == IcmpSocketOption.PMTU_DISCOVERY) {
      r = PmtuMode.of(getInt(n, level(), ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER));
    } else if (option == IcmpSocketOption.RECVERR) {
      r = getInt(n, level(), ipv6 ? IPV6_RECVERR : IP_RECVERR) != 0;
    } else if (option == IcmpSocketOption.RECVERR_RFC4884) {
      r = getInt(n, level(), ipv6 ? IPV6_RECVERR_RFC4884 : IP_RECVERR_RFC4884) != 0;
    } else if (option == IcmpSocketOption.RECVTTL) {
      r = getInt(n, level(), ipv6 ? IPV6_RECVHOPLIMIT : IP_RECVTTL) != 0;
    } else if (option == IcmpSocketOption.PKTINFO) {
      r = getInt(n, level(), ipv6 ? IPV6_RECVPKTINFO : IP_PKTINFO) != 0;
    } else if (option == IcmpSocketOption.TIMESTAMPNS) {
      r = getInt(n, SOL_SOCKET, SO_TIMESTAMPNS) != 0;
    } else if (option == IcmpSocketOption.TIMESTAMPING_TX_SOFTWARE) {
      r = (getInt(n, SOL_SOCKET, SO_TIMESTAMPING) & SOF_TIMESTAMPING_TX_SOFTWARE) != 0;
    } else if (option == IcmpSocketOption.BINDTODEVICE) {
      r = boundDevice();
    } else if (option == IcmpSocketOption.MARK) {
      r = getInt(n, SOL_SOCKET, SO_MARK);
    } else if (option == IcmpSocketOption.RCVBUF) {
      r = getInt(n, SOL_SOCKET, SO_RCVBUF);
    } else if (option == IcmpSocketOption.SNDBUF) {
      r = getInt(n, SOL_SOCKET, SO_SNDBUF);
    } else if (option == IcmpSocketOption.FLOW_LABEL) {
      r = flowLabel;
    } else {
      throw new IllegalArgumentException("unsupported option " + option);
    }
    return (T) r;
  }

  private static int range(String n, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(n + " must be in " + lo + ".." + hi + ": " + v);
    }
    return v;
  }

  private static int bool(Object v) {
    return ((Boolean) v) ? 1 : 0;
  }

  private void bindToDevice(String dev) {
    byte[] b = dev.getBytes(StandardCharsets.US_ASCII);
    if (b.length >= IFNAMSIZ) {
      throw new IllegalArgumentException("device name longer than 15 bytes: " + dev);
    }
    acquire("setsockopt");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(IFNAMSIZ);
      MemorySegment.copy(b, 0, v, ValueLayout.JAVA_BYTE, 0, b.length);
      int rc = C.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, v, b.length == 0 ? 0 : b.length + 1);
      if (rc < 0) {
        throw new NativeException("setsockopt(BINDTODEVICE " + dev + ")", Errno.valueOf(-rc), null);
      }
    } finally {
      release();
    }
  }

  private String boundDevice() {
    acquire("getsockopt");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(IFNAMSIZ);
      MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, IFNAMSIZ);
      NativeException.check("getsockopt(BINDTODEVICE)",
          C.getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, v, len));
      int l = len.get(ValueLayout.JAVA_INT, 0);
      return l == 0 ? "" : v.getString(0, StandardCharsets.US_ASCII);
    } finally {
      release();
    }
  }

  private void setFlowLabel(int label) {
    if (!ipv6) {
      throw new IllegalArgumentException("FLOW_LABEL is an IPv6 option");
    }
    setInt("IPV6_FLOWINFO_SEND", IPPROTO_IPV6, IPV6_FLOWINFO_SEND, label != 0 ? 1 : 0);
    flowLabel = label;
    flowLeased = false; // leased on the next send: the kernel wants a destination with the lease
  }

  /** Leases the flow label ({@code IPV6_FLOWLABEL_MGR}, IPV6_FL_A_GET + CREATE) for a send. */
  private void leaseFlowLabel(int label, InetAddress destination) {
    try (Arena a = Arena.ofConfined()) {
      // struct in6_flowlabel_req: in6_addr dst; __be32 label; u8 action, share; u16 flags,
      // expires, linger; u32 pad (32 bytes)
      MemorySegment req = a.allocate(32, 4);
      MemorySegment.copy(destination.getAddress(), 0, req, ValueLayout.JAVA_BYTE, 0, 16);
      req.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 16, label);
      req.set(ValueLayout.JAVA_BYTE, 20, (byte) IPV6_FL_A_GET);
      req.set(ValueLayout.JAVA_BYTE, 21, (byte) IPV6_FL_S_ANY);
      req.set(ValueLayout.JAVA_SHORT, 22, (short) IPV6_FL_F_CREATE);
      int rc = C.setsockopt(fd, IPPROTO_IPV6, IPV6_FLOWLABEL_MGR, req, 32);
      if (rc < 0) {
        throw new NativeException("setsockopt(IPV6_FLOWLABEL_MGR)", Errno.valueOf(-rc), null);
      }
    }
    flowLeased = true;
  }

  // ---- addresses ----

  void bind(InetAddress address, int port) {
    checkFamily(address);
    acquire("bind");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment sa = SockAddr.allocate(a, address, port, 0);
      int rc = C.bind(fd, sa, (int) sa.byteSize());
      if (rc < 0) {
        throw new NativeException("bind(" + address.getHostAddress() + ")", Errno.valueOf(-rc), null);
      }
    } finally {
      release();
    }
  }

  void connect(InetAddress address, int port) {
    checkFamily(address);
    acquire("connect");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment sa = SockAddr.allocate(a, address, port, 0);
      int rc = C.connect(fd, sa, (int) sa.byteSize());
      if (rc < 0) {
        throw new NativeException("connect(" + address.getHostAddress() + ")", Errno.valueOf(-rc), null);
      }
    } finally {
      release();
    }
  }

  /** getsockname: [address, port]. */
  Object[] localName() {
    acquire("getsockname");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment sa = a.allocate(SockAddr.SIZEOF_STORAGE, 8);
      MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, SockAddr.SIZEOF_STORAGE);
      NativeException.check("getsockname", C.getsockname(fd, sa, len));
      return new Object[] {SockAddr.address(sa), SockAddr.port(sa)};
    } finally {
      release();
    }
  }

  void checkFamily(InetAddress address) {
    if ((address instanceof Inet6Address) != ipv6) {
      throw new IllegalArgumentException("address " + address.getHostAddress() + " is not "
          + (ipv6 ? "IPv6" : "IPv4") + " like this socket");
    }
  }

  // ---- send ----

  int send(MemorySegment data, InetAddress destination, int port) {
    checkFamily(destination);
    if (data.byteSize() > txBuf.byteSize()) {
      throw new IllegalArgumentException("datagram longer than 65536 bytes: " + data.byteSize());
    }
    acquire("sendto");
    txLock.lock();
    try {
      int label = ipv6 ? flowLabel : 0;
      if (label != 0 && !flowLeased) {
        leaseFlowLabel(label, destination);
      }
      MemorySegment.copy(data, 0, txBuf, 0, data.byteSize());
      if (destination != txDestination || port != txPort || label != txLabel) {
        txNameLength = SockAddr.write(txName, destination, port, label);
        txDestination = destination;
        txPort = port;
        txLabel = label;
      }
      int nameLen = txNameLength;
      long rc = C.sendto(fd, txBuf, data.byteSize(), 0, txName, nameLen);
      if (rc < 0 && recvErr && ASYNC_ERRNOS.contains((int) -rc)) {
        // a pending asynchronous error (an ICMP error about an earlier datagram, also queued on
        // the error queue) was reported instead of sending: it is now cleared, send again
        rc = C.sendto(fd, txBuf, data.byteSize(), 0, txName, nameLen);
      }
      if (rc < 0) {
        throw new NativeException("sendto(" + destination.getHostAddress() + ")",
            Errno.valueOf((int) -rc), null);
      }
      return (int) rc;
    } finally {
      txLock.unlock();
      release();
    }
  }

  /**
   * sendmmsg(2) of the first {@code count} entries of a caller-built {@code mmsghdr} array: the
   * number sent, or {@code -errno} when the first one fails (no exception: the caller decides
   * which errors are transient).
   */
  int sendBatch(MemorySegment msgvec, int count) {
    acquire("sendmmsg");
    try {
      return C.sendmmsg(fd, msgvec, count, 0);
    } finally {
      release();
    }
  }

  /**
   * Non-blocking recvmmsg(2) of the normal queue into up to {@code count} entries of a
   * caller-built {@code mmsghdr} array: the number received, 0 when the queue is empty, or
   * {@code -errno} (a pending socket error is reported this way once).
   */
  int receiveBatch(MemorySegment msgvec, int count) {
    acquire("recvmmsg");
    try {
      int n = C.recvmmsg(fd, msgvec, count, MSG_DONTWAIT, MemorySegment.NULL);
      return n == -Errno.EAGAIN.number() ? 0 : n;
    } finally {
      release();
    }
  }

  // ---- receive ----

  /**
   * One non-blocking read of the normal queue, for a poller that saw the descriptor readable: the
   * datagram, or null when the queue is empty. A pending socket error (reported instead of data)
   * is cleared and, with RECVERR, its error-queue entry returned. Never waits, never polls.
   */
  ReceivedDatagram tryReceive() {
    acquire("recvmsg");
    rxLock.lock();
    try {
      for (int i = 0; i < 4; i++) { // each pending error is reported once: bounded
        long n = recv(0);
        if (n >= 0) {
          return parse(n, false);
        }
        if (n == -Errno.EAGAIN.number()) {
          return null;
        }
        if (n != -Errno.EINTR.number() && recvErr) {
          ReceivedDatagram e = tryErrorQueue();
          if (e != null) {
            return e;
          }
        }
      }
      return null;
    } finally {
      rxLock.unlock();
      release();
    }
  }

  /**
   * {@link #tryReceive()} without the copy: the datagram stays in the receive buffer, seen through
   * the socket's one {@link DatagramView}; null when the queue is empty. {@code errorQueue}: read
   * the error queue ({@code MSG_ERRQUEUE}) instead of the normal queue.
   */
  DatagramView tryReceiveView(boolean errorQueue) {
    acquire("recvmsg");
    rxLock.lock();
    try {
      for (int i = 0; i < 4; i++) { // each pending error is reported once: bounded
        long n = recv(errorQueue ? MSG_ERRQUEUE : 0);
        if (n >= 0) {
          return fillView(n, errorQueue);
        }
        if (n == -Errno.EAGAIN.number() || errorQueue) {
          return null;
        }
        if (n != -Errno.EINTR.number() && recvErr) {
          // a pending socket error was reported instead of data: its entry is on the error queue
          n = recv(MSG_ERRQUEUE);
          if (n >= 0) {
            return fillView(n, true);
          }
        }
      }
      return null;
    } finally {
      rxLock.unlock();
      release();
    }
  }

  private DatagramView fillView(long n, boolean errorQueue) {
    DatagramView v = view;
    viewCount = rxCount;
    int len = (int) Math.min(n, rxBuf.byteSize());
    v.length = len;
    v.errorQueue = errorQueue;
    v.truncated = (MsgHdr.flags(msg) & MSG_TRUNC) != 0;
    v.timestamp = -1;
    v.ttl = -1;
    v.origin = -1;
    v.errorData = 0;
    cursor.reset(control, MsgHdr.controlLength(msg));
    while (cursor.next()) {
      int level = cursor.level();
      int type = cursor.type();
      long off = cursor.dataOffset();
      long size = cursor.dataLength();
      if (level == SOL_SOCKET && type == SCM_TIMESTAMPNS && size >= Timespec.SIZEOF) {
        v.timestamp = Timespec.nanos(control, off);
      } else if (level == SOL_SOCKET && type == SCM_TIMESTAMPING && size >= 48) {
        if (!Timespec.isZero(control, off)) {
          v.timestamp = Timespec.nanos(control, off); // ts[0]: software
        } else if (!Timespec.isZero(control, off + 32)) {
          v.timestamp = Timespec.nanos(control, off + 32); // ts[2]: hardware
        }
      } else if (((level == IPPROTO_IP && type == IP_TTL) || (level == IPPROTO_IPV6
          && type == IPV6_HOPLIMIT)) && size >= 4) {
        v.ttl = control.get(ValueLayout.JAVA_INT_UNALIGNED, off);
      } else if (((level == IPPROTO_IP && type == IP_RECVERR)
          || (level == IPPROTO_IPV6 && type == IPV6_RECVERR)) && size >= SockExtendedErr.SIZEOF) {
        v.origin = Byte.toUnsignedInt(control.get(ValueLayout.JAVA_BYTE, off + 4));
        v.errorData = Integer.toUnsignedLong(control.get(ValueLayout.JAVA_INT_UNALIGNED, off + 12));
      }
    }
    int offset = 0;
    if (!errorQueue && raw && !ipv6 && protocol == IPPROTO_ICMP && len >= 20) {
      offset = Math.min(len, (rxBuf.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4);
    }
    v.payloadOffset = offset;
    return v;
  }

  /** The view's peer, reusing the last address object while the raw sockaddr is the same. */
  InetAddress viewPeer() {
    checkView();
    int len = Math.min(MsgHdr.nameLength(msg), SockAddr.SIZEOF_IN6);
    if (len <= 0) {
      return null;
    }
    if (len != peerNameLength
        || MemorySegment.mismatch(name, 0, len, peerName, 0, len) != -1) {
      peer = SockAddr.address(name.asSlice(0, len));
      MemorySegment.copy(name, 0, peerName, 0, len);
      peerNameLength = len;
    }
    return peer;
  }

  ReceivedDatagram viewDatagram(DatagramView v) {
    checkView();
    return parse(v.length, v.errorQueue);
  }

  private void checkView() {
    if (viewCount != rxCount) {
      throw new IllegalStateException("the view is stale: the socket received again since");
    }
  }

  /**
   * Waits up to {@code timeout} (ZERO: do not wait; null: forever) for a datagram or an error
   * queue entry (errors first); null on timeout.
   */
  ReceivedDatagram receive(Duration timeout, boolean errorsOnly) {
    acquire("recvmsg");
    rxLock.lock();
    try {
      long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      while (true) {
        if (isClosed()) {
          throw closed("recvmsg");
        }
        if (!errorsOnly) {
          long n = recv(0);
          if (n >= 0) {
            return parse(n, false);
          }
          if (n != -Errno.EAGAIN.number() && n != -Errno.EINTR.number()) {
            // a pending socket error (sk_err) is reported before data; with RECVERR the details
            // are on the error queue, without it there is nothing more to say: go on
            ReceivedDatagram e = recvErr ? tryErrorQueue() : null;
            if (e != null) {
              return e;
            }
            continue;
          }
        }
        ReceivedDatagram e = tryErrorQueue();
        if (e != null) {
          return e;
        }
        long now = System.nanoTime();
        if (now >= deadline) {
          return null;
        }
        long waitMs = deadline == Long.MAX_VALUE ? -1
            : Math.min(Integer.MAX_VALUE, Math.max(1, (deadline - now + 999_999) / 1_000_000));
        PollFd.set(pollFds, 0, fd, errorsOnly ? 0 : POLLIN);
        PollFd.set(pollFds, 1, wakeFd, POLLIN);
        int rc = C.poll(pollFds, 2, (int) waitMs);
        if (rc < 0 && rc != -Errno.EINTR.number()) {
          throw new NativeException("poll", -rc);
        }
        if (rc > 0 && PollFd.revents(pollFds, 1) != 0) {
          throw closed("recvmsg");
        }
        if (rc > 0 && (PollFd.revents(pollFds, 0) & POLLNVAL) != 0) {
          throw closed("recvmsg");
        }
      }
    } finally {
      rxLock.unlock();
      release();
    }
  }

  private ReceivedDatagram tryErrorQueue() {
    long n = recv(MSG_ERRQUEUE);
    if (n >= 0) {
      return parse(n, true);
    }
    return null; // EAGAIN: queue empty
  }

  private long recv(int flags) {
    rxCount++;
    IoVec.set(iov, 0, rxBuf);
    MsgHdr.setName(msg, name, SockAddr.SIZEOF_STORAGE);
    MsgHdr.setIov(msg, iov, 1);
    MsgHdr.setControl(msg, control, CONTROL_SIZE);
    MsgHdr.setFlags(msg, 0);
    return C.recvmsg(fd, msg, flags | MSG_DONTWAIT);
  }

  private ReceivedDatagram parse(long n, boolean errorQueue) {
    int flags = MsgHdr.flags(msg);
    int len = (int) Math.min(n, rxBuf.byteSize());
    Octets data = Octets.copyOf(rxBuf, 0, len);
    int nameLen = MsgHdr.nameLength(msg);
    InetAddress peer = nameLen > 0
        ? SockAddr.address(name.asSlice(0, Math.min(nameLen, SockAddr.SIZEOF_STORAGE))) : null;
    int ttl = -1;
    long ts = -1;
    int ifindex = -1;
    InetAddress dst = null;
    IcmpError error = null;
    cursor.reset(control, MsgHdr.controlLength(msg));
    while (cursor.next()) {
      int level = cursor.level();
      int type = cursor.type();
      MemorySegment d = cursor.data();
      if (level == SOL_SOCKET && type == SCM_TIMESTAMPNS && d.byteSize() >= Timespec.SIZEOF) {
        ts = Timespec.nanos(d, 0);
      } else if (level == SOL_SOCKET && type == SCM_TIMESTAMPING && d.byteSize() >= 48) {
        if (!Timespec.isZero(d, 0)) {
          ts = Timespec.nanos(d, 0); // ts[0]: software
        } else if (!Timespec.isZero(d, 32)) {
          ts = Timespec.nanos(d, 32); // ts[2]: hardware
        }
      } else if (level == IPPROTO_IP && type == IP_TTL && d.byteSize() >= 4) {
        ttl = d.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
      } else if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT && d.byteSize() >= 4) {
        ttl = d.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
      } else if (level == IPPROTO_IP && type == IP_PKTINFO && d.byteSize() >= PktInfo.SIZEOF_IN) {
        ifindex = PktInfo.ifindex4(d);
        dst = PktInfo.destination4(d);
      } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO
          && d.byteSize() >= PktInfo.SIZEOF_IN6) {
        ifindex = PktInfo.ifindex6(d);
        dst = PktInfo.destination6(d);
      } else if (((level == IPPROTO_IP && type == IP_RECVERR)
          || (level == IPPROTO_IPV6 && type == IPV6_RECVERR))
          && d.byteSize() >= SockExtendedErr.SIZEOF) {
        error = extendedError(d);
      }
    }
    if (errorQueue && error == null) {
      error = new IcmpError(IcmpError.Origin.UNKNOWN, Errno.valueOf(0), 0, 0, 0, 0, null, 0, false);
    }
    int offset = 0;
    if (!errorQueue && raw && !ipv6 && protocol == IPPROTO_ICMP && len >= 20) {
      offset = Math.min(len, (data.get(0) & 0x0f) * 4); // raw ICMPv4 delivers the IP header
    }
    return new ReceivedDatagram(data, offset, peer, ttl, ts, ifindex, dst,
        (flags & MSG_TRUNC) != 0, error);
  }

  private static IcmpError extendedError(MemorySegment ee) {
    IcmpError.Origin origin = IcmpError.Origin.of(SockExtendedErr.origin(ee));
    boolean icmp = origin == IcmpError.Origin.ICMP || origin == IcmpError.Origin.ICMP6;
    InetAddress offender = null;
    MemorySegment off = SockExtendedErr.offender(ee);
    if (off.byteSize() >= 2 && SockAddr.family(off) != AF_UNSPEC) {
      offender = SockAddr.address(off);
    }
    int rfcLen = icmp ? SockExtendedErr.rfc4884Length(ee) : 0;
    boolean rfcInvalid = icmp
        && (SockExtendedErr.rfc4884Flags(ee) & SO_EE_RFC4884_FLAG_INVALID) != 0;
    return new IcmpError(origin, Errno.valueOf(SockExtendedErr.errno(ee)),
        SockExtendedErr.type(ee), SockExtendedErr.code(ee), SockExtendedErr.info(ee),
        SockExtendedErr.data(ee), offender, rfcLen, rfcInvalid);
  }
}
