package io.icmpkit.socket.internal;

import io.icmpkit.nativeio.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-flight-call count and close rule of a descriptor-owning object (IcmpSocket's core,
 * PacketCaptureSocket, TunDevice): every native call on the descriptor runs between {@link
 * #enter()} and {@link #leave()}; {@link #close()} marks the object closed and signals an eventfd
 * that every blocked {@code poll} also waits on, and the resources (descriptor, eventfd, arena) are
 * released exactly once, when the last call in flight has left. So a descriptor is never closed
 * while another thread is inside a call on the same number (which could then act on a reused
 * descriptor), and no native call ever sees freed memory.
 *
 * <p>Not API (see the package description). {@code enter()} reports a closed object by returning
 * false, so each owner throws its own exception and the hot path allocates nothing.
 */
public final class FdGuard {
  private static final int CLOSED = 1 << 30;

  private final AtomicInteger state = new AtomicInteger(); // CLOSED bit | calls in flight
  private final AtomicBoolean released = new AtomicBoolean();
  private final int wakeFd;
  private final Runnable releaseResources;

  /**
   * @param wakeFd the owner's eventfd that its blocking polls wait on
   * @param releaseResources closes the descriptor, the eventfd and the arena; run once
   */
  public FdGuard(int wakeFd, Runnable releaseResources) {
    this.wakeFd = wakeFd;
    this.releaseResources = releaseResources;
  }

  /** Counts a call in; false (and nothing counted) when the object is closed. */
  public boolean enter() {
    while (true) {
      int s = state.get();
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /** Counts a call out (after a successful {@link #enter()}); the last one out of a closed object releases. */
  public void leave() {
    if (state.decrementAndGet() == CLOSED) {
      release();
    }
  }

  public boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  /**
   * Marks the object closed, wakes blocked polls through the eventfd and releases at once when no
   * call is in flight (otherwise the last {@link #leave()} does). Idempotent.
   */
  public void close() {
    while (true) {
      int s = state.get();
      if ((s & CLOSED) != 0) {
        return;
      }
      if (state.compareAndSet(s, s | CLOSED)) {
        break;
      }
    }
    try (Arena a = Arena.ofConfined()) {
      Native.libc().write(wakeFd, a.allocateFrom(ValueLayout.JAVA_LONG, 1), 8); // wakes blocked polls
    }
    if (state.get() == CLOSED) {
      release();
    }
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      releaseResources.run();
    }
  }
}
