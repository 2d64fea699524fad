package io.icmpkit.engine.trace;

import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.PmtuMode;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.socket.UdpProbeSocket;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Path MTU discovery hop by hop, as iputils tracepath does it and unprivileged: one probe at a
 * time with "don't fragment" ({@code IP_PMTUDISC_DO}) on a UDP socket with {@code IP_RECVERR}
 * (or, which tracepath cannot, with ICMP echo requests on an ICMP socket of {@link
 * IcmpSocket.Kind#AUTO}: the ping socket, a raw one where that is refused); each error of the
 * queue is shown as it comes: time exceeded (a hop), fragmentation needed / packet too big (a new
 * path MTU: the probe is sent again smaller), the local EMSGSIZE ({@code [LOCALHOST]}), port
 * unreachable or echo reply (reached). Up to three probes per TTL, one second each.
 */
public final class PathMtuTracer {
  private PathMtuTracer() {}

  /** Bytes kept per probe slot (tracepath's history ring). */
  private static final int SLOTS = 64;

  /**
   * Runs a tracepath on the calling thread (its network namespace).
   *
   * @param destination the address to trace
   * @param icmp probe with ICMP echo instead of UDP
   * @param initialMtu probe size to start with, IP header included (tracepath {@code -l}; 65535)
   * @param maxHops the largest TTL (tracepath {@code -m}; 30)
   * @param basePort UDP destination port of slot 0 (tracepath {@code -p}; 44444)
   * @param wait how long to wait for each probe's answer (tracepath: 1 s)
   * @param listener receives each event as it happens
   */
  public static PathMtuResult run(InetAddress destination, boolean icmp, int initialMtu,
      int maxHops, int basePort, Duration wait, Consumer<PathMtuEvent> listener) {
    return run(destination, icmp, initialMtu, maxHops, basePort, wait, listener,
        new Tracer.Timing());
  }

  /** A run that counts in {@code timing} how its RTTs were measured. */
  static PathMtuResult run(InetAddress destination, boolean icmp, int initialMtu,
      int maxHops, int basePort, Duration wait, Consumer<PathMtuEvent> listener,
      Tracer.Timing timing) {
    if (maxHops < 1 || maxHops > 255 || initialMtu < 68 || initialMtu > 65535) {
      throw new IllegalArgumentException("maxHops 1-255, mtu 68-65535");
    }
    try (Run run = new Run(destination, icmp, initialMtu, basePort, wait, listener, timing)) {
      return run.run(maxHops);
    }
  }

  private static final class Run implements AutoCloseable {
    private final InetAddress destination;
    private final boolean v6;
    private final boolean icmp;
    private final int basePort;
    private final Duration wait;
    private final Consumer<PathMtuEvent> listener;
    private final UdpProbeSocket udp;
    private final IcmpSocket ping;
    /** A raw ICMP socket: it sees every echo reply and error of the host, ours carry the token. */
    private final boolean raw;
    private final int overhead;
    private final int token = ThreadLocalRandom.current().nextInt(1, 0x10000);
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(65536);
    private final int[] hisHops = new int[SLOTS];
    private final long[] hisSent = new long[SLOTS];
    private int hisptr;
    private int mtu;
    private int ttl;
    private int hopsTo = -1;
    private int hopsFrom = -1;
    private boolean reached;
    private final KernelStamps stamps;
    /** Error-queue entries read while looking for transmit stamps, not handled yet. */
    private final ArrayDeque<ReceivedDatagram> held = new ArrayDeque<>();
    private final Tracer.Timing timing;

    Run(InetAddress destination, boolean icmp, int mtu, int basePort, Duration wait,
        Consumer<PathMtuEvent> listener, Tracer.Timing timing) {
      this.timing = timing;
      this.destination = destination;
      this.v6 = destination instanceof Inet6Address;
      this.icmp = icmp;
      this.mtu = mtu;
      this.basePort = basePort;
      this.wait = wait;
      this.listener = listener;
      this.overhead = (v6 ? 40 : 20) + 8;
      var family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
      if (icmp) {
        this.udp = null;
        this.ping = IcmpSocket.open(family, IcmpSocket.Kind.AUTO);
        this.raw = ping.kind() == IcmpSocket.Kind.RAW;
      } else {
        this.ping = null;
        this.raw = false;
        this.udp = UdpProbeSocket.open(family);
      }
      this.stamps = new KernelStamps();
      try {
        if (icmp) {
          ping.setOption(IcmpSocketOption.RECVERR, true);
          if (raw) {
            // errors come from the error queue, as on the ping socket: only echo replies here
            ping.passOnly(v6 ? 129 : 0);
          }
        }
        setOption(IcmpSocketOption.RECVTTL, true);
        stamps.enable(this::setOption);
        // DO, not PROBE: the MTU the kernel learned earlier counts, as iputils tracepath shows
        setOption(IcmpSocketOption.PMTU_DISCOVERY, PmtuMode.DO);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    private <T> void setOption(IcmpSocketOption<T> o, T v) {
      if (icmp) {
        ping.setOption(o, v);
      } else {
        udp.setOption(o, v);
      }
    }

    /** The next answer within {@code timeout}, past the transmit stamps (taken on the way). */
    private ReceivedDatagram receive(Duration timeout) {
      if (!held.isEmpty()) {
        return held.poll();
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int n = 0; n < 1024; n++) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        ReceivedDatagram d = icmp ? ping.receive(left) : udp.receive(left);
        if (d == null) {
          return null;
        }
        if (!stamps.take(d) && !foreignReply(d)) {
          return d;
        }
      }
      return null;
    }

    /** On a raw socket, an echo reply to someone else (another identifier or peer). */
    private boolean foreignReply(ReceivedDatagram d) {
      if (!raw || d.isError()) {
        return false;
      }
      MemorySegment m = d.payload();
      return m.byteSize() < 8 || Bytes.u16(m, 4) != token || !destination.equals(d.peer());
    }

    private ReceivedDatagram receiveError() {
      if (!held.isEmpty()) {
        return held.poll();
      }
      for (int n = 0; n < 1024; n++) {
        ReceivedDatagram d = icmp ? ping.receiveError(Duration.ZERO)
            : udp.receiveError(Duration.ZERO);
        if (d == null || !stamps.take(d)) {
          return d;
        }
      }
      return null;
    }

    PathMtuResult run(int maxHops) {
      for (ttl = 1; ttl <= maxHops; ttl++) {
        setOption(IcmpSocketOption.TTL, ttl);
        int res = -1;
        boolean restart = true;
        while (restart) {
          restart = false;
          for (int i = 0; i < 3; i++) {
            int old = mtu;
            res = probeTtl();
            if (mtu != old) {
              restart = true; // a new MTU: the three tries start over, as tracepath's goto
              break;
            }
            if (res == 0) {
              return new PathMtuResult(mtu, hopsTo, hopsFrom, reached, false);
            }
            if (res > 0) {
              break;
            }
          }
        }
        if (res < 0) {
          listener.accept(new PathMtuEvent.NoReply(ttl));
        }
      }
      return new PathMtuResult(mtu, hopsTo, hopsFrom, reached, true);
    }

    /** tracepath's probe_ttl: 0 the end, > 0 progress, < 0 nothing. */
    private int probeTtl() {
      int i;
      outer:
      while (true) {
        for (i = 0; i < 10; i++) {
          hisHops[hisptr] = ttl;
          hisSent[hisptr] = System.nanoTime();
          try {
            send(hisptr);
            break outer;
          } catch (NativeException e) {
            // EMSGSIZE and friends: the reason is on the error queue
          }
          int res = recverr(null);
          hisHops[hisptr] = 0;
          if (res == 0) {
            return 0;
          }
          if (res > 0) {
            continue outer;
          }
        }
        break;
      }
      hisptr = (hisptr + 1) % SLOTS;
      if (i < 10) {
        ReceivedDatagram first = receive(wait);
        if (first != null && !first.isError()) {
          if (icmp && first.payload().byteSize() >= 8
              && Bytes.u8(first.payload(), 0) == (v6 ? 129 : 0)) {
            int slot = Bytes.u16(first.payload(), 6) % SLOTS;
            reply(slot, first, first.peer(), PathMtuEvent.Outcome.REACHED, 0);
            return 0;
          }
          return 0; // "reply received 8)": a UDP answer from the target
        }
        return recverr(first);
      }
      listener.accept(new PathMtuEvent.SendFailed(ttl));
      return 0;
    }

    private void send(int slot) {
      stamps.beforeSend(slot);
      int len = Math.max(8, mtu - overhead);
      MemorySegment p = buffer.asSlice(0, len);
      p.fill((byte) 0);
      if (icmp) {
        Bytes.setU8(p, 0, v6 ? 128 : 8);
        Bytes.setU16(p, 4, raw ? token : 0); // the ping socket sets its own identifier
        Bytes.setU16(p, 6, slot);
        if (len >= 10) {
          Bytes.setU16(p, 8, token);
        }
        if (!v6) {
          Bytes.setU16(p, 2, Checksum.compute(p)); // raw ICMPv4 sends it as is
        }
        ping.send(p, destination);
        stamps.sent(slot);
      } else {
        Bytes.setU16(p, 0, slot);
        Bytes.setU16(p, 2, token);
        udp.send(p, new InetSocketAddress(destination, (basePort + slot) & 0xffff));
        stamps.sent(slot);
      }
    }

    /** tracepath's recverr: reads the error queue dry; 0 the end, > 0 progress, < 0 nothing. */
    private int recverr(ReceivedDatagram first) {
      int progress = -1;
      boolean sawLocal = false;
      ReceivedDatagram d = first;
      for (int n = 0; n < 1024; n++) {
        if (d == null) {
          d = receiveError();
          if (d == null) {
            return progress;
          }
        }
        IcmpError e = d.error();
        ReceivedDatagram cur = d;
        d = null;
        if (e == null) {
          continue;
        }
        progress = mtu;
        if (e.origin() == IcmpError.Origin.LOCAL) {
          if (e.mtu() > 0 && !(e.mtu() == mtu && sawLocal)) {
            // (the socket layer retries a send refused with EMSGSIZE once: one entry per refusal)
            sawLocal = true;
            mtu = (int) e.mtu();
            progress = mtu;
            long rtt = -1;
            if (v6 && hisHops[hisptr] != 0) {
              // IPv6 names the refused datagram's port, hence the slot; IPv4 says port 0
              rtt = rtt(hisptr, cur);
              hisHops[hisptr] = 0;
            }
            listener.accept(new PathMtuEvent.LocalMtu(ttl, mtu, rtt));
          }
          continue;
        }
        if (!e.isIcmp() || raw && !quotesOurs(cur)) {
          continue; // a raw socket also queues the errors about other ICMP sockets' packets
        }
        int slot = slotOf(cur);
        int errno = e.errno().number();
        boolean timeExceeded = v6 ? e.type() == 3 : e.type() == 11;
        PathMtuEvent.Outcome o;
        if (e.mtu() > 0) {
          o = PathMtuEvent.Outcome.PMTU;
        } else if (timeExceeded) {
          o = PathMtuEvent.Outcome.HOP;
        } else if (errno == 111) {
          o = PathMtuEvent.Outcome.REACHED;
        } else if (errno == 71) {
          o = PathMtuEvent.Outcome.PROTOCOL;
        } else if (errno == 113) {
          o = PathMtuEvent.Outcome.HOST_UNREACHABLE;
        } else if (errno == 101) {
          o = PathMtuEvent.Outcome.NET_UNREACHABLE;
        } else if (errno == 13) {
          o = PathMtuEvent.Outcome.PROHIBITED;
        } else {
          o = PathMtuEvent.Outcome.OTHER;
        }
        reply(slot, cur, e.offender(), o, o == PathMtuEvent.Outcome.PMTU ? (int) e.mtu() : 0);
        switch (o) {
          case PMTU -> {
            mtu = (int) e.mtu();
            progress = mtu;
          }
          case HOP -> { }
          default -> {
            return 0;
          }
        }
      }
      return progress;
    }

    /** The queued error quotes an echo request with our identifier. */
    private boolean quotesOurs(ReceivedDatagram d) {
      MemorySegment m = d.data().asSegment();
      return m.byteSize() >= 8 && Bytes.u8(m, 0) == (v6 ? 128 : 8) && Bytes.u16(m, 4) == token;
    }

    private int slotOf(ReceivedDatagram d) {
      MemorySegment m = d.data().asSegment();
      if (icmp) {
        return m.byteSize() >= 8 ? Bytes.u16(m, 6) % SLOTS : -1;
      }
      return m.byteSize() >= 4 && Bytes.u16(m, 2) == token ? Bytes.u16(m, 0) % SLOTS : -1;
    }

    /**
     * Reads the transmit stamps waiting on the error queue (a reply from the normal queue is read
     * before the stamp of its probe), keeping the other entries for {@link #receiveError}.
     */
    private void readStamps() {
      for (int n = 0; n < 64; n++) {
        ReceivedDatagram d = icmp ? ping.receiveError(Duration.ZERO)
            : udp.receiveError(Duration.ZERO);
        if (d == null) {
          return;
        }
        if (!stamps.take(d)) {
          held.add(d);
        }
      }
    }

    /** Kernel receive stamp of {@code d} minus kernel send stamp of the slot's probe. */
    private long rtt(int slot, ReceivedDatagram d) {
      if (stamps.sentNanos(slot) == 0) {
        readStamps();
      }
      long sent = stamps.sentNanos(slot);
      if (sent != 0 && d.kernelTimestampNanos() > 0) {
        timing.kernelRtts++;
      } else {
        timing.clockRtts++;
      }
      return Math.max(1, stamps.received(d) - (sent != 0 ? sent : hisSent[slot]));
    }

    private void reply(int slot, ReceivedDatagram d, InetAddress from, PathMtuEvent.Outcome o,
        int newMtu) {
      int replyTtl = d.ttl();
      int sndhops = -1;
      long rtt = -1;
      if (slot >= 0 && hisHops[slot] != 0) {
        sndhops = hisHops[slot];
        rtt = rtt(slot, d);
        hisHops[slot] = 0;
      }
      PathMtuEvent.Reply r = new PathMtuEvent.Reply(ttl, sndhops, from, rtt, replyTtl, o, newMtu);
      if (o == PathMtuEvent.Outcome.REACHED) {
        reached = true;
        hopsTo = sndhops < 0 ? ttl : sndhops;
        hopsFrom = r.backHops();
      }
      listener.accept(r);
    }

    @Override
    public void close() {
      if (stamps != null) {
        stamps.close();
      }
      if (udp != null) {
        udp.close();
      }
      if (ping != null) {
        ping.close();
      }
      arena.close();
    }
  }
}
