package io.icmpkit.engine.trace;

import io.icmpkit.wire.ext.IcmpExtensions;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Running statistics of one hop as mtr 0.95 keeps them ({@code net_process_ping()}): round-trip
 * times in whole microseconds, average by Welford's update, standard deviation from the sum of
 * squared differences over {@code n - 1}, jitter as the difference between consecutive round trips
 * (0 for the first), its mean in integer arithmetic, and the interarrival jitter of RFC 3550
 * appendix A.8 kept unscaled (mtr shows the 16-fold value). Accessors return what mtr prints, in
 * milliseconds (mtr truncates each value to whole microseconds first).
 *
 * <p>Instances are mutable and not thread-safe; {@link MtrSession#hops()} hands out copies.
 */
public final class HopStatistics {
  private final int ttl;
  private int sent;
  private int transit;
  private int received;
  private long last;
  private long best;
  private long worst;
  private double avg;
  private double ssd;
  private double gmean;
  private long jitter;
  private long javg;
  private long jworst;
  private long jinta;
  private final LinkedHashSet<InetAddress> responders = new LinkedHashSet<>();
  private IcmpExtensions extensions;
  private boolean reached;

  /** Empty statistics for {@code ttl}. */
  public HopStatistics(int ttl) {
    this.ttl = ttl;
  }

  /** A copy of {@code o}. */
  public HopStatistics(HopStatistics o) {
    this(o.ttl);
    sent = o.sent;
    transit = o.transit;
    received = o.received;
    last = o.last;
    best = o.best;
    worst = o.worst;
    avg = o.avg;
    ssd = o.ssd;
    gmean = o.gmean;
    jitter = o.jitter;
    javg = o.javg;
    jworst = o.jworst;
    jinta = o.jinta;
    responders.addAll(o.responders);
    extensions = o.extensions;
    reached = o.reached;
  }

  /** A probe was sent to this hop; it is in transit until {@link #reply} or {@link #lost}. */
  public void sent() {
    sent++;
    transit++;
  }

  /** A probe of this hop got no answer in time. */
  public void lost() {
    if (transit > 0) {
      transit--;
    }
  }

  /**
   * A probe of this hop was answered by {@code responder} after {@code rttNanos}.
   *
   * @param destination whether the answer came from the destination
   * @param ext RFC 4884 extensions of the answer, or null
   */
  public void reply(InetAddress responder, long rttNanos, boolean destination, IcmpExtensions ext) {
    if (transit > 0) {
      transit--;
    }
    long us = Math.max(0, rttNanos / 1000);
    if (responder != null) {
      responders.add(responder);
    }
    if (ext != null) {
      extensions = ext;
    }
    reached |= destination;
    if (received < 1) {
      best = worst = us;
      gmean = us;
      avg = 0;
      ssd = 0;
      last = us; // mtr: the first answer has no jitter
    }
    jitter = Math.abs(us - last);
    last = us;
    best = Math.min(best, us);
    worst = Math.max(worst, us);
    jworst = Math.max(jworst, jitter);
    received++;
    double oldAvg = avg;
    avg += (us - oldAvg) / received;
    ssd += (us - oldAvg) * (us - avg);
    javg += (jitter - javg) / received;
    jinta += jitter - ((jinta + 8) >> 4); // RFC 3550 A.8, as mtr
    if (received > 1) {
      gmean = Math.pow(gmean, (received - 1.0) / received) * Math.pow(us, 1.0 / received);
    }
  }

  public int ttl() {
    return ttl;
  }

  /** Probes sent ({@code Snt}). */
  public int sentCount() {
    return sent;
  }

  /** Probes answered ({@code Rcv}). */
  public int received() {
    return received;
  }

  /** Probes still waiting for an answer (left out of the loss ratio, as mtr does). */
  public int inTransit() {
    return transit;
  }

  /** Probes lost ({@code Drop}): sent, not in transit, not answered. */
  public int dropped() {
    return Math.max(0, sent - transit - received);
  }

  /** {@code Loss%}: lost over sent-and-not-in-transit, in percent (mtr keeps 0.1% steps). */
  public double lossPercent() {
    int done = sent - transit;
    if (done <= 0) {
      return 0;
    }
    int permille = (int) (1000 * (100 - (100.0 * received / done)));
    return permille / 1000.0;
  }

  private static double ms(long us) {
    return us / 1000.0;
  }

  public double lastMillis() {
    return ms(received > 0 ? last : 0);
  }

  public double bestMillis() {
    return ms(received > 0 ? best : 0);
  }

  public double worstMillis() {
    return ms(worst);
  }

  public double avgMillis() {
    return ms((long) avg);
  }

  public double gmeanMillis() {
    return ms((long) gmean);
  }

  /** {@code StDev}: the sample standard deviation (0 below two answers). */
  public double stdevMillis() {
    return received > 1 ? ms((long) Math.sqrt(ssd / (received - 1))) : 0;
  }

  /** {@code Jttr}: the last jitter. */
  public double jitterMillis() {
    return ms(jitter);
  }

  /** {@code Javg}: the mean jitter. */
  public double javgMillis() {
    return ms(javg);
  }

  /** {@code Jmax}: the largest jitter. */
  public double jmaxMillis() {
    return ms(jworst);
  }

  /** {@code Jint}: the interarrival jitter (RFC 3550's J times 16, as mtr shows it). */
  public double jintMillis() {
    return ms(jinta);
  }

  /** Every address that answered at this hop, in order of first answer (several with ECMP). */
  public List<InetAddress> responders() {
    return List.copyOf(new ArrayList<>(responders));
  }

  /** The RFC 4884 extensions (MPLS labels) of the latest answer that carried some, or null. */
  public IcmpExtensions extensions() {
    return extensions;
  }

  /** Whether the destination answered at this hop. */
  public boolean reached() {
    return reached;
  }
}
