package io.icmpkit.nativeio.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.icmpkit.nativeio.lib.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@link LibC} through the Foreign Function &amp; Memory API.
 *
 * <h2>errno rule</h2>
 * Every handle that can fail is linked with {@code Linker.Option.captureCallState("errno")}: the
 * JVM copies errno into a capture segment <em>immediately</em> after the C call returns, before any
 * other code (the JIT, the GC, another downcall) can overwrite it. The capture segment is
 * <b>per thread</b> ({@link #CAPTURE}, allocated once per thread in an automatic arena), never a
 * shared static segment: two threads failing at the same time each read their own errno. The
 * result and errno are combined right away into the {@link LibC} return convention (result or
 * {@code -errno}).
 *
 * <h2>Arena rules</h2>
 * <ul>
 *   <li>This class allocates nothing per call except the per-thread capture segment (once).
 *   <li>Memory a call reads or writes (addresses, buffers, {@code msghdr}) belongs to the caller:
 *       short-lived memory in a per-call {@code Arena.ofConfined()} inside try-with-resources;
 *       memory that lives as long as a socket (receive buffers, control buffers) in an arena the
 *       socket owns and closes in its own {@code close()}, after the descriptor is closed.
 *   <li>Pointers returned by C ({@code strerror}) are copied into Java strings at once and never
 *       kept.
 * </ul>
 *
 * <h2>Handles</h2>
 * One holder class {@code name$h} per function whose {@code static final MethodHandle MH} is
 * linked on first use (class initialisation is lazy: a command links only the handles it calls,
 * which keeps the downcall stubs the JVM generates per handle out of start-up), resolved by
 * {@link Symbols}, called
 * with {@code invokeExact} and exact casts (a wrong cast is a {@code WrongMethodTypeException}
 * at the first call, caught by the tests). Variadic C functions ({@code fcntl}, {@code ioctl},
 * {@code open}) are linked with {@code Linker.Option.firstVariadicArg}.
 */
public final class FfmLibC implements LibC {
  /** The implementation; stateless and thread-safe. */
  public static final FfmLibC INSTANCE = new FfmLibC();

  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

  /** Per-thread errno capture segment (see the class doc): never shared between threads. */
  private static final ThreadLocal<MemorySegment> CAPTURE =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

  private static MethodHandle h(String name, FunctionDescriptor fd) {
    return Symbols.downcall(name, fd, ERRNO_OPT);
  }

  private static final class socket$h {
    static final MethodHandle MH =
        h("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  }
  private static final class close$h {
    static final MethodHandle MH =
        h("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }
  private static final class bind$h {
    static final MethodHandle MH =
        h("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  }
  private static final class connect$h {
    static final MethodHandle MH =
        h("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  }
  private static final class getsockname$h {
    static final MethodHandle MH =
        h("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  }
  private static final class setsockopt$h {
    static final MethodHandle MH =
        h("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT));
  }
  private static final class getsockopt$h {
    static final MethodHandle MH =
        h("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
            ADDRESS));
  }
  private static final class sendto$h {
    static final MethodHandle MH =
        h("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT,
            ADDRESS, JAVA_INT));
  }
  private static final class sendmsg$h {
    static final MethodHandle MH =
        h("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  }
  private static final class recvfrom$h {
    static final MethodHandle MH =
        h("recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT,
            ADDRESS, ADDRESS));
  }
  private static final class recvmsg$h {
    static final MethodHandle MH =
        h("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  }
  private static final class sendmmsg$h {
    static final MethodHandle MH =
        h("sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  }
  private static final class recvmmsg$h {
    static final MethodHandle MH =
        h("recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
            ADDRESS));
  }
  private static final class poll$h {
    static final MethodHandle MH =
        h("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  }
  private static final class fcntl$h {
    static final MethodHandle MH =
        Symbols.downcall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            ERRNO_OPT, Linker.Option.firstVariadicArg(2));
  }
  private static final class ioctl$h {
    static final MethodHandle MH =
        Symbols.downcall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            ERRNO_OPT, Linker.Option.firstVariadicArg(2));
  }
  private static final class if_nametoindex$h {
    static final MethodHandle MH =
        h("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  }
  private static final class if_indextoname$h {
    static final MethodHandle MH =
        h("if_indextoname", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
  }
  private static final class strerror$h {
    static final MethodHandle MH =
        Symbols.downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
  }
  private static final class open$h {
    static final MethodHandle MH =
        Symbols.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            ERRNO_OPT, Linker.Option.firstVariadicArg(2));
  }
  private static final class read$h {
    static final MethodHandle MH =
        h("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  }
  private static final class write$h {
    static final MethodHandle MH =
        h("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  }
  private static final class setns$h {
    static final MethodHandle MH =
        h("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  }
  private static final class getgid$h {
    static final MethodHandle MH =
        Symbols.downcall("getgid", FunctionDescriptor.of(JAVA_INT));
  }
  private static final class geteuid$h {
    static final MethodHandle MH =
        Symbols.downcall("geteuid", FunctionDescriptor.of(JAVA_INT));
  }
  private static final class eventfd$h {
    static final MethodHandle MH =
        h("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  }
  private static final class shutdown$h {
    static final MethodHandle MH =
        h("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  }

  private static final class epoll_create1$h {
    static final MethodHandle MH =
        h("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }
  private static final class epoll_ctl$h {
    static final MethodHandle MH =
        h("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
  }
  private static final class epoll_wait$h {
    static final MethodHandle MH =
        h("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  }

  private static final class mmap$h {
    static final MethodHandle MH =
        h("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_LONG));
  }
  private static final class munmap$h {
    static final MethodHandle MH =
        h("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
  }

  private FfmLibC() {}

  private static MemorySegment capture() {
    return CAPTURE.get();
  }

  private static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  private static int ret(int rc, MemorySegment cs) {
    return rc == -1 ? -errno(cs) : rc;
  }

  private static long ret(long rc, MemorySegment cs) {
    return rc == -1 ? -errno(cs) : rc;
  }

  /** A Throwable from invokeExact is a bug in this class (a wrong type), never an errno. */
  private static AssertionError bug(Throwable t) {
    return new AssertionError("icmpkit-native: downcall failed unexpectedly", t);
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    MemorySegment cs = capture();
    try {
      return ret((int) socket$h.MH.invokeExact(cs, domain, type, protocol), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int close(int fd) {
    MemorySegment cs = capture();
    try {
      return ret((int) close$h.MH.invokeExact(cs, fd), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int bind(int fd, MemorySegment addr, int addrlen) {
    MemorySegment cs = capture();
    try {
      return ret((int) bind$h.MH.invokeExact(cs, fd, addr, addrlen), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int connect(int fd, MemorySegment addr, int addrlen) {
    MemorySegment cs = capture();
    try {
      return ret((int) connect$h.MH.invokeExact(cs, fd, addr, addrlen), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int getsockname(int fd, MemorySegment addr, MemorySegment addrlen) {
    MemorySegment cs = capture();
    try {
      return ret((int) getsockname$h.MH.invokeExact(cs, fd, addr, addrlen), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int setsockopt(int fd, int level, int optname, MemorySegment optval, int optlen) {
    MemorySegment cs = capture();
    try {
      return ret((int) setsockopt$h.MH.invokeExact(cs, fd, level, optname, optval, optlen), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int getsockopt(int fd, int level, int optname, MemorySegment optval,
      MemorySegment optlen) {
    MemorySegment cs = capture();
    try {
      return ret((int) getsockopt$h.MH.invokeExact(cs, fd, level, optname, optval, optlen), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment destAddr,
      int addrlen) {
    MemorySegment cs = capture();
    try {
      return ret((long) sendto$h.MH.invokeExact(cs, fd, buf, len, flags, destAddr, addrlen), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public long sendmsg(int fd, MemorySegment msghdr, int flags) {
    MemorySegment cs = capture();
    try {
      return ret((long) sendmsg$h.MH.invokeExact(cs, fd, msghdr, flags), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public long recvfrom(int fd, MemorySegment buf, long len, int flags, MemorySegment srcAddr,
      MemorySegment addrlen) {
    MemorySegment cs = capture();
    try {
      return ret((long) recvfrom$h.MH.invokeExact(cs, fd, buf, len, flags, srcAddr, addrlen), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public long recvmsg(int fd, MemorySegment msghdr, int flags) {
    MemorySegment cs = capture();
    try {
      return ret((long) recvmsg$h.MH.invokeExact(cs, fd, msghdr, flags), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int sendmmsg(int fd, MemorySegment msgvec, int vlen, int flags) {
    MemorySegment cs = capture();
    try {
      return ret((int) sendmmsg$h.MH.invokeExact(cs, fd, msgvec, vlen, flags), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int recvmmsg(int fd, MemorySegment msgvec, int vlen, int flags, MemorySegment timeout) {
    MemorySegment cs = capture();
    try {
      return ret((int) recvmmsg$h.MH.invokeExact(cs, fd, msgvec, vlen, flags, timeout), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int poll(MemorySegment fds, long nfds, int timeoutMillis) {
    MemorySegment cs = capture();
    try {
      return ret((int) poll$h.MH.invokeExact(cs, fds, nfds, timeoutMillis), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    MemorySegment cs = capture();
    try {
      return ret((int) fcntl$h.MH.invokeExact(cs, fd, cmd, arg), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int ioctl(int fd, long request, MemorySegment arg) {
    MemorySegment cs = capture();
    try {
      return ret((int) ioctl$h.MH.invokeExact(cs, fd, request, arg), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int if_nametoindex(MemorySegment ifname) {
    MemorySegment cs = capture();
    try {
      int idx = (int) if_nametoindex$h.MH.invokeExact(cs, ifname);
      return idx == 0 ? -errno(cs) : idx;
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int if_indextoname(int ifindex, MemorySegment ifname) {
    if (ifname.byteSize() < 16) {
      throw new IllegalArgumentException("if_indextoname needs IF_NAMESIZE (16) bytes");
    }
    MemorySegment cs = capture();
    try {
      MemorySegment p = (MemorySegment) if_indextoname$h.MH.invokeExact(cs, ifindex, ifname);
      return p.equals(MemorySegment.NULL) ? -errno(cs) : 0;
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public String strerror(int errnum) {
    try {
      MemorySegment p = (MemorySegment) strerror$h.MH.invokeExact(errnum);
      // glibc returns static text for known numbers, a per-thread buffer otherwise: copy at once
      return p.equals(MemorySegment.NULL) ? "errno " + errnum : p.reinterpret(1024).getString(0);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int open(MemorySegment pathname, int flags, int mode) {
    MemorySegment cs = capture();
    try {
      return ret((int) open$h.MH.invokeExact(cs, pathname, flags, mode), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public long read(int fd, MemorySegment buf, long count) {
    MemorySegment cs = capture();
    try {
      return ret((long) read$h.MH.invokeExact(cs, fd, buf, count), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public long write(int fd, MemorySegment buf, long count) {
    MemorySegment cs = capture();
    try {
      return ret((long) write$h.MH.invokeExact(cs, fd, buf, count), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int setns(int fd, int nstype) {
    MemorySegment cs = capture();
    try {
      return ret((int) setns$h.MH.invokeExact(cs, fd, nstype), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int getgid() {
    try {
      return (int) getgid$h.MH.invokeExact();
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int geteuid() {
    try {
      return (int) geteuid$h.MH.invokeExact();
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int eventfd(int initval, int flags) {
    MemorySegment cs = capture();
    try {
      return ret((int) eventfd$h.MH.invokeExact(cs, initval, flags), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int shutdown(int fd, int how) {
    MemorySegment cs = capture();
    try {
      return ret((int) shutdown$h.MH.invokeExact(cs, fd, how), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int epoll_create1(int flags) {
    MemorySegment cs = capture();
    try {
      return ret((int) epoll_create1$h.MH.invokeExact(cs, flags), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int epoll_ctl(int epfd, int op, int fd, MemorySegment event) {
    MemorySegment cs = capture();
    try {
      return ret((int) epoll_ctl$h.MH.invokeExact(cs, epfd, op, fd, event), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int epoll_wait(int epfd, MemorySegment events, int maxevents, int timeoutMillis) {
    if (events.byteSize() < (long) maxevents * io.icmpkit.nativeio.struct.EpollEvent.SIZEOF) {
      throw new IllegalArgumentException("events holds fewer than " + maxevents + " entries");
    }
    MemorySegment cs = capture();
    try {
      return ret((int) epoll_wait$h.MH.invokeExact(cs, epfd, events, maxevents, timeoutMillis), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public long mmap(MemorySegment addr, long length, int prot, int flags, int fd, long offset) {
    MemorySegment cs = capture();
    try {
      MemorySegment p = (MemorySegment) mmap$h.MH.invokeExact(cs, addr, length, prot, flags, fd,
          offset);
      return p.address() == -1L ? -errno(cs) : p.address(); // MAP_FAILED is (void *) -1
    } catch (Throwable t) {
      throw bug(t);
    }
  }

  @Override
  public int munmap(MemorySegment addr, long length) {
    MemorySegment cs = capture();
    try {
      return ret((int) munmap$h.MH.invokeExact(cs, addr, length), cs);
    } catch (Throwable t) {
      throw bug(t);
    }
  }
}
