package io.icmpkit.socket;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.wire.Octets;
import java.io.BufferedReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An ICMP (IPv4) or ICMPv6 socket, of one of two kinds chosen at {@linkplain #open open} time.
 *
 * <ul>
 *   <li>{@link Kind#DATAGRAM} — the Linux "ping socket" ({@code SOCK_DGRAM} +
 *       {@code IPPROTO_ICMP}/{@code IPPROTO_ICMPV6}): needs no privilege when the caller's group
 *       is inside {@code net.ipv4.ping_group_range} (this sysctl also governs ICMPv6). It sends and
 *       receives echo messages only; the kernel owns the identifier (the socket's bound "port",
 *       see {@link #identifier()}) and the checksum, and delivers only replies matching the
 *       identifier, without the IP header.
 *   <li>{@link Kind#RAW} — {@code SOCK_RAW}: needs CAP_NET_RAW; sends any type, code and
 *       identifier; receives every ICMP message reaching the host (narrow it with {@link
 *       #passOnly(int...)}, which installs {@code ICMP_FILTER} / {@code ICMP6_FILTER}). ICMPv4 raw
 *       sockets deliver the IP header too ({@link ReceivedDatagram#payloadOffset()}); for raw
 *       ICMPv4 the caller fills the checksum ({@code ChecksumPolicy.FILL}), for ICMPv6 the kernel
 *       does.
 *   <li>{@link Kind#AUTO} — datagram first, raw if the datagram socket is refused with EACCES,
 *       EPROTONOSUPPORT or EAFNOSUPPORT (as iputils ping does); if both fail, a {@link
 *       NativeException} whose message says exactly what to do.
 * </ul>
 *
 * <p>Descriptors are non-blocking; {@link #receive(Duration)} waits in {@code poll(2)} (a blocking
 * native call: use platform threads, or one receive loop per socket). {@link #close()} from another
 * thread wakes a blocked receive, which then throws a {@link NativeException} with EBADF. All
 * failures are {@link NativeException}s naming the call and errno.
 *
 * <pre>{@code
 * try (IcmpSocket s = IcmpSocket.open(StandardProtocolFamily.INET, IcmpSocket.Kind.AUTO)) {
 *   s.setOption(IcmpSocketOption.TIMESTAMPNS, true);
 *   s.send(echoRequestBytes, target);
 *   ReceivedDatagram r = s.receive(Duration.ofSeconds(1));   // null on timeout
 * }
 * }</pre>
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/icmp.7.html">icmp(7)</a>
 * @see <a href="https://lwn.net/Articles/422330/">ICMP sockets (ping sockets), LWN</a>
 */
public final class IcmpSocket implements AutoCloseable {
  /** The socket kind. */
  public enum Kind {
    /** Unprivileged ping socket ({@code SOCK_DGRAM}). */
    DATAGRAM,
    /** Raw socket ({@code SOCK_RAW}), needs CAP_NET_RAW. */
    RAW,
    /** Datagram when allowed, else raw; only a request, never the kind of an open socket. */
    AUTO
  }

  private final SocketCore core;
  private final Kind kind;

  private IcmpSocket(SocketCore core, Kind kind) {
    this.core = core;
    this.kind = kind;
  }

  /**
   * Opens an ICMP socket of {@code family} ({@link StandardProtocolFamily#INET} for ICMPv4,
   * {@link StandardProtocolFamily#INET6} for ICMPv6).
   *
   * @throws NativeException when the kernel refuses; for {@link Kind#AUTO} (and permission
   *     errors of the other kinds) the message says what to change
   */
  public static IcmpSocket open(ProtocolFamily family, Kind kind) {
    boolean v6 = switch (family) {
      case StandardProtocolFamily.INET -> false;
      case StandardProtocolFamily.INET6 -> true;
      default -> throw new IllegalArgumentException("ICMP sockets are INET or INET6: " + family);
    };
    int domain = v6 ? AF_INET6 : AF_INET;
    int proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
    int flags = SOCK_NONBLOCK | SOCK_CLOEXEC;
    switch (kind) {
      case DATAGRAM -> {
        int fd = SocketCore.C.socket(domain, SOCK_DGRAM | flags, proto);
        if (fd < 0) {
          throw new NativeException("socket(ICMP datagram)", Errno.valueOf(-fd),
              -fd == Errno.EACCES.number() ? datagramHint() : null);
        }
        return new IcmpSocket(new SocketCore(fd, v6, proto, false), Kind.DATAGRAM);
      }
      case RAW -> {
        int fd = SocketCore.C.socket(domain, SOCK_RAW | flags, proto);
        if (fd < 0) {
          boolean perm = -fd == Errno.EPERM.number() || -fd == Errno.EACCES.number();
          throw new NativeException("socket(ICMP raw)", Errno.valueOf(-fd),
              perm ? "a raw ICMP socket needs CAP_NET_RAW: " + rawHint() : null);
        }
        return new IcmpSocket(new SocketCore(fd, v6, proto, true), Kind.RAW);
      }
      case AUTO -> {
        int fd = SocketCore.C.socket(domain, SOCK_DGRAM | flags, proto);
        if (fd >= 0) {
          return new IcmpSocket(new SocketCore(fd, v6, proto, false), Kind.DATAGRAM);
        }
        int dgramErrno = -fd;
        if (dgramErrno != Errno.EACCES.number() && dgramErrno != Errno.EPROTONOSUPPORT.number()
            && dgramErrno != Errno.EAFNOSUPPORT.number()) {
          throw new NativeException("socket(ICMP datagram)", dgramErrno);
        }
        int rfd = SocketCore.C.socket(domain, SOCK_RAW | flags, proto);
        if (rfd >= 0) {
          return new IcmpSocket(new SocketCore(rfd, v6, proto, true), Kind.RAW);
        }
        throw new NativeException("socket(ICMP)", Errno.valueOf(-rfd),
            autoHint(Errno.valueOf(dgramErrno), Errno.valueOf(-rfd)));
      }
    }
    throw new AssertionError(kind);
  }

  /** The text of the AUTO failure: what was refused and the three ways out. */
  static String autoHint(Errno dgram, Errno raw) {
    int gid = SocketCore.C.getgid();
    return "cannot open an ICMP socket. The unprivileged ping socket was refused (" + dgram.name()
        + "): group " + gid + " is outside net.ipv4.ping_group_range (now \"" + pingGroupRange()
        + "\"), and the raw socket was refused (" + raw.name() + ") without CAP_NET_RAW. Do one of:"
        + " (1) allow your group: sudo sysctl -w net.ipv4.ping_group_range=\"" + gid + " " + gid
        + "\" (add it to /etc/sysctl.d/ to keep it);"
        + " (2) grant the capability to the JVM: sudo setcap cap_net_raw+ep " + javaBinary() + ";"
        + " (3) run as root.";
  }

  /**
   * The failure of {@link Kind#AUTO} for a caller that tried the two kinds itself (a raw socket
   * first, as traceroute does): the same message, with the three ways out.
   */
  public static NativeException refused(Errno datagram, Errno raw) {
    return new NativeException("socket(ICMP)", raw, autoHint(datagram, raw));
  }

  private static String datagramHint() {
    int gid = SocketCore.C.getgid();
    return "group " + gid + " is outside net.ipv4.ping_group_range (now \"" + pingGroupRange()
        + "\"): sudo sysctl -w net.ipv4.ping_group_range=\"" + gid + " " + gid + "\"";
  }

  private static String rawHint() {
    return "sudo setcap cap_net_raw+ep " + javaBinary() + ", or run as root";
  }

  /**
   * The sysctl as one line, "1 0". One read: an integer sysctl answers a read at a non-zero offset
   * with end of file, and {@code Files.readString} reads a size-0 /proc file a byte at a time first.
   */
  static String pingGroupRange() {
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ping_group_range"))) {
      String line = r.readLine();
      return line == null ? "empty" : line.trim().replaceAll("\\s+", " ");
    } catch (Exception e) {
      return "unreadable";
    }
  }

  private static String javaBinary() {
    Path p = Path.of(System.getProperty("java.home"), "bin", "java");
    try {
      return p.toRealPath().toString(); // setcap needs the real file, not a symlink
    } catch (Exception e) {
      return p.toString();
    }
  }

  /** {@link Kind#DATAGRAM} or {@link Kind#RAW}: what was opened. */
  public Kind kind() {
    return kind;
  }

  /** Whether this is an ICMPv6 socket. */
  public boolean isIpv6() {
    return core.ipv6;
  }

  /** The file descriptor, for a poller that multiplexes sockets; never close it directly. */
  public int fd() {
    return core.fd;
  }

  /** Sets an option; see {@link IcmpSocketOption} for types and effects. */
  public <T> IcmpSocket setOption(IcmpSocketOption<T> option, T value) {
    core.setOption(option, value);
    return this;
  }

  /** Reads an option back from the kernel. */
  public <T> T option(IcmpSocketOption<T> option) {
    return core.option(option);
  }

  /**
   * Binds the source address (and for datagram sockets the identifier: 0 lets the kernel choose;
   * a non-zero identifier is the socket's echo identifier).
   */
  public IcmpSocket bind(InetAddress source, int identifier) {
    core.bind(source, kind == Kind.DATAGRAM ? identifier : 0);
    return this;
  }

  /** {@link #bind(InetAddress, int)} with identifier 0. */
  public IcmpSocket bind(InetAddress source) {
    return bind(source, 0);
  }

  /**
   * The echo identifier the kernel uses for this datagram socket (its bound port), 0 before the
   * first bind or send; raw sockets have none (-1).
   */
  public int identifier() {
    return kind == Kind.DATAGRAM ? (Integer) core.localName()[1] : -1;
  }

  /** The bound local address (the any address when unbound). */
  public InetAddress localAddress() {
    return (InetAddress) core.localName()[0];
  }

  /**
   * Sends one ICMP message (type, code, checksum, rest: no IP header) to {@code destination}.
   * Datagram sockets accept echo requests only and overwrite identifier and checksum.
   *
   * @return bytes sent
   */
  public int send(MemorySegment message, InetAddress destination) {
    return core.send(message, destination, 0);
  }

  /** {@link #send(MemorySegment, InetAddress)} of a byte array. */
  public int send(byte[] message, InetAddress destination) {
    return send(MemorySegment.ofArray(message), destination);
  }

  /** {@link #send(MemorySegment, InetAddress)} of {@link Octets}. */
  public int send(Octets message, InetAddress destination) {
    return send(message.asSegment(), destination);
  }

  /**
   * The next datagram or error-queue entry (errors are returned too, with {@link
   * ReceivedDatagram#error()} set, so that one loop sees everything), waiting up to
   * {@code timeout} ({@link Duration#ZERO}: do not wait; null: wait until one arrives or the
   * socket is closed).
   *
   * @return the datagram, or null on timeout
   * @throws NativeException EBADF when the socket is (or gets) closed
   */
  public ReceivedDatagram receive(Duration timeout) {
    return core.receive(timeout, false);
  }

  /**
   * One non-blocking read of the normal queue (no error queue, no wait): the next datagram, or
   * null when none is queued. For pollers: read while the descriptor is readable, and read the
   * error queue with {@code receiveError(Duration.ZERO)} when it reports an error condition. One
   * system call per datagram, one more for the empty queue.
   *
   * @throws NativeException EBADF when the socket is closed
   */
  public ReceivedDatagram tryReceive() {
    return core.tryReceive();
  }

  /**
   * {@link #tryReceive()} (or, with {@code errorQueue}, one non-blocking read of the error queue)
   * without copying or allocating: the datagram is seen in place through this socket's one
   * {@link DatagramView}, valid until the next receive; null when the queue is empty. For a
   * poller's hot loop: one system call per datagram.
   *
   * @throws NativeException EBADF when the socket is closed
   */
  public DatagramView tryReceiveView(boolean errorQueue) {
    return core.tryReceiveView(errorQueue);
  }

  /**
   * Sends a batch with one sendmmsg(2): the first {@code count} entries of {@code msgvec}, an
   * array of {@code struct mmsghdr} ({@link io.icmpkit.nativeio.struct.MMsgHdr}) that the caller
   * builds in native memory (destination names, iovecs, ICMP messages as for {@link #send}). No
   * copy, no allocation: for senders of many probes.
   *
   * @return the number of messages sent (each entry's {@code msg_len} set), or {@code -errno}
   *     when the first message failed (EAGAIN/ENOBUFS when the send buffer is full)
   * @throws NativeException EBADF when the socket is closed
   */
  public int sendBatch(MemorySegment msgvec, int count) {
    checkBatch(msgvec, count);
    return core.sendBatch(msgvec, count);
  }

  /**
   * Reads up to {@code count} queued datagrams with one non-blocking recvmmsg(2) into a
   * caller-built {@code struct mmsghdr} array (buffers, names, control buffers reused across
   * calls). Raw IPv4 sockets deliver the IP header too. The error queue is not read.
   *
   * @return the number of datagrams received (each entry's {@code msg_len}, {@code msg_namelen},
   *     {@code msg_controllen} and {@code msg_flags} set), 0 when none is queued, or
   *     {@code -errno} for a pending socket error (reported once)
   * @throws NativeException EBADF when the socket is closed
   */
  public int receiveBatch(MemorySegment msgvec, int count) {
    checkBatch(msgvec, count);
    return core.receiveBatch(msgvec, count);
  }

  private static void checkBatch(MemorySegment msgvec, int count) {
    if (count < 1 || count > 1024 || msgvec.byteSize() < (long) count * 64 || !msgvec.isNative()) {
      throw new IllegalArgumentException("need 1..1024 mmsghdr entries in native memory: " + count);
    }
  }

  /** The next error-queue entry only ({@code MSG_ERRQUEUE}); null on timeout. */
  public ReceivedDatagram receiveError(Duration timeout) {
    return core.receive(timeout, true);
  }

  /**
   * Raw sockets: lets only ICMP messages of {@code types} through (kernel filter: {@code
   * ICMP_FILTER}, whose mask covers ICMPv4 types 0-31 only, higher types always pass;
   * {@code ICMP6_FILTER} for all 256 ICMPv6 types). No types: pass everything again.
   */
  public IcmpSocket passOnly(int... types) {
    if (kind != Kind.RAW) {
      throw new IllegalStateException("ICMP filters apply to raw sockets only");
    }
    try (Arena a = Arena.ofConfined()) {
      if (!core.ipv6) {
        int mask = types.length == 0 ? 0 : ~0;
        for (int t : types) {
          if (t < 0 || t > 255) {
            throw new IllegalArgumentException("ICMP type out of range: " + t);
          }
          if (t < 32) {
            mask &= ~(1 << t);
          }
        }
        core.setInt("ICMP_FILTER", SOL_RAW, ICMP_FILTER, mask);
      } else {
        MemorySegment f = a.allocate(32, 4);
        if (types.length > 0) {
          f.fill((byte) 0xff); // bit set = blocked
          for (int t : types) {
            if (t < 0 || t > 255) {
              throw new IllegalArgumentException("ICMPv6 type out of range: " + t);
            }
            long off = (t >> 5) * 4L;
            f.set(ValueLayout.JAVA_INT, off, f.get(ValueLayout.JAVA_INT, off) & ~(1 << (t & 31)));
          }
        }
        int rc = SocketCore.C.setsockopt(core.fd, IPPROTO_ICMPV6, ICMP6_FILTER, f, 32);
        if (rc < 0) {
          throw new NativeException("setsockopt(ICMP6_FILTER)", -rc);
        }
      }
    }
    return this;
  }

  /**
   * Raw sockets: a send-only socket, as far as the kernel filter goes (every type it covers is
   * blocked: ICMPv4 types 32-255 still pass, see {@link #passOnly}). Every raw ICMP socket gets a
   * copy of every ICMP message; a second sending socket need not read them all again.
   */
  public IcmpSocket passNone() {
    return passOnly(255); // type 255 is reserved (RFC 4443 and the IANA ICMPv4 registry)
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return core.isClosed();
  }

  /** Closes the socket; wakes receives blocked in other threads. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "IcmpSocket[" + (core.ipv6 ? "ICMPv6 " : "ICMPv4 ") + kind + " fd=" + core.fd
        + (isClosed() ? " closed" : "") + "]";
  }
}
