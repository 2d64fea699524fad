package io.icmpkit.stack.phy.tun;

import io.icmpkit.socket.tun.TunDevice;
import io.icmpkit.stack.topology.Topology;
import io.icmpkit.stack.topology.VirtualNetwork;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves a {@link VirtualNetwork} through one TUN device: every packet the kernel routes to the
 * TUN interface enters the network over its host link, and every packet the network sends to the
 * host is written back to the TUN device. One thread ({@link #run()}) does everything: it waits on
 * the device at most until the network's next deadline (a delayed delivery or a timer), so link
 * delays cost no sleeping per packet.
 *
 * <pre>{@code
 * Topology t = Topology.load(Path.of("samples/topologies/path5.yaml"));
 * try (TunDevice tun = TunDevice.open(t.host().tun())) {
 *   HostSetup.of(t, tun.name()).apply(List.of("ip"));   // address, link up, routes
 *   TunNetwork served = new TunNetwork(tun, t, PacketTap.NONE);
 *   Thread.ofPlatform().start(served::run);             // until served.stop()
 * }
 * }</pre>
 */
public final class TunNetwork {
  /** Sees every packet crossing the TUN device (for captures). */
  @FunctionalInterface
  public interface PacketTap {
    PacketTap NONE = (inbound, packet, nowNanos) -> { };

    /**
     * @param fromHost true for a packet read from the device (the host sent it), false for one
     *     written to it
     * @param packet valid during the call only
     */
    void packet(boolean fromHost, MemorySegment packet, long nowNanos);
  }

  /** Largest wait per poll, so {@link #stop()} is noticed even if a close does not wake us. */
  private static final long MAX_WAIT_NANOS = 200_000_000L;

  private final TunDevice tun;
  private final VirtualNetwork network;
  private final PacketTap tap;
  private final MemorySegment buf = Arena.ofAuto().allocate(TunDevice.MAX_PACKET + 1, 16);
  private final LongAdder fromHost = new LongAdder();
  private final LongAdder toHost = new LongAdder();
  private final LongAdder writeErrors = new LongAdder();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  /** Builds the network of {@code topology}, served on {@code tun}. */
  public TunNetwork(TunDevice tun, Topology topology, PacketTap tap) {
    this.tun = Objects.requireNonNull(tun);
    this.tap = Objects.requireNonNull(tap);
    this.network = VirtualNetwork.build(topology, this::write);
  }

  private void write(MemorySegment packet, long now) {
    // the tap sees the wall-clock moment of the write (a capture stays in time order even when
    // a wake-up came late), not the virtual delivery time
    tap.packet(false, packet, System.nanoTime());
    try {
      tun.write(packet);
      toHost.increment();
    } catch (RuntimeException e) {
      // the kernel refused this one packet (EINVAL for a malformed one): count it, keep serving
      writeErrors.increment();
      if (!running) {
        throw e;
      }
    }
  }

  /**
   * Serves until {@link #stop()} (or the device is closed); returns normally then. Call from a
   * platform thread: waits block in {@code poll(2)}.
   */
  public void run() {
    try {
      long now = System.nanoTime();
      network.advance(now);
      while (running) {
        long wait = Math.clamp(network.nextDeadline() - now, 0, MAX_WAIT_NANOS);
        int n;
        try {
          n = tun.read(buf, Duration.ofNanos(wait));
        } catch (RuntimeException e) {
          if (!running) {
            break; // closed under us by stop()
          }
          throw e;
        }
        now = System.nanoTime();
        if (n > 0) {
          MemorySegment p = buf.asSlice(0, n);
          fromHost.increment();
          tap.packet(true, p, now);
          network.fromHost(p, now);
        }
        network.advance(now);
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
      }
    } finally {
      finished.countDown();
    }
  }

  /**
   * Runs {@code task} on the serving thread, within ~200 ms (the network is not thread-safe:
   * read its state, e.g. {@link VirtualNetwork#groups()}, from such a task).
   */
  public void execute(Runnable task) {
    tasks.add(Objects.requireNonNull(task));
  }

  /** Asks {@link #run()} to return (within ~200 ms); does not close the device. */
  public void stop() {
    running = false;
  }

  /** Waits up to {@code timeout} for {@link #run()} to return; true when it has. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public VirtualNetwork network() {
    return network;
  }

  public TunDevice device() {
    return tun;
  }

  /** Packets read from the TUN device (sent by the host into the network). */
  public long packetsFromHost() {
    return fromHost.sum();
  }

  /** Packets written to the TUN device (sent by the network to the host). */
  public long packetsToHost() {
    return toHost.sum();
  }

  /** Packets the kernel refused to take from the TUN device. */
  public long writeErrors() {
    return writeErrors.sum();
  }
}
