package io.icmpkit.stack.topology;

import io.icmpkit.stack.topology.Topology.LinkSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * A link of the virtual network with its emulated properties: the MTU (a longer packet is dropped
 * and counted: the sending node must have fragmented it or answered Fragmentation Needed), a
 * delay plus uniform jitter per delivery (scheduled on the {@link Scheduler}, no sleeping), and an
 * independent loss probability per delivery. A link with two ends is a wire; with more it is a LAN
 * segment, where a packet goes to the end that owns the next-hop address (what ARP or neighbour
 * discovery would find) and a broadcast or multicast packet to every other end.
 *
 * <p>Deliveries of one sender never overtake each other (jitter delays, it does not reorder: a
 * later packet is delivered no earlier than the previous one), so fragments and traceroute probes
 * keep their order. At most {@link #MAX_IN_FLIGHT} packets are in flight per link (netem's
 * default queue limit); more are dropped and counted.
 */
public final class EmulatedLink {
  /** Packets in flight per link before further ones are dropped (netem's default limit). */
  public static final int MAX_IN_FLIGHT = 1000;

  /** One end of a link: a node's interface, or the host side. */
  public interface Port {
    /** The addresses (with subnets) of this end, for next-hop and broadcast resolution. */
    List<Prefix> prefixes();

    /**
     * Receives a packet that crossed the link; it is the port's to keep (a fresh copy per
     * delivery).
     */
    void deliver(MemorySegment packet, long nowNanos);
  }

  /** Counters of one link (all ends and directions). */
  public static final class Counters {
    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder tooBig = new LongAdder();
    final LongAdder noNeighbour = new LongAdder();
    final LongAdder queueFull = new LongAdder();

    /** Packets handed to the link. */
    public long sent() {
      return sent.sum();
    }

    /** Deliveries made (a broadcast counts once per receiving end). */
    public long delivered() {
      return delivered.sum();
    }

    /** Deliveries dropped by the emulated loss. */
    public long lost() {
      return lost.sum();
    }

    /** Packets longer than the MTU, dropped. */
    public long tooBig() {
      return tooBig.sum();
    }

    /** Packets for a next hop no end of the link owns, dropped. */
    public long noNeighbour() {
      return noNeighbour.sum();
    }

    /** Deliveries dropped because {@link #MAX_IN_FLIGHT} were in flight. */
    public long queueFull() {
      return queueFull.sum();
    }

    @Override
    public String toString() {
      return "sent " + sent() + ", delivered " + delivered() + ", lost " + lost() + ", too big "
          + tooBig() + ", no neighbour " + noNeighbour() + ", queue full " + queueFull();
    }
  }

  private final LinkSpec spec;
  private final Scheduler scheduler;
  private final RandomGenerator random;
  private final List<Port> ports = new ArrayList<>();
  private final Map<Port, Long> lastDelivery = new HashMap<>();
  /** The ends owning each address, in attach order (next-hop resolution, as ARP/ND would). */
  private final Map<InetAddress, List<Port>> owners = new HashMap<>();
  /** The IPv4 subnet broadcast addresses of every end's subnets. */
  private final Set<InetAddress> broadcasts = new HashSet<>();
  private final Counters counters = new Counters();
  private int inFlight;

  public EmulatedLink(LinkSpec spec, Scheduler scheduler, RandomGenerator random) {
    this.spec = spec;
    this.scheduler = scheduler;
    this.random = random;
  }

  /** Adds an end (in the order of the link's {@code ends}). */
  public void attach(Port port) {
    ports.add(port);
    // resolved once here, not per packet: a LAN end may own hundreds of addresses, and a scan
    // of every end's addresses (and their computed broadcasts) per packet made a sweep of a
    // large LAN ingest-bound at a few thousand packets per second
    for (Prefix x : port.prefixes()) {
      owners.computeIfAbsent(x.address(), k -> new ArrayList<>(1)).add(port);
      InetAddress b = x.broadcast();
      if (b != null) {
        broadcasts.add(b);
      }
    }
  }

  public LinkSpec spec() {
    return spec;
  }

  public List<Port> ports() {
    return List.copyOf(ports);
  }

  public Counters counters() {
    return counters;
  }

  /**
   * Sends {@code packet} (an IPv4 or IPv6 packet, copied here) from {@code from} toward {@code
   * nextHop} (null: the packet's destination address, a directly connected one).
   */
  public void send(Port from, InetAddress nextHop, MemorySegment packet, long nowNanos) {
    counters.sent.increment();
    if (packet.byteSize() > spec.mtu()) {
      counters.tooBig.increment();
      return;
    }
    InetAddress target = nextHop != null ? nextHop : destination(packet);
    if (ports.size() == 2) {
      Port other = ports.get(0) == from ? ports.get(1) : ports.get(0);
      schedule(from, other, packet, nowNanos);
      return;
    }
    if (target != null && isBroadcast(target)) {
      for (Port p : ports) {
        if (p != from) {
          schedule(from, p, packet, nowNanos);
        }
      }
      return;
    }
    for (Port p : target == null ? List.<Port>of() : owners.getOrDefault(target, List.of())) {
      if (p != from) {
        schedule(from, p, packet, nowNanos);
        return;
      }
    }
    counters.noNeighbour.increment();
  }

  private boolean isBroadcast(InetAddress a) {
    if (a.isMulticastAddress()) {
      return true;
    }
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      if ((b[0] & b[1] & b[2] & b[3]) == (byte) 0xff) {
        return true;
      }
      return broadcasts.contains(a);
    }
    return false;
  }

  private void schedule(Port from, Port to, MemorySegment packet, long now) {
    if (spec.loss() > 0 && random.nextDouble() < spec.loss()) {
      counters.lost.increment();
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      counters.queueFull.increment();
      return;
    }
    long delay = spec.delay().toNanos();
    long jitter = spec.jitter().toNanos();
    if (jitter > 0) {
      delay += random.nextLong(-jitter, jitter + 1);
    }
    long at = now + Math.max(0, delay);
    Long last = lastDelivery.get(from);
    if (last != null && at - last < 0) {
      at = last; // no overtaking: jitter delays, it does not reorder
    }
    lastDelivery.put(from, at);
    long when = at;
    byte[] copy = packet.toArray(ValueLayout.JAVA_BYTE);
    inFlight++;
    scheduler.schedule(at, () -> {
      inFlight--;
      counters.delivered.increment();
      to.deliver(MemorySegment.ofArray(copy), when);
    });
  }

  /** The destination address of an IPv4 or IPv6 packet, or null if it is too short. */
  static InetAddress destination(MemorySegment p) {
    if (p.byteSize() < 1) {
      return null;
    }
    int version = (p.get(ValueLayout.JAVA_BYTE, 0) >> 4) & 0xf;
    try {
      if (version == 4 && p.byteSize() >= 20) {
        return InetAddress.getByAddress(p.asSlice(16, 4).toArray(ValueLayout.JAVA_BYTE));
      }
      if (version == 6 && p.byteSize() >= 40) {
        return InetAddress.getByAddress(p.asSlice(24, 16).toArray(ValueLayout.JAVA_BYTE));
      }
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
    return null;
  }

  @Override
  public String toString() {
    return spec.name() + " " + spec.ends();
  }
}
