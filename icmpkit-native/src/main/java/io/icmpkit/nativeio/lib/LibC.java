package io.icmpkit.nativeio.lib;

import java.lang.foreign.MemorySegment;

/**
 * The Linux C library calls icmpkit uses, one method per C function, same name, same argument
 * order.
 *
 * <p><b>Return contract of every method</b> (kernel style): a result {@code >= 0} as the C
 * function returns it, or {@code -errno} when the C function reported failure (returned -1, or
 * NULL/0 for the functions that signal errors that way). errno is captured by the same call (never
 * read later from a shared place), so a negative value is always the errno of <em>this</em> call.
 * {@link io.icmpkit.nativeio.NativeException#check(String, int)} turns a negative result into the
 * exception. No method throws for an errno; a method throws only for programmer errors (a segment
 * too small, a closed arena).
 *
 * <p>Pointers are {@link MemorySegment}s owned by the caller (see the arena rules in {@link
 * io.icmpkit.nativeio.ffm.FfmLibC}); {@link MemorySegment#NULL} stands for a C NULL. Strings are
 * NUL-terminated segments ({@code arena.allocateFrom(String)}). Blocking calls ({@code poll},
 * {@code read} on a blocking descriptor, ...) block the carrier thread: call them from platform
 * threads or with non-blocking descriptors.
 */
public interface LibC {

  /** <a href="https://man7.org/linux/man-pages/man2/socket.2.html">socket(2)</a>: a new fd. */
  int socket(int domain, int type, int protocol);

  /** <a href="https://man7.org/linux/man-pages/man2/close.2.html">close(2)</a>: 0. */
  int close(int fd);

  /** <a href="https://man7.org/linux/man-pages/man2/bind.2.html">bind(2)</a>: 0. */
  int bind(int fd, MemorySegment addr, int addrlen);

  /** <a href="https://man7.org/linux/man-pages/man2/connect.2.html">connect(2)</a>: 0. */
  int connect(int fd, MemorySegment addr, int addrlen);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/getsockname.2.html">getsockname(2)</a>: 0;
   * {@code addrlen} is an in/out {@code socklen_t}.
   */
  int getsockname(int fd, MemorySegment addr, MemorySegment addrlen);

  /** <a href="https://man7.org/linux/man-pages/man2/setsockopt.2.html">setsockopt(2)</a>: 0. */
  int setsockopt(int fd, int level, int optname, MemorySegment optval, int optlen);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/getsockopt.2.html">getsockopt(2)</a>: 0;
   * {@code optlen} is an in/out {@code socklen_t}.
   */
  int getsockopt(int fd, int level, int optname, MemorySegment optval, MemorySegment optlen);

  /** <a href="https://man7.org/linux/man-pages/man2/sendto.2.html">sendto(2)</a>: bytes sent. */
  long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment destAddr, int addrlen);

  /** <a href="https://man7.org/linux/man-pages/man2/sendmsg.2.html">sendmsg(2)</a>: bytes sent. */
  long sendmsg(int fd, MemorySegment msghdr, int flags);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/sendmmsg.2.html">sendmmsg(2)</a>: the number
   * of messages of the {@code struct mmsghdr} array sent (each entry's {@code msg_len} set); an
   * error only when the first message fails.
   */
  int sendmmsg(int fd, MemorySegment msgvec, int vlen, int flags);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/recvmmsg.2.html">recvmmsg(2)</a>: the number
   * of messages received into the {@code struct mmsghdr} array; {@code timeout} may be
   * {@code NULL}.
   */
  int recvmmsg(int fd, MemorySegment msgvec, int vlen, int flags, MemorySegment timeout);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/recvfrom.2.html">recvfrom(2)</a>: bytes
   * received (the datagram's full length with {@code MSG_TRUNC}).
   */
  long recvfrom(int fd, MemorySegment buf, long len, int flags, MemorySegment srcAddr,
      MemorySegment addrlen);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/recvmsg.2.html">recvmsg(2)</a>: bytes
   * received; the kernel updates {@code msg_namelen}, {@code msg_controllen}, {@code msg_flags}.
   */
  long recvmsg(int fd, MemorySegment msghdr, int flags);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/poll.2.html">poll(2)</a>: the number of
   * {@code pollfd} entries with non-zero {@code revents}, 0 on timeout.
   */
  int poll(MemorySegment fds, long nfds, int timeoutMillis);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/fcntl.2.html">fcntl(2)</a> with an {@code int}
   * argument ({@code F_GETFL}, {@code F_SETFL}, {@code F_SETFD}...): the command's result.
   */
  int fcntl(int fd, int cmd, int arg);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/ioctl.2.html">ioctl(2)</a> with a pointer
   * argument ({@code TUNSETIFF}, {@code SIOCGIFMTU}...): usually 0.
   */
  int ioctl(int fd, long request, MemorySegment arg);

  /**
   * <a href="https://man7.org/linux/man-pages/man3/if_nametoindex.3.html">if_nametoindex(3)</a>:
   * the interface index ({@code > 0}); the C function's 0 becomes {@code -errno}.
   */
  int if_nametoindex(MemorySegment ifname);

  /**
   * <a href="https://man7.org/linux/man-pages/man3/if_indextoname.3.html">if_indextoname(3)</a>:
   * 0 with the name written into {@code ifname} ({@code IF_NAMESIZE} bytes); NULL becomes
   * {@code -errno}.
   */
  int if_indextoname(int ifindex, MemorySegment ifname);

  /**
   * <a href="https://man7.org/linux/man-pages/man3/strerror.3.html">strerror(3)</a>: the C
   * library's text for {@code errnum} (this method returns a Java string, never fails).
   */
  String strerror(int errnum);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/open.2.html">open(2)</a>: a new fd;
   * {@code mode} is used with {@code O_CREAT}.
   */
  int open(MemorySegment pathname, int flags, int mode);

  /** <a href="https://man7.org/linux/man-pages/man2/read.2.html">read(2)</a>: bytes read. */
  long read(int fd, MemorySegment buf, long count);

  /** <a href="https://man7.org/linux/man-pages/man2/write.2.html">write(2)</a>: bytes written. */
  long write(int fd, MemorySegment buf, long count);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/setns.2.html">setns(2)</a>: 0; moves the
   * <em>calling thread</em> into the namespace of {@code fd}.
   */
  int setns(int fd, int nstype);

  /** <a href="https://man7.org/linux/man-pages/man2/getgid.2.html">getgid(2)</a>: never fails. */
  int getgid();

  /** <a href="https://man7.org/linux/man-pages/man2/getuid.2.html">geteuid(2)</a>: never fails. */
  int geteuid();

  /** <a href="https://man7.org/linux/man-pages/man2/eventfd.2.html">eventfd(2)</a>: a new fd. */
  int eventfd(int initval, int flags);

  /** <a href="https://man7.org/linux/man-pages/man2/shutdown.2.html">shutdown(2)</a>: 0. */
  int shutdown(int fd, int how);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/epoll_create1.2.html">epoll_create1(2)</a>: a
   * new epoll fd ({@code flags}: 0 or {@code EPOLL_CLOEXEC}).
   */
  int epoll_create1(int flags);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/epoll_ctl.2.html">epoll_ctl(2)</a>: 0;
   * {@code event} is one {@code struct epoll_event} (see {@link
   * io.icmpkit.nativeio.struct.EpollEvent}), ignored (may be NULL) for {@code EPOLL_CTL_DEL}.
   * Safe to call from any thread while another thread waits in {@code epoll_wait}.
   */
  int epoll_ctl(int epfd, int op, int fd, MemorySegment event);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/epoll_wait.2.html">epoll_wait(2)</a>: the
   * number of ready events written to {@code events} (an array of {@code maxevents} {@code
   * struct epoll_event}), 0 on timeout ({@code timeoutMillis} -1: wait without limit). Blocks:
   * call it from a platform thread.
   */
  int epoll_wait(int epfd, MemorySegment events, int maxevents, int timeoutMillis);

  /**
   * <a href="https://man7.org/linux/man-pages/man2/mmap.2.html">mmap(2)</a>: the address of the
   * new mapping (as a {@code long}, {@code >= 0} on Linux user space), {@code MAP_FAILED} becomes
   * {@code -errno}. Used for the {@code PACKET_RX_RING} of capture sockets.
   */
  long mmap(MemorySegment addr, long length, int prot, int flags, int fd, long offset);

  /** <a href="https://man7.org/linux/man-pages/man2/munmap.2.html">munmap(2)</a>: 0. */
  int munmap(MemorySegment addr, long length);
}
