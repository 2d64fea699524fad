package io.icmpkit.socket.poll;

import static io.icmpkit.nativeio.lib.Linux.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The poller on eventfds (no network): dispatch, tasks, cancel, close. */
class PollerTest {
  private static final LibC C = Native.libc();

  private static int eventfd() {
    return NativeException.check("eventfd", C.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  }

  private static void signal(int fd) {
    try (Arena a = Arena.ofConfined()) {
      C.write(fd, a.allocateFrom(ValueLayout.JAVA_LONG, 1), 8);
    }
  }

  private static long drain(int fd) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(8);
      return C.read(fd, v, 8) == 8 ? v.get(ValueLayout.JAVA_LONG, 0) : 0;
    }
  }

  @Test
  void readyDescriptorCallsItsHandlerOnThePollerThread() throws Exception {
    int fd = eventfd();
    try (Poller p = Poller.open("test-poller")) {
      CountDownLatch called = new CountDownLatch(3);
      AtomicReference<String> thread = new AtomicReference<>();
      AtomicInteger mask = new AtomicInteger();
      p.register(fd, Poller.READ, ev -> {
        thread.set(Thread.currentThread().getName());
        mask.set(ev);
        drain(fd);
        called.countDown();
      });
      for (int i = 0; i < 3; i++) { // one signal at a time: each drained before the next
        long before = called.getCount();
        signal(fd);
        for (int w = 0; w < 500 && called.getCount() == before; w++) {
          Thread.sleep(2);
        }
      }
      assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get()).isEqualTo("test-poller");
      assertThat(mask.get() & Poller.READ).isEqualTo(Poller.READ);
      assertThat(p.registrationCount()).isEqualTo(1);
    } finally {
      C.close(fd);
    }
  }

  @Test
  void tasksRunOnThePollerThreadInOrder() throws Exception {
    try (Poller p = Poller.open("task-poller")) {
      StringBuffer order = new StringBuffer();
      CompletableFuture<Boolean> onPoller = new CompletableFuture<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        p.execute(() -> order.append(n).append(','));
      }
      p.execute(() -> onPoller.complete(p.inPollerThread()));
      assertThat(onPoller.get(5, TimeUnit.SECONDS)).isTrue();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        expected.append(i).append(',');
      }
      assertThat(order.toString()).isEqualTo(expected.toString());
      assertThat(p.inPollerThread()).isFalse();
    }
  }

  @Test
  void cancelledRegistrationIsNotCalledAgain() throws Exception {
    int fd = eventfd();
    try (Poller p = Poller.open()) {
      AtomicInteger calls = new AtomicInteger();
      Registration r = p.register(fd, Poller.READ, ev -> calls.incrementAndGet()); // never drains
      signal(fd);
      for (int w = 0; w < 500 && calls.get() == 0; w++) {
        Thread.sleep(2);
      }
      assertThat(calls.get()).isPositive(); // level-triggered: called over and over
      CompletableFuture<Void> cancelled = new CompletableFuture<>();
      p.execute(() -> {
        r.cancel();
        cancelled.complete(null);
      });
      cancelled.get(5, TimeUnit.SECONDS);
      int after = calls.get();
      CompletableFuture<Void> later = new CompletableFuture<>();
      p.execute(() -> later.complete(null)); // a full round after the cancel
      later.get(5, TimeUnit.SECONDS);
      assertThat(calls.get()).isEqualTo(after);
      assertThat(r.isValid()).isFalse();
      assertThat(p.registrationCount()).isZero();
      r.cancel(); // idempotent
    } finally {
      C.close(fd);
    }
  }

  @Test
  void closeEndsRegistrationsAndRejectsWork() throws Exception {
    int fd = eventfd();
    try {
      Poller p = Poller.open();
      CompletableFuture<Throwable> ended = new CompletableFuture<>();
      Registration r = p.register(fd, Poller.READ, new Poller.Handler() {
        @Override
        public void ready(int events) {}

        @Override
        public void closed(Throwable cause) {
          ended.complete(cause);
        }
      });
      p.close();
      assertThat(ended.get(5, TimeUnit.SECONDS)).isInstanceOf(PollerClosedException.class);
      assertThat(r.isValid()).isFalse();
      assertThat(p.isClosed()).isTrue();
      assertThatThrownBy(() -> p.execute(() -> {}))
          .isInstanceOf(RejectedExecutionException.class);
      assertThatThrownBy(() -> p.register(fd, Poller.READ, ev -> {}))
          .isInstanceOf(PollerClosedException.class);
      p.close(); // idempotent
    } finally {
      C.close(fd);
    }
  }

  @Test
  void registeringABadDescriptorFailsWithEbadf() {
    try (Poller p = Poller.open()) {
      assertThatThrownBy(() -> p.register(-1, Poller.READ, ev -> {}))
          .isInstanceOf(NativeException.class).hasMessageContaining("EBADF");
      assertThat(p.registrationCount()).isZero();
    }
  }
}
