package io.icmpkit.socket.poll;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.ReceivedDatagram;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * An {@link IcmpSocket} driven by a {@link Poller}: datagrams (and error-queue entries) are read on
 * the poller thread as soon as the descriptor is readable, and handed either to a <em>listener</em>
 * (one call per datagram, see {@link #open(Poller, IcmpSocket, Consumer)}) or to the futures of
 * {@link #receive()}, oldest first. {@link #send} works from any thread (virtual threads too: the
 * descriptor is non-blocking, so the native call never waits); when the kernel's send buffer is
 * full ({@code EAGAIN}) the datagram is queued and sent by the poller when the socket is writable.
 *
 * <p>Futures and listeners complete on the poller thread: keep the work there short, or continue
 * with the {@code ...Async} stages of {@link CompletableFuture}.
 *
 * <p>Closing: {@link #close()} (any thread) ends the registration on the poller thread, closes the
 * socket and fails pending futures with a {@link NativeException} (EBADF); after it returns no
 * listener call starts. Closing the {@link Poller} fails pending futures with a {@link
 * PollerClosedException}. Datagrams nobody waits for are kept in a bounded backlog ({@value
 * #BACKLOG}); beyond it the oldest are dropped and counted ({@link #dropped()}).
 *
 * <pre>{@code
 * try (Poller poller = Poller.open();
 *      AsyncIcmpSocket s = AsyncIcmpSocket.open(poller,
 *          IcmpSocket.open(StandardProtocolFamily.INET, IcmpSocket.Kind.AUTO))) {
 *   CompletableFuture<ReceivedDatagram> reply = s.receive();
 *   s.send(echoRequest, target);
 *   ReceivedDatagram r = reply.orTimeout(1, TimeUnit.SECONDS).join();
 * }
 * }</pre>
 */
public final class AsyncIcmpSocket implements AutoCloseable {
  /** Datagrams kept for later {@link #receive()} calls. */
  public static final int BACKLOG = 4096;
  /** Datagrams read per readiness event, so one busy socket cannot starve the others. */
  private static final int BATCH = 64;
  private static final System.Logger LOG = System.getLogger(AsyncIcmpSocket.class.getName());

  private final IcmpSocket socket;
  private final Poller poller;
  private final Consumer<ReceivedDatagram> listener;
  private final Object rxLock = new Object();
  private final ArrayDeque<CompletableFuture<ReceivedDatagram>> waiters = new ArrayDeque<>();
  private final ArrayDeque<ReceivedDatagram> backlog = new ArrayDeque<>();
  private final Object txLock = new Object();
  private final ArrayDeque<PendingSend> sendQueue = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder dropped = new LongAdder();
  private volatile Throwable failure; // why the socket no longer receives; guarded writes: rxLock
  private volatile Registration registration;

  private record PendingSend(MemorySegment data, InetAddress destination,
      CompletableFuture<Integer> result) {}

  private AsyncIcmpSocket(Poller poller, IcmpSocket socket, Consumer<ReceivedDatagram> listener) {
    this.poller = poller;
    this.socket = socket;
    this.listener = listener;
  }

  /**
   * Registers {@code socket} with {@code poller}, futures mode ({@link #receive()}). The returned
   * object owns the socket: close it, not the socket.
   */
  public static AsyncIcmpSocket open(Poller poller, IcmpSocket socket) {
    return start(new AsyncIcmpSocket(poller, socket, null));
  }

  /**
   * Registers {@code socket} with {@code poller}; every datagram and error-queue entry is passed to
   * {@code listener} on the poller thread ({@link #receive()} is then not available).
   */
  public static AsyncIcmpSocket open(Poller poller, IcmpSocket socket,
      Consumer<ReceivedDatagram> listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    return start(new AsyncIcmpSocket(poller, socket, listener));
  }

  private static AsyncIcmpSocket start(AsyncIcmpSocket s) {
    s.registration = s.poller.register(s.socket.fd(), Poller.READ, new Poller.Handler() {
      @Override
      public void ready(int events) {
        s.ready(events);
      }

      @Override
      public void closed(Throwable cause) {
        s.terminate(cause);
      }
    });
    return s;
  }

  /** The underlying socket, for options; do not receive from it or close it directly. */
  public IcmpSocket socket() {
    return socket;
  }

  /** Datagrams dropped because the backlog was full. */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * The next datagram or error-queue entry, oldest first. Bound the wait with {@link
   * CompletableFuture#orTimeout}; a future completed or cancelled by its caller is skipped, never
   * given a datagram.
   *
   * @throws IllegalStateException in listener mode
   */
  public CompletableFuture<ReceivedDatagram> receive() {
    if (listener != null) {
      throw new IllegalStateException("datagrams go to the listener of this socket");
    }
    synchronized (rxLock) {
      Throwable f = failure;
      if (f != null) {
        return CompletableFuture.failedFuture(f);
      }
      ReceivedDatagram d = backlog.poll();
      if (d != null) {
        return CompletableFuture.completedFuture(d);
      }
      while (!waiters.isEmpty() && waiters.peekFirst().isDone()) {
        waiters.pollFirst(); // timed out or cancelled by the caller
      }
      CompletableFuture<ReceivedDatagram> w = new CompletableFuture<>();
      waiters.add(w);
      return w;
    }
  }

  /**
   * Sends one ICMP message to {@code destination} (see {@link IcmpSocket#send(MemorySegment,
   * InetAddress)}). Any thread; never blocks. The future completes with the bytes sent, or fails
   * with the {@link NativeException} of the send.
   */
  public CompletableFuture<Integer> send(MemorySegment message, InetAddress destination) {
    Throwable f = failure;
    if (f != null) {
      return CompletableFuture.failedFuture(f);
    }
    synchronized (txLock) {
      if (sendQueue.isEmpty()) {
        try {
          return CompletableFuture.completedFuture(socket.send(message, destination));
        } catch (NativeException e) {
          if (e.errno() != Errno.EAGAIN) {
            return CompletableFuture.failedFuture(e);
          }
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        }
      }
      // send buffer full (or earlier datagrams queued): keep order, send when writable
      MemorySegment copy = MemorySegment.ofArray(new byte[(int) message.byteSize()]);
      copy.copyFrom(message);
      PendingSend p = new PendingSend(copy, destination, new CompletableFuture<>());
      sendQueue.add(p);
      registration.interest(Poller.READ | Poller.WRITE);
      return p.result();
    }
  }

  /** {@link #send(MemorySegment, InetAddress)} of a byte array. */
  public CompletableFuture<Integer> send(byte[] message, InetAddress destination) {
    return send(MemorySegment.ofArray(message), destination);
  }

  // ---- poller thread ----

  private void ready(int events) {
    if ((events & Poller.WRITE) != 0) {
      flushSends();
    }
    try {
      if ((events & Poller.ERROR) != 0) { // the error queue is not empty (or a socket error)
        for (int i = 0; i < BATCH; i++) {
          ReceivedDatagram e = socket.receiveError(Duration.ZERO);
          if (e == null) {
            break;
          }
          deliver(e);
        }
      }
      // ERROR too: a pending socket error without an error-queue entry is cleared by a read
      if ((events & (Poller.READ | Poller.HANGUP | Poller.ERROR)) != 0) {
        for (int i = 0; i < BATCH; i++) {
          ReceivedDatagram d = socket.tryReceive();
          if (d == null) {
            break;
          }
          deliver(d);
        }
      }
    } catch (NativeException e) {
      if (socket.isClosed()) { // closed under us (directly): end cleanly
        Registration r = registration;
        if (r != null) {
          r.cancel();
        }
        terminate(e);
        return;
      }
      throw e;
    }
  }

  private void deliver(ReceivedDatagram d) {
    if (listener != null) {
      try {
        listener.accept(d);
      } catch (Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "datagram listener failed", t);
      }
      return;
    }
    synchronized (rxLock) {
      CompletableFuture<ReceivedDatagram> w;
      while ((w = waiters.pollFirst()) != null) {
        if (w.complete(d)) {
          return;
        }
      }
      if (backlog.size() >= BACKLOG) {
        backlog.pollFirst();
        dropped.increment();
      }
      backlog.add(d);
    }
  }

  private void flushSends() {
    synchronized (txLock) {
      PendingSend p;
      while ((p = sendQueue.peekFirst()) != null) {
        try {
          p.result().complete(socket.send(p.data(), p.destination()));
        } catch (NativeException e) {
          if (e.errno() == Errno.EAGAIN) {
            return; // still full: wait for the next WRITE
          }
          p.result().completeExceptionally(e);
        } catch (RuntimeException e) {
          p.result().completeExceptionally(e);
        }
        sendQueue.pollFirst();
      }
      registration.interest(Poller.READ);
    }
  }

  /** Ends receiving: records {@code cause}, fails waiting futures and queued sends. */
  private void terminate(Throwable cause) {
    ArrayDeque<CompletableFuture<ReceivedDatagram>> w;
    synchronized (rxLock) {
      if (failure == null) {
        failure = cause;
      }
      w = new ArrayDeque<>(waiters);
      waiters.clear();
    }
    w.forEach(f -> f.completeExceptionally(cause));
    synchronized (txLock) {
      sendQueue.forEach(p -> p.result().completeExceptionally(cause));
      sendQueue.clear();
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Ends the registration (on the poller thread, so no handler runs concurrently), closes the
   * socket and fails pending futures with EBADF. Any thread; idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Runnable end = () -> {
      registration.cancel(); // while the descriptor is still open
      socket.close();
      terminate(new NativeException("receive", Errno.EBADF, "the socket is closed"));
    };
    if (poller.inPollerThread()) {
      end.run();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      poller.execute(() -> {
        try {
          end.run();
        } finally {
          done.complete(null);
        }
      });
      done.get(5, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      end.run(); // poller thread gone: nothing runs concurrently any more
    } catch (Exception e) {
      end.run(); // poller stuck: close anyway (the socket layer is thread-safe)
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "AsyncIcmpSocket[" + socket + ", " + registration + "]";
  }
}
