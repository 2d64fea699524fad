package io.icmpkit.nativeio;

import static io.icmpkit.nativeio.lib.Linux.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.ffm.Symbols;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.CMsg;
import io.icmpkit.nativeio.struct.IoVec;
import io.icmpkit.nativeio.struct.MsgHdr;
import io.icmpkit.nativeio.struct.PollFd;
import io.icmpkit.nativeio.struct.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Real calls into the C library, on loopback only (no traffic leaves the host). */
class LibCTest {
  private final LibC c = Native.libc();

  @Test
  void badDescriptorGivesMinusEbadf() {
    assertThat(c.close(-1)).isEqualTo(-Errno.EBADF.number());
    assertThat(c.fcntl(-1, F_GETFL, 0)).isEqualTo(-Errno.EBADF.number());
  }

  @Test
  void unsupportedProtocolFamilyGivesMinusEafnosupport() {
    assertThat(c.socket(12345, SOCK_DGRAM, 0)).isEqualTo(-Errno.EAFNOSUPPORT.number());
  }

  @Test
  void errnoIsPerThread() throws Exception {
    // two threads fail with different errnos at the same time; each sees its own
    int rounds = 2000;
    AtomicInteger wrong = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    Thread a = Thread.ofPlatform().start(() -> {
      await(start);
      for (int i = 0; i < rounds; i++) {
        if (c.close(-1) != -Errno.EBADF.number()) {
          wrong.incrementAndGet();
        }
      }
    });
    Thread b = Thread.ofPlatform().start(() -> {
      await(start);
      for (int i = 0; i < rounds; i++) {
        if (c.socket(12345, SOCK_DGRAM, 0) != -Errno.EAFNOSUPPORT.number()) {
          wrong.incrementAndGet();
        }
      }
    });
    start.countDown();
    a.join();
    b.join();
    assertThat(wrong).hasValue(0);
  }

  @Test
  void udpOnLoopbackThroughSendtoRecvmsgWithTtlControlMessage() {
    try (Arena arena = Arena.ofConfined()) {
      int rx = NativeException.check("socket", c.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
      int tx = NativeException.check("socket", c.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
      try {
        InetAddress lo = InetAddress.getLoopbackAddress();
        MemorySegment sa = SockAddr.allocate(arena, lo, 0, 0);
        NativeException.check("bind", c.bind(rx, sa, (int) sa.byteSize()));
        MemorySegment name = arena.allocate(SockAddr.SIZEOF_STORAGE, 8);
        MemorySegment nameLen = arena.allocate(ValueLayout.JAVA_INT);
        nameLen.set(ValueLayout.JAVA_INT, 0, SockAddr.SIZEOF_STORAGE);
        NativeException.check("getsockname", c.getsockname(rx, name, nameLen));
        int port = SockAddr.port(name);
        assertThat(port).isPositive();
        assertThat(SockAddr.address(name)).isEqualTo(lo);

        MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
        NativeException.check("setsockopt", c.setsockopt(rx, IPPROTO_IP, IP_RECVTTL, one, 4));
        MemorySegment ttl = arena.allocateFrom(ValueLayout.JAVA_INT, 17);
        NativeException.check("setsockopt", c.setsockopt(tx, IPPROTO_IP, IP_TTL, ttl, 4));
        MemorySegment got = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment gotLen = arena.allocateFrom(ValueLayout.JAVA_INT, 4);
        NativeException.check("getsockopt", c.getsockopt(tx, IPPROTO_IP, IP_TTL, got, gotLen));
        assertThat(got.get(ValueLayout.JAVA_INT, 0)).isEqualTo(17);

        MemorySegment payload = arena.allocateFrom("hello", StandardCharsets.US_ASCII);
        MemorySegment dst = SockAddr.allocate(arena, lo, port, 0);
        assertThat(c.sendto(tx, payload, 5, 0, dst, (int) dst.byteSize())).isEqualTo(5);

        MemorySegment fds = arena.allocate(PollFd.SIZEOF, 8);
        PollFd.set(fds, 0, rx, POLLIN);
        assertThat(c.poll(fds, 1, 5000)).isEqualTo(1);
        assertThat(PollFd.revents(fds, 0) & POLLIN).isEqualTo(POLLIN);

        MemorySegment buf = arena.allocate(64);
        MemorySegment iov = arena.allocate(IoVec.SIZEOF, 8);
        IoVec.set(iov, 0, buf);
        MemorySegment control = arena.allocate(256, 8);
        MemorySegment from = arena.allocate(SockAddr.SIZEOF_STORAGE, 8);
        MemorySegment msg = arena.allocate(MsgHdr.SIZEOF, 8);
        MsgHdr.setName(msg, from, SockAddr.SIZEOF_STORAGE);
        MsgHdr.setIov(msg, iov, 1);
        MsgHdr.setControl(msg, control, control.byteSize());
        long n = c.recvmsg(rx, msg, MSG_DONTWAIT);
        assertThat(n).isEqualTo(5);
        assertThat(new String(buf.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(SockAddr.address(from)).isEqualTo(lo);
        CMsg.Cursor cur = new CMsg.Cursor(control, MsgHdr.controlLength(msg));
        int seenTtl = -1;
        while (cur.next()) {
          if (cur.level() == IPPROTO_IP && cur.type() == IP_TTL) {
            seenTtl = cur.data().get(ValueLayout.JAVA_INT_UNALIGNED, 0);
          }
        }
        assertThat(seenTtl).isEqualTo(17);
        // nothing more: a non-blocking receive says EAGAIN, poll times out
        assertThat(c.recvmsg(rx, msg, MSG_DONTWAIT)).isEqualTo(-Errno.EAGAIN.number());
        assertThat(c.poll(fds, 1, 0)).isZero();
      } finally {
        c.close(rx);
        c.close(tx);
      }
    }
  }

  @Test
  void fcntlSetsNonBlocking() {
    int fd = c.socket(AF_INET, SOCK_DGRAM, 0);
    try {
      int fl = NativeException.check("fcntl", c.fcntl(fd, F_GETFL, 0));
      assertThat(fl & O_NONBLOCK).isZero();
      NativeException.check("fcntl", c.fcntl(fd, F_SETFL, fl | O_NONBLOCK));
      assertThat(c.fcntl(fd, F_GETFL, 0) & O_NONBLOCK).isEqualTo(O_NONBLOCK);
    } finally {
      c.close(fd);
    }
  }

  @Test
  void interfaceNamesAndIoctl() {
    try (Arena arena = Arena.ofConfined()) {
      int lo = c.if_nametoindex(arena.allocateFrom("lo"));
      assertThat(lo).isPositive();
      MemorySegment name = arena.allocate(16);
      assertThat(c.if_indextoname(lo, name)).isZero();
      assertThat(name.getString(0)).isEqualTo("lo");
      assertThat(c.if_nametoindex(arena.allocateFrom("nosuchif0"))).isEqualTo(-Errno.ENODEV.number());
      assertThat(c.if_indextoname(0x7fff_fff0, name)).isEqualTo(-Errno.ENXIO.number());

      int fd = c.socket(AF_INET, SOCK_DGRAM, 0);
      try {
        MemorySegment ifr = io.icmpkit.nativeio.struct.IfReq.allocate(arena, "lo");
        assertThat(c.ioctl(fd, SIOCGIFINDEX, ifr)).isZero();
        assertThat(io.icmpkit.nativeio.struct.IfReq.intValue(ifr)).isEqualTo(lo);
        assertThat(c.ioctl(fd, SIOCGIFMTU, ifr)).isZero();
        assertThat(io.icmpkit.nativeio.struct.IfReq.intValue(ifr)).isPositive();
      } finally {
        c.close(fd);
      }
    }
  }

  @Test
  void openReadWriteThroughAnEventfdAndAFile() {
    try (Arena arena = Arena.ofConfined()) {
      int efd = NativeException.check("eventfd", c.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
      MemorySegment v = arena.allocateFrom(ValueLayout.JAVA_LONG, 3);
      assertThat(c.read(efd, v, 8)).isEqualTo(-Errno.EAGAIN.number());
      assertThat(c.write(efd, v, 8)).isEqualTo(8);
      assertThat(c.read(efd, v, 8)).isEqualTo(8);
      assertThat(v.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(3);
      c.close(efd);

      int fd = NativeException.check("open",
          c.open(arena.allocateFrom("/proc/self/stat"), O_RDONLY | O_CLOEXEC, 0));
      MemorySegment buf = arena.allocate(64);
      assertThat(c.read(fd, buf, 64)).isPositive();
      c.close(fd);
      assertThat(c.open(arena.allocateFrom("/nonexistent/x"), O_RDONLY, 0))
          .isEqualTo(-Errno.ENOENT.number());
    }
  }

  @Test
  void idsAndStrerror() {
    assertThat(c.getgid()).isGreaterThanOrEqualTo(0);
    assertThat(c.geteuid()).isGreaterThanOrEqualTo(0);
    assertThat(c.strerror(111)).isEqualTo("Connection refused");
    assertThat(c.strerror(99999)).contains("99999");
  }

  @Test
  void setnsWithABadDescriptorFails() {
    assertThat(c.setns(-1, CLONE_NEWNET)).isEqualTo(-Errno.EBADF.number());
  }

  @Test
  void missingSymbolIsANamedLinkageError() {
    assertThatThrownBy(() -> Symbols.find("icmpkit_no_such_function"))
        .isInstanceOf(LinkageError.class)
        .hasMessageContaining("icmpkit_no_such_function");
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
