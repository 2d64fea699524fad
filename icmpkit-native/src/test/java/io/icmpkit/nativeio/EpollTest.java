package io.icmpkit.nativeio;

import static io.icmpkit.nativeio.lib.Linux.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.EpollEvent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** epoll_create1 / epoll_ctl / epoll_wait on an eventfd: the key comes back, DEL stops events. */
class EpollTest {
  private final LibC c = Native.libc();

  @Test
  void eventfdBecomesReadableWithTheCallersKey() {
    try (Arena arena = Arena.ofConfined()) {
      int ep = NativeException.check("epoll_create1", c.epoll_create1(EPOLL_CLOEXEC));
      int efd = NativeException.check("eventfd", c.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
      try {
        MemorySegment ev = arena.allocate(EpollEvent.SIZEOF * 4L, 8);
        EpollEvent.set(ev, 0, EPOLLIN, 0x1234_5678_9abc_def0L);
        assertThat(c.epoll_ctl(ep, EPOLL_CTL_ADD, efd, ev)).isZero();
        assertThat(c.epoll_ctl(ep, EPOLL_CTL_ADD, efd, ev)).isEqualTo(-Errno.EEXIST.number());
        assertThat(c.epoll_wait(ep, ev, 4, 0)).isZero(); // nothing yet

        c.write(efd, arena.allocateFrom(ValueLayout.JAVA_LONG, 1), 8);
        ev.fill((byte) 0);
        assertThat(c.epoll_wait(ep, ev, 4, 1000)).isEqualTo(1);
        assertThat(EpollEvent.events(ev, 0) & EPOLLIN).isEqualTo(EPOLLIN);
        assertThat(EpollEvent.data(ev, 0)).isEqualTo(0x1234_5678_9abc_def0L);

        assertThat(c.epoll_ctl(ep, EPOLL_CTL_DEL, efd, MemorySegment.NULL)).isZero();
        assertThat(c.epoll_wait(ep, ev, 4, 0)).isZero(); // still readable, but removed
        assertThat(c.epoll_ctl(ep, EPOLL_CTL_DEL, efd, MemorySegment.NULL))
            .isEqualTo(-Errno.ENOENT.number());
      } finally {
        c.close(efd);
        c.close(ep);
      }
    }
  }

  @Test
  void layoutSizeMatchesTheArchitecture() {
    boolean x86 = System.getProperty("os.arch").matches("amd64|x86_64");
    assertThat(EpollEvent.SIZEOF).isEqualTo(x86 ? 12 : 16);
  }
}
