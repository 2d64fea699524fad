package io.icmpkit.socket.poll;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A descriptor registered with a {@link Poller}: change what it waits for with {@link
 * #interest(int)}, end it with {@link #cancel()} before closing the descriptor. Thread-safe.
 */
public final class Registration {
  private final Poller poller;
  private final int fd;
  private final long key;
  private final Poller.Handler handler;
  private final AtomicBoolean valid = new AtomicBoolean(true);
  private volatile int interest;

  Registration(Poller poller, int fd, long key, int interest, Poller.Handler handler) {
    this.poller = poller;
    this.fd = fd;
    this.key = key;
    this.interest = interest;
    this.handler = handler;
  }

  /** The registered descriptor. */
  public int fd() {
    return fd;
  }

  long key() {
    return key;
  }

  Poller.Handler handler() {
    return handler;
  }

  /** The poller this registration belongs to. */
  public Poller poller() {
    return poller;
  }

  /** Whether the registration is still active (neither cancelled nor ended by the poller). */
  public boolean isValid() {
    return valid.get();
  }

  /** The current interest mask. */
  public int interest() {
    return interest;
  }

  /**
   * Replaces the interest mask ({@link Poller#READ}, {@link Poller#WRITE}, or both); no-op when
   * unchanged or no longer valid. Any thread.
   */
  public void interest(int events) {
    if (!valid.get() || events == interest) {
      return;
    }
    synchronized (this) {
      if (!valid.get() || events == interest) {
        return;
      }
      int rc = poller.ctl(EPOLL_CTL_MOD, fd, events, key);
      if (rc < 0 && rc != -Errno.EBADF.number() && rc != -Errno.ENOENT.number()) {
        throw new NativeException("epoll_ctl(MOD fd " + fd + ")", -rc);
      }
      interest = events;
    }
  }

  /**
   * Removes the descriptor from the poller; its handler is not called after the round in progress.
   * Call it while the descriptor is still open. Idempotent, any thread.
   */
  public void cancel() {
    if (end()) {
      synchronized (this) {
        poller.ctl(EPOLL_CTL_DEL, fd, 0, key); // EBADF/ENOENT: already gone with its file
      }
    }
  }

  /** Marks the registration ended; true for the one caller that ended it. */
  boolean end() {
    if (valid.compareAndSet(true, false)) {
      poller.forget(this);
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "Registration[fd=" + fd + ", interest=" + interest + (isValid() ? "" : ", ended") + "]";
  }
}
