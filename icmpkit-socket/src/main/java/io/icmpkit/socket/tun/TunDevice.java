package io.icmpkit.socket.tun;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.IfReq;
import io.icmpkit.nativeio.struct.PollFd;
import io.icmpkit.socket.internal.FdGuard;
import io.icmpkit.wire.Octets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Linux TUN interface: whole IP packets (IPv4 or IPv6, no link header, no packet-info prefix:
 * {@code IFF_TUN | IFF_NO_PI}) read from and written to the kernel's IP stack. A packet the kernel
 * routes to the interface is {@linkplain #read(MemorySegment) read} here; a packet {@linkplain
 * #write(MemorySegment) written} here is received by the kernel as if it had arrived on the
 * interface. Needs CAP_NET_ADMIN (root).
 *
 * <pre>{@code
 * try (TunDevice tun = TunDevice.open("tun0")) {     // then: ip addr add ... dev tun0; ip link set tun0 up
 *   MemorySegment buf = Arena.ofAuto().allocate(65536);
 *   int n = tun.read(buf, Duration.ofSeconds(1));     // -1 on timeout
 *   tun.write(buf.asSlice(0, n));
 * }
 * }</pre>
 *
 * <p>The interface lives in the network namespace of the thread that opens it, and disappears
 * when the last descriptor of it is closed (it is not made persistent). With {@linkplain
 * Builder#multiQueue(boolean) multi-queue}, opening the same name again attaches another queue
 * (the kernel spreads flows over queues), each its own {@code TunDevice}.
 *
 * <p>The descriptor is non-blocking; waits use {@code poll(2)} (blocking the carrier thread: call
 * from platform threads). {@link #close()} from another thread wakes a blocked read or write (an
 * eventfd is in every poll set), which then throws {@link NativeException} with errno EBADF; the
 * descriptor is closed only when no call uses it any more.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device
 *     driver</a>
 */
public final class TunDevice implements AutoCloseable {
  private static final LibC C = Native.libc();
  /** The largest packet a TUN device carries (the IP total length field's maximum). */
  public static final int MAX_PACKET = 65535;

  /** Settings of a TUN device. */
  public static final class Builder {
    private String name = "";
    private boolean multiQueue;

    private Builder() {}

    /**
     * The interface name (at most 15 bytes; may hold a {@code %d} the kernel fills in); empty for
     * a kernel-assigned {@code tunN}. An existing TUN interface of that name is attached to.
     */
    public Builder name(String name) {
      if (name == null || name.length() >= IFNAMSIZ || !name.chars().allMatch(c -> c > 32 && c < 127
          && c != '/')) {
        throw new IllegalArgumentException("interface name must be 0 to 15 printable ASCII "
            + "characters without '/' or space: " + name);
      }
      this.name = name;
      return this;
    }

    /** {@code IFF_MULTI_QUEUE}: every open of the same name is one more queue. */
    public Builder multiQueue(boolean on) {
      this.multiQueue = on;
      return this;
    }

    /**
     * Opens {@code /dev/net/tun} and creates (or attaches to) the interface, in the calling
     * thread's network namespace. Throws {@link NativeException}: EPERM without CAP_NET_ADMIN,
     * ENOENT without the tun module, EBUSY/EINVAL when the name is a non-TUN interface or flags
     * differ.
     */
    public TunDevice open() {
      return new TunDevice(name, multiQueue);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code builder().name(name).open()}. */
  public static TunDevice open(String name) {
    return builder().name(name).open();
  }

  private final int fd;
  private final int wakeFd;
  private final String name;
  private final int interfaceIndex;
  private final boolean multiQueue;
  private final Arena arena = Arena.ofShared();
  private final FdGuard guard; // in-flight calls, close rule
  private final ReentrantLock rxLock = new ReentrantLock();
  private final ReentrantLock txLock = new ReentrantLock();
  private final MemorySegment rxBuf;
  private final MemorySegment txBuf;
  private final MemorySegment rxPoll;
  private final MemorySegment txPoll;

  private TunDevice(String requested, boolean multiQueue) {
    this.multiQueue = multiQueue;
    int f;
    try (Arena a = Arena.ofConfined()) {
      f = C.open(a.allocateFrom("/dev/net/tun"), O_RDWR | O_NONBLOCK | O_CLOEXEC, 0);
    }
    if (f < 0) {
      arena.close();
      int e = -f;
      throw new NativeException("open(/dev/net/tun)", Errno.valueOf(e),
          e == Errno.ENOENT.number() ? "no TUN support: modprobe tun"
              : e == Errno.EACCES.number() || e == Errno.EPERM.number()
                  ? "TUN devices need root (CAP_NET_ADMIN)" : null);
    }
    this.fd = f;
    int w = C.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w < 0) {
      C.close(fd);
      arena.close();
      throw new NativeException("eventfd", -w);
    }
    this.wakeFd = w;
    this.guard = new FdGuard(w, this::releaseResources);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ifr = IfReq.allocate(a, requested);
      IfReq.setFlags(ifr, (short) (IFF_TUN | IFF_NO_PI | (multiQueue ? IFF_MULTI_QUEUE : 0)));
      int rc = C.ioctl(fd, TUNSETIFF, ifr);
      if (rc < 0) {
        throw new NativeException("ioctl(TUNSETIFF " + (requested.isEmpty() ? "tun%d" : requested)
            + ")", Errno.valueOf(-rc), -rc == Errno.EPERM.number()
                ? "TUN devices need root (CAP_NET_ADMIN)" : null);
      }
      this.name = IfReq.name(ifr);
      int index = C.if_nametoindex(a.allocateFrom(name));
      this.interfaceIndex = NativeException.check("if_nametoindex(" + name + ")", index);
    } catch (RuntimeException | Error e) {
      C.close(fd);
      C.close(wakeFd);
      arena.close();
      throw e;
    }
    rxBuf = arena.allocate(MAX_PACKET + 1, 16);
    txBuf = arena.allocate(MAX_PACKET, 16);
    rxPoll = arena.allocate(2L * PollFd.SIZEOF, 8);
    txPoll = arena.allocate(2L * PollFd.SIZEOF, 8);
  }

  /** The interface name the kernel gave (e.g. {@code tun0}). */
  public String name() {
    return name;
  }

  /** The interface index (in the namespace the device was opened in). */
  public int interfaceIndex() {
    return interfaceIndex;
  }

  public boolean multiQueue() {
    return multiQueue;
  }

  /**
   * Reads one packet into {@code dst}, waiting as long as it takes; returns its length (a packet
   * longer than {@code dst} is cut to it: use 65535 bytes to never cut).
   */
  public int read(MemorySegment dst) {
    return read(dst, null);
  }

  /**
   * Reads one packet into {@code dst}, waiting up to {@code timeout} (null: forever; ZERO: only
   * what is queued); returns its length, or -1 on timeout.
   */
  public int read(MemorySegment dst, Duration timeout) {
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException("read-only destination");
    }
    acquire("read");
    rxLock.lock();
    try {
      long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      // the kernel cuts a packet to the buffer it is given; read into our own when dst is a heap
      // segment (a downcall needs native memory) or small, so the true length is known
      boolean direct = dst.isNative() && dst.byteSize() >= rxBuf.byteSize();
      MemorySegment buf = direct ? dst : rxBuf;
      while (true) {
        if (isClosed()) {
          throw closed("read");
        }
        long n = C.read(fd, buf, Math.min(buf.byteSize(), Integer.MAX_VALUE));
        if (n >= 0) {
          if (!direct) {
            MemorySegment.copy(rxBuf, 0, dst, 0, Math.min(n, dst.byteSize()));
          }
          return (int) Math.min(n, dst.byteSize());
        }
        if (n != -Errno.EAGAIN.number() && n != -Errno.EINTR.number()) {
          throw new NativeException("read(" + name + ")", (int) -n);
        }
        if (!await(rxPoll, POLLIN, deadline, "read")) {
          return -1;
        }
      }
    } finally {
      rxLock.unlock();
      release();
    }
  }

  /** Waits up to {@code timeout} for one packet and returns a copy, or null on timeout. */
  public Octets receive(Duration timeout) {
    acquire("read");
    rxLock.lock(); // reentrant: read() takes it again; rxBuf is ours while we hold it
    try {
      int n = read(rxBuf, timeout);
      return n < 0 ? null : Octets.copyOf(rxBuf, 0, n);
    } finally {
      rxLock.unlock();
      release();
    }
  }

  /**
   * Writes one whole IP packet (the kernel receives it as arriving on this interface); returns
   * its length. The kernel rejects a packet that is not IPv4/IPv6 with EINVAL.
   */
  public int write(MemorySegment packet) {
    long len = packet.byteSize();
    if (len == 0 || len > MAX_PACKET) {
      throw new IllegalArgumentException("packet length must be 1..65535: " + len);
    }
    acquire("write");
    txLock.lock();
    try {
      MemorySegment buf = packet;
      if (!packet.isNative()) {
        MemorySegment.copy(packet, 0, txBuf, 0, len);
        buf = txBuf.asSlice(0, len);
      }
      while (true) {
        if (isClosed()) {
          throw closed("write");
        }
        long n = C.write(fd, buf, len);
        if (n >= 0) {
          return (int) n;
        }
        if (n != -Errno.EAGAIN.number() && n != -Errno.EINTR.number()) {
          throw new NativeException("write(" + name + ")", (int) -n);
        }
        await(txPoll, POLLOUT, Long.MAX_VALUE, "write");
      }
    } finally {
      txLock.unlock();
      release();
    }
  }

  /** {@link #write(MemorySegment)} of {@code packet}'s bytes. */
  public int write(Octets packet) {
    return write(packet.asSegment());
  }

  /** Polls the device and the wake-up eventfd; false on timeout; throws when closed meanwhile. */
  private boolean await(MemorySegment fds, short events, long deadline, String op) {
    long now = System.nanoTime();
    if (now >= deadline) {
      return false;
    }
    long waitMs = deadline == Long.MAX_VALUE ? -1
        : Math.min(Integer.MAX_VALUE, Math.max(1, (deadline - now + 999_999) / 1_000_000));
    PollFd.set(fds, 0, fd, events);
    PollFd.set(fds, 1, wakeFd, POLLIN);
    int rc = C.poll(fds, 2, (int) waitMs);
    if (rc < 0 && rc != -Errno.EINTR.number()) {
      throw new NativeException("poll", -rc);
    }
    if (rc > 0 && PollFd.revents(fds, 1) != 0) {
      throw closed(op);
    }
    return true;
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

  private NativeException closed(String op) {
    return new NativeException(op + "(" + name + ")", Errno.EBADF, "the TUN device is closed");
  }

  public boolean isClosed() {
    return guard.isClosed();
  }

  /**
   * Closes the device (the interface disappears with its last queue); a read or write blocked in
   * another thread returns with EBADF, and the descriptor is closed once it has left. Idempotent.
   */
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

  @Override
  public String toString() {
    return "TunDevice[" + name + ", index " + interfaceIndex + (multiQueue ? ", multi-queue" : "")
        + (isClosed() ? ", closed" : "") + "]";
  }
}
