package io.icmpkit.socket.poll;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.EpollEvent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One poller thread: waits in {@code epoll_wait(2)} on any number of non-blocking descriptors and
 * calls each descriptor's {@link Handler} on that thread when it is ready. An {@code eventfd}
 * wakes the thread for {@linkplain #execute(Runnable) tasks} and for {@link #close()}.
 *
 * <h2>Why a platform thread</h2>
 * {@code epoll_wait} is a blocking native call. A virtual thread inside a foreign downcall is
 * pinned to its carrier: the carrier (one of only {@code availableProcessors} by default) is
 * blocked for as long as the call waits, and the scheduler cannot run other virtual threads on it.
 * So the one blocking call of the I/O model runs on a dedicated platform thread, and every other
 * native call ({@code sendto}, {@code recvmsg} on non-blocking descriptors, {@code epoll_ctl}) is
 * non-blocking and short, safe from any thread, virtual ones included.
 *
 * <h2>Rules for handlers</h2>
 * Handlers run on the poller thread, one at a time: they must not block (read until {@code
 * EAGAIN}, or a bounded number of datagrams, and return; epoll is level-triggered, so what is left
 * is reported again). An exception from a handler is logged and the registration stays.
 *
 * <h2>Lifecycle</h2>
 * {@link Registration#cancel()} removes a descriptor (call it <em>before</em> closing the
 * descriptor: a closed number can be reused by another file). {@link #close()} stops the thread,
 * then calls {@link Handler#closed(Throwable)} of every registration still present with a {@link
 * PollerClosedException} (so their owners fail what is pending), runs the tasks still queued, and
 * closes the epoll and event descriptors. One poller per engine: it serves thousands of
 * descriptors.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/epoll.7.html">epoll(7)</a>
 */
public final class Poller implements Executor, AutoCloseable {
  /** Readiness to read ({@code EPOLLIN}). */
  public static final int READ = EPOLLIN;
  /** Readiness to write ({@code EPOLLOUT}). */
  public static final int WRITE = EPOLLOUT;
  /** An error is pending, e.g. the error queue is not empty ({@code EPOLLERR}: always reported). */
  public static final int ERROR = EPOLLERR;
  /** Hang-up ({@code EPOLLHUP}: always reported). */
  public static final int HANGUP = EPOLLHUP;

  private static final LibC C = Native.libc();
  private static final System.Logger LOG = System.getLogger(Poller.class.getName());
  private static final int MAX_EVENTS = 256;
  private static final long WAKE_KEY = 0;

  /** Called on the poller thread. */
  public interface Handler {
    /** The descriptor is ready for {@code events} (a mask of {@link #READ}, {@link #WRITE}...). */
    void ready(int events);

    /**
     * The registration ended without {@link Registration#cancel()}: the poller was closed
     * ({@link PollerClosedException}). Called once, on the poller thread (or on the closing
     * thread when the poller thread is gone).
     */
    default void closed(Throwable cause) {}
  }

  private final String name;
  private final int epfd;
  private final int wakeFd;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment events;
  private final MemorySegment wakeBuf;
  private final Thread thread;
  private final ConcurrentHashMap<Long, Registration> registrations = new ConcurrentHashMap<>();
  private final AtomicLong nextKey = new AtomicLong(1);
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final Object taskLock = new Object();
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean terminated; // guarded by taskLock
  /** Read: a call on epfd/wakeFd is in progress; write: closing them (never a reused number). */
  private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
  private boolean fdsClosed; // guarded by fdLock
  private volatile boolean closing;

  private Poller(String name, int epfd, int wakeFd) {
    this.name = name;
    this.epfd = epfd;
    this.wakeFd = wakeFd;
    this.events = arena.allocate((long) MAX_EVENTS * EpollEvent.SIZEOF, 8);
    this.wakeBuf = arena.allocate(8, 8);
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
  }

  /** Opens a poller and starts its thread, named {@code name}. */
  public static Poller open(String name) {
    int ep = C.epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
      throw new NativeException("epoll_create1", -ep);
    }
    int w = C.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w < 0) {
      C.close(ep);
      throw new NativeException("eventfd", -w);
    }
    Poller p = new Poller(name, ep, w);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ev = a.allocate(EpollEvent.SIZEOF, 8);
      EpollEvent.set(ev, 0, EPOLLIN, WAKE_KEY);
      int rc = C.epoll_ctl(ep, EPOLL_CTL_ADD, w, ev);
      if (rc < 0) {
        C.close(w);
        C.close(ep);
        p.arena.close();
        throw new NativeException("epoll_ctl(ADD eventfd)", -rc);
      }
    }
    p.thread.start();
    return p;
  }

  /** A poller named {@code icmpkit-poller}. */
  public static Poller open() {
    return open("icmpkit-poller");
  }

  /**
   * Registers non-blocking descriptor {@code fd} for {@code interest} ({@link #READ}, {@link
   * #WRITE}; errors and hang-ups are always reported). Any thread.
   *
   * @throws PollerClosedException when the poller is closed
   * @throws NativeException when {@code epoll_ctl} refuses (EBADF, EEXIST: already registered)
   */
  public Registration register(int fd, int interest, Handler handler) {
    if (handler == null) {
      throw new IllegalArgumentException("handler must not be null");
    }
    if (closing) {
      throw new PollerClosedException(name);
    }
    long key = nextKey.getAndIncrement();
    Registration r = new Registration(this, fd, key, interest, handler);
    registrations.put(key, r);
    int rc = ctl(EPOLL_CTL_ADD, fd, interest, key);
    if (rc < 0) {
      registrations.remove(key);
      throw new NativeException("epoll_ctl(ADD fd " + fd + ")", -rc);
    }
    if (closing) {
      // close() may have collected the registrations before this one was added: end it here
      r.cancel();
      throw new PollerClosedException(name);
    }
    return r;
  }

  /** epoll_ctl, or -EBADF once the poller's descriptors are closed. */
  int ctl(int op, int fd, int interest, long key) {
    fdLock.readLock().lock();
    try (Arena a = Arena.ofConfined()) {
      if (fdsClosed) {
        return -Errno.EBADF.number();
      }
      MemorySegment ev = a.allocate(EpollEvent.SIZEOF, 8);
      EpollEvent.set(ev, 0, interest, key);
      return C.epoll_ctl(epfd, op, fd, ev);
    } finally {
      fdLock.readLock().unlock();
    }
  }

  void forget(Registration r) {
    registrations.remove(r.key(), r);
  }

  /**
   * Runs {@code task} on the poller thread, soon (after the current round of handlers). Any
   * thread.
   *
   * @throws RejectedExecutionException when the poller thread has ended
   */
  @Override
  public void execute(Runnable task) {
    synchronized (taskLock) {
      if (terminated) {
        throw new RejectedExecutionException("poller " + name + " is closed");
      }
      tasks.add(task);
    }
    wake();
  }

  /** Whether the caller is this poller's thread. */
  public boolean inPollerThread() {
    return Thread.currentThread() == thread;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closing;
  }

  /** The number of descriptors registered. */
  public int registrationCount() {
    return registrations.size();
  }

  private void wake() {
    if (wakePending.compareAndSet(false, true)) {
      fdLock.readLock().lock();
      try (Arena a = Arena.ofConfined()) {
        if (!fdsClosed) {
          C.write(wakeFd, a.allocateFrom(ValueLayout.JAVA_LONG, 1), 8);
        }
      } finally {
        fdLock.readLock().unlock();
      }
    }
  }

  private void loop() {
    try {
      while (!closing) {
        int n = C.epoll_wait(epfd, events, MAX_EVENTS, -1);
        if (n < 0) {
          if (n == -Errno.EINTR.number()) {
            continue;
          }
          LOG.log(System.Logger.Level.ERROR, "poller " + name + ": epoll_wait failed",
              new NativeException("epoll_wait", -n));
          break;
        }
        boolean woken = false;
        for (int i = 0; i < n; i++) {
          long key = EpollEvent.data(events, i);
          if (key == WAKE_KEY) {
            woken = true;
            continue;
          }
          Registration r = registrations.get(key);
          if (r != null && r.isValid()) {
            dispatch(r, EpollEvent.events(events, i));
          }
        }
        if (woken) {
          C.read(wakeFd, wakeBuf, 8);
          wakePending.set(false); // before running tasks: a task added from now on wakes again
        }
        runTasks();
      }
    } finally {
      shutdown();
    }
  }

  private static void dispatch(Registration r, int ev) {
    try {
      r.handler().ready(ev);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "poller handler failed for fd " + r.fd(), t);
    }
  }

  private void runTasks() {
    while (true) {
      Runnable t;
      synchronized (taskLock) {
        t = tasks.poll();
      }
      if (t == null) {
        return;
      }
      try {
        t.run();
      } catch (Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "poller task failed", e);
      }
    }
  }

  /** On the poller thread at exit: end registrations, run the last tasks, free everything. */
  private void shutdown() {
    closing = true;
    List<Registration> left = new ArrayList<>(registrations.values());
    PollerClosedException cause = new PollerClosedException(name);
    for (Registration r : left) {
      if (r.end()) { // closing epfd below drops the kernel side of every registration
        try {
          r.handler().closed(cause);
        } catch (Throwable t) {
          LOG.log(System.Logger.Level.WARNING, "poller close handler failed", t);
        }
      }
    }
    registrations.clear();
    synchronized (taskLock) {
      terminated = true;
    }
    runTasks(); // tasks queued before termination (e.g. socket closes) still run
    fdLock.writeLock().lock();
    try {
      fdsClosed = true;
      C.close(epfd);
      C.close(wakeFd);
    } finally {
      fdLock.writeLock().unlock();
    }
    arena.close();
  }

  /**
   * Stops the poller: wakes its thread, which ends every registration ({@link
   * Handler#closed(Throwable)} with a {@link PollerClosedException}, so pending futures fail) and
   * exits; waits up to 5 seconds for it unless called on the poller thread itself. Idempotent.
   */
  @Override
  public void close() {
    if (closing) {
      joinQuietly();
      return;
    }
    closing = true;
    if (inPollerThread()) {
      return; // the loop sees 'closing' after the current round and shuts down
    }
    wakePending.set(false);
    wake();
    joinQuietly();
  }

  private void joinQuietly() {
    if (inPollerThread()) {
      return;
    }
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Poller[" + name + ", " + registrations.size() + " registrations"
        + (closing ? ", closed" : "") + "]";
  }
}
