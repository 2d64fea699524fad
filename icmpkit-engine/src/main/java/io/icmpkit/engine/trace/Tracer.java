package io.icmpkit.engine.trace;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.PmtuMode;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Traces the path to a destination as Linux traceroute 2.1 does: probes for TTL {@code first} to
 * {@code max}, {@code probesPerHop} per TTL, up to {@code simultaneous} in flight at once; each
 * answer is matched to its probe through what the ICMP error quotes of it (datagram sockets: the
 * kernel's error queue returns the probe's own bytes; raw sockets: {@link
 * io.icmpkit.wire.QuotedDatagram}), never by arrival order. The trace ends at the first TTL where a
 * probe reaches the destination or gets a destination unreachable; hops are reported in TTL order
 * as soon as every probe of the hop is answered or timed out.
 *
 * <pre>{@code
 * TraceResult r = Tracer.trace(TraceRequest.to(InetAddress.getByName("192.0.2.7"))
 *     .method(ProbeMethod.ICMP).build(), hop -> System.out.println(hop));
 * }</pre>
 *
 * <p>Timing: an RTT is the kernel's receive stamp of the answer minus the kernel's software
 * transmit stamp of the probe ({@code SO_TIMESTAMPNS}, {@code SO_TIMESTAMPING} with {@code
 * OPT_ID}), as Linux traceroute's (which reads the receive stamp and the clock right after
 * {@code sendto()}); either end falls back to {@code System.nanoTime()} when the kernel gave no
 * stamp. TCP probes are timed by {@code io.icmpkit.socket.tcp}: the clock before {@code connect()}
 * (which sends the SYN) to the poller's wake-up on the answer, so they include scheduling delays.
 *
 * <p>Socket choice: ICMP uses a raw socket when CAP_NET_RAW allows (else the datagram "ping"
 * socket, {@code net.ipv4.ping_group_range}); UDP always uses an unprivileged socket with {@code
 * IP_RECVERR}; TCP uses {@code connect(2)} with {@code IP_RECVERR}. None needs privileges.
 */
public final class Tracer {
  private Tracer() {}

  private static final class Probe {
    final int ttl;
    final int index;
    long sent; // System.nanoTime before the send (kernel stamp: with the answer), 0 = not sent
    ProbeReply reply;
    int mtu;
    int resends;

    Probe(int ttl, int index) {
      this.ttl = ttl;
      this.index = index;
    }

    boolean inFlight() {
      return sent != 0 && reply == null;
    }
  }

  /** Runs a trace; blocks until it ends. Equivalent to {@code trace(request, NONE)}. */
  public static TraceResult trace(TraceRequest request) {
    return trace(request, TraceListener.NONE);
  }

  /**
   * Runs a trace on the calling thread (sockets are opened in its network namespace), telling
   * {@code listener} about each hop as it completes.
   *
   * @throws NativeException when a socket cannot be opened or a probe cannot be sent
   */
  public static TraceResult trace(TraceRequest request, TraceListener listener) {
    return trace(request, listener, new Timing());
  }

  /** A trace that counts in {@code timing} how its RTTs were measured. */
  static TraceResult trace(TraceRequest request, TraceListener listener, Timing timing) {
    int token = ThreadLocalRandom.current().nextInt(1, 0x10000);
    PmtuMode pmtu = request.dontFragment() ? PmtuMode.DO : PmtuMode.DONT;
    try (ProbeChannel channel = open(request, token, pmtu)) {
      return trace(request, channel, listener, timing);
    }
  }

  /**
   * Opens and closes the sockets a trace of {@code request} would use, so that a command can
   * report a refusal before it prints anything (traceroute opens its sockets before its header).
   *
   * @throws NativeException as {@link #trace} would (a permission error comes with a hint)
   */
  public static void checkSockets(TraceRequest request) {
    PmtuMode pmtu = request.dontFragment() ? PmtuMode.DO : PmtuMode.DONT;
    try (ProbeChannel channel = open(request, 1, pmtu)) {
      // opened: nothing sent
    }
  }

  /** The trace over a given channel (tests use a scripted one). */
  static TraceResult trace(TraceRequest request, ProbeChannel channel, TraceListener listener) {
    return trace(request, channel, listener, new Timing());
  }

  static TraceResult trace(TraceRequest request, ProbeChannel channel, TraceListener listener,
      Timing timing) {
    return new Run(request, channel, listener, timing).run();
  }

  /**
   * How the answers of a trace were timed: both ends from kernel stamps (transmit stamp of the
   * probe, receive stamp of the answer), or at least one end from the clock.
   */
  static final class Timing {
    int kernelRtts;
    int clockRtts;
  }

  static ProbeChannel open(TraceRequest r, int token, PmtuMode pmtu) {
    return switch (r.method()) {
      case ICMP -> new IcmpChannel(r, token, pmtu);
      case UDP, UDP_PARIS -> new UdpChannel(r, token, pmtu);
      case TCP -> new TcpChannel(r);
    };
  }

  private static final class Run {
    private final TraceRequest req;
    private final ProbeChannel channel;
    private final TraceListener listener;
    private final Probe[] probes;
    private final boolean v6;
    private int packetLength;
    private int finalTtl = Integer.MAX_VALUE;
    private int next;
    private int inFlight;
    private int reported; // hops reported so far
    private final List<Hop> hops = new ArrayList<>();
    private final List<MtuChange> mtuChanges = new ArrayList<>();
    private long lastSend;
    private final Timing timing;

    Run(TraceRequest req, ProbeChannel channel, TraceListener listener, Timing timing) {
      this.timing = timing;
      this.req = req;
      this.channel = channel;
      this.listener = listener;
      this.v6 = req.destination() instanceof Inet6Address;
      this.packetLength = req.packetLength();
      int q = req.probesPerHop();
      int n = (req.maxTtl() - req.firstTtl() + 1) * q;
      probes = new Probe[n];
      for (int i = 0; i < n; i++) {
        probes[i] = new Probe(req.firstTtl() + i / q, i % q);
      }
    }

    TraceResult run() {
      int hopCount = req.maxTtl() - req.firstTtl() + 1;
      while (reported < hopCount) {
        sendWhatFits();
        long now = System.nanoTime();
        long wait = nextDeadline() - now;
        if (req.sendInterval().isPositive() && next < probes.length) {
          wait = Math.min(wait, lastSend + req.sendInterval().toNanos() - now);
        }
        handle(channel.poll(Duration.ofNanos(Math.max(0, wait))));
        now = System.nanoTime();
        handle(channel.poll(Duration.ZERO)); // whatever is queued by now counts as in time
        expire(now);
        report();
        if (finalTtl != Integer.MAX_VALUE && reported > finalTtl - req.firstTtl()) {
          break;
        }
      }
      return new TraceResult(req.destination(), req.method(), channel.privileged(), hops,
          packetLength, mtuChanges);
    }

    private void sendWhatFits() {
      while (next < probes.length && inFlight < req.simultaneous()
          && probes[next].ttl <= finalTtl) {
        if (req.sendInterval().isPositive() && lastSend != 0
            && System.nanoTime() - lastSend < req.sendInterval().toNanos()) {
          return;
        }
        send(probes[next]);
        next++;
        inFlight++;
      }
    }

    private void send(Probe p) {
      for (int attempt = 0; ; attempt++) {
        try {
          p.sent = System.nanoTime();
          lastSend = p.sent;
          channel.send(seqOf(p), p.ttl, packetLength);
          return;
        } catch (NativeException e) {
          if (e.errno() != Errno.EMSGSIZE || attempt > 8) {
            throw e;
          }
          MtuChange change = channel.localMtu(packetLength);
          if (change == null) {
            throw e;
          }
          packetLength = change.mtu();
          mtuChanges.add(change);
          p.mtu = packetLength; // traceroute --mtu: F=<mtu> on the probe that carries the new size
        }
      }
    }

    private int seqOf(Probe p) {
      return (p.ttl - req.firstTtl()) * req.probesPerHop() + p.index;
    }

    private long timeoutNanos(int i) {
      Probe p = probes[i];
      long max = req.waitMax().toNanos();
      if (req.method() == ProbeMethod.TCP) {
        return max + 1_000_000_000L; // the channel reports its own timeouts; answers are late
      }
      if (req.waitHere() > 0) {
        int first = i - p.index;
        for (int j = first; j < first + req.probesPerHop(); j++) {
          ProbeReply r = probes[j].reply;
          if (r != null && r.rttNanos() > 0) {
            return Math.min(max, (long) (r.rttNanos() * req.waitHere()));
          }
        }
      }
      if (req.waitNear() > 0) {
        for (int j = i + 1; j < probes.length && j < i + req.simultaneous(); j++) {
          ProbeReply r = probes[j].reply;
          if (r != null && r.rttNanos() > 0) {
            return Math.min(max, (long) (r.rttNanos() * req.waitNear()));
          }
        }
      }
      return max;
    }

    private long nextDeadline() {
      long best = System.nanoTime() + req.waitMax().toNanos();
      for (int i = 0; i < next; i++) {
        if (probes[i].inFlight() && probes[i].ttl <= finalTtl) {
          best = Math.min(best, probes[i].sent + timeoutNanos(i));
        }
      }
      return best;
    }

    private void expire(long now) {
      for (int i = 0; i < next; i++) {
        Probe p = probes[i];
        if (p.inFlight() && now - p.sent >= timeoutNanos(i)) {
          p.reply = new ProbeReply(p.ttl, p.index, ProbeReply.Kind.TIMEOUT, null, -1, -1, -1, -1,
              p.mtu, null);
          inFlight--;
        }
      }
    }

    private void handle(List<ProbeChannel.Answer> answers) {
      for (ProbeChannel.Answer a : answers) {
        if (a.seq() < 0 || a.seq() >= probes.length) {
          continue;
        }
        Probe p = probes[a.seq()];
        if (!p.inFlight()) {
          continue; // late, duplicate (raw socket + error queue), or not ours
        }
        boolean tooBig = v6 ? a.icmpType() == 2 : a.icmpType() == 3 && a.icmpCode() == 4;
        if (tooBig && req.pathMtu() && a.info() > 0 && p.resends < 4) {
          // the same probe again, smaller: it does not count as an answer (also when another
          // probe already brought the size down)
          if (a.info() < packetLength) {
            packetLength = (int) a.info();
            mtuChanges.add(new MtuChange(packetLength, a.responder()));
            p.mtu = packetLength;
          }
          p.resends++;
          send(p);
          continue;
        }
        ProbeReply.Kind kind = classify(a);
        int mtu = tooBig ? (int) a.info() : p.mtu;
        if (a.kernelRx() && a.sentNanos() != 0) {
          timing.kernelRtts++;
        } else {
          timing.clockRtts++;
        }
        long rtt = Math.max(1, a.nanos() - a.sentOr(p.sent));
        p.reply = new ProbeReply(p.ttl, p.index, kind, a.responder(), rtt, a.replyTtl(),
            a.icmpType(), a.icmpCode(), mtu, a.extensions());
        inFlight--;
        if (p.reply.isFinal()) {
          finalTtl = Math.min(finalTtl, p.ttl);
        }
      }
    }

    private ProbeReply.Kind classify(ProbeChannel.Answer a) {
      if (a.reached()) {
        return ProbeReply.Kind.REACHED;
      }
      int t = a.icmpType();
      int c = a.icmpCode();
      boolean udp = req.method() == ProbeMethod.UDP || req.method() == ProbeMethod.UDP_PARIS;
      if (v6) {
        if (t == 3) {
          return ProbeReply.Kind.TIME_EXCEEDED;
        }
        return t == 1 && c == 4 && udp ? ProbeReply.Kind.REACHED : ProbeReply.Kind.UNREACHABLE;
      }
      if (t == 11) {
        return ProbeReply.Kind.TIME_EXCEEDED;
      }
      return t == 3 && c == 3 && udp ? ProbeReply.Kind.REACHED : ProbeReply.Kind.UNREACHABLE;
    }

    private void report() {
      int q = req.probesPerHop();
      while (reported < probes.length / q) {
        int base = reported * q;
        int ttl = probes[base].ttl;
        if (ttl > finalTtl) {
          return;
        }
        List<ProbeReply> replies = new ArrayList<>(q);
        for (int i = base; i < base + q; i++) {
          if (probes[i].reply == null) {
            return;
          }
          replies.add(probes[i].reply);
        }
        Hop hop = new Hop(ttl, replies);
        hops.add(hop);
        reported++;
        listener.hop(hop);
      }
    }
  }
}
