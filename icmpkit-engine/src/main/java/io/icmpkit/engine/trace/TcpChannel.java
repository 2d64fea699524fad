package io.icmpkit.engine.trace;

import io.icmpkit.socket.poll.Poller;
import io.icmpkit.socket.tcp.TcpProbe;
import io.icmpkit.socket.tcp.TcpProbeResult;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * TCP SYN probes through {@code connect(2)} with {@code IP_RECVERR}, one socket per probe (its
 * descriptor names the probe: the kernel matched the ICMP error to it through the quoted ports and
 * sequence number), answered on a poller thread and handed back through a queue.
 */
final class TcpChannel implements ProbeChannel {
  private final TcpProbe probe;
  private final Poller poller;
  private final InetSocketAddress target;
  private final Duration timeout;
  private final LinkedBlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

  TcpChannel(TraceRequest r) {
    this.target = new InetSocketAddress(r.destination(), r.port());
    this.timeout = r.waitMax();
    boolean v6 = r.destination() instanceof Inet6Address;
    this.probe = TcpProbe.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET,
        TcpProbe.Kind.CONNECT);
    if (r.source() != null) {
      probe.bind(r.source());
    }
    this.poller = Poller.open("icmpkit-trace-tcp");
  }

  @Override
  public boolean privileged() {
    return false;
  }

  @Override
  public void send(int seq, int ttl, int packetLength) {
    long sent = System.nanoTime();
    probe.probeAsync(poller, target, ttl, timeout).whenComplete((res, failure) -> {
      if (res != null) {
        Answer a = answer(seq, sent, res);
        if (a != null) {
          answers.add(a);
        }
      }
    });
  }

  private static Answer answer(int seq, long sent, TcpProbeResult r) {
    long at = sent + Math.max(0, r.rttNanos());
    return switch (r.outcome()) {
      case TIMEOUT -> null;
      case CONNECTED, REFUSED -> new Answer(seq, r.responder(), at, -1, -1, -1, 0, true, 0, null);
      case ICMP_ERROR -> new Answer(seq, r.error().offender() != null ? r.error().offender()
          : r.responder(), at, -1, r.error().type(), r.error().code(), r.error().info(), false, 0,
          null);
    };
  }

  @Override
  public List<Answer> poll(Duration wait) {
    List<Answer> out = new ArrayList<>();
    try {
      Answer a = answers.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
      if (a != null) {
        out.add(a);
        answers.drainTo(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  @Override
  public MtuChange localMtu(int below) {
    return null;
  }

  @Override
  public void close() {
    poller.close();
    probe.close();
  }
}
