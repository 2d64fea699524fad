package io.icmpkit.engine.ping;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Statistics of a ping run, as iputils ping prints them plus percentiles, standard deviation and
 * jitter. Durations are nanoseconds; a duration that cannot be computed (no reply yet) is -1.
 *
 * <p>iputils compatibility: {@code min/avg/max/mdev} are computed exactly as iputils 20221126
 * ({@code finish()} in {@code ping_common.c}): each RTT is truncated to whole microseconds, the
 * sums run over replies <em>and duplicates</em> (not bad-checksum replies), {@code avg = tsum /
 * total} and {@code mdev = llsqrt(tsum2/total - avg²)} in integer arithmetic (with iputils' two
 * evaluation orders), and the result is multiplied back to nanoseconds, so that {@code
 * avgNanos() / 1000} printed as {@code %ld.%03ld} ms gives iputils' digits. The sum of squares is
 * kept in 128 bits and the final arithmetic in {@link BigInteger}, so absurd values saturate
 * instead of overflowing. {@code lossPercent} is iputils' {@code (float)((tx - rx) * 100.0 / tx)}.
 *
 * <p>Beyond iputils, from the nanosecond RTTs of the same replies: {@code median} (mean of the two
 * middle values for an even count), {@code p90}, {@code p99} (nearest rank: the value at rank
 * ⌈p·n/100⌉), {@code stddev} (population standard deviation), {@code jitter}: the mean absolute
 * difference of consecutive RTTs of non-duplicate replies in arrival order — mtr's "Javg" (RFC 3550
 * §6.4.1 uses the same difference but smooths it with gain 1/16; this is the plain mean).
 *
 * @param transmitted probes sent (iputils {@code ntransmitted}; local send errors count as sent)
 * @param received distinct replies with a good checksum (iputils {@code nreceived})
 * @param duplicates further replies for a sequence number already answered ({@code nrepeats})
 * @param corrupted replies with a bad ICMP checksum ({@code nchecksum}; not counted as received)
 * @param errors ICMP errors received for our probes ({@code nerrors})
 * @param lossPercent packet loss in percent, 0 when nothing was sent
 * @param minNanos smallest RTT (µs precision)
 * @param avgNanos iputils' average (µs precision)
 * @param maxNanos largest RTT (µs precision)
 * @param mdevNanos iputils' mean deviation (µs precision)
 * @param medianNanos median RTT (ns)
 * @param p90Nanos 90th percentile RTT (ns)
 * @param p99Nanos 99th percentile RTT (ns)
 * @param stddevNanos standard deviation of the RTTs (ns)
 * @param jitterNanos mean absolute difference of consecutive RTTs (ns), -1 with fewer than 2
 * @param pipe largest number of probes in flight seen at a reply (iputils {@code pipesize})
 * @param ipgNanos mean inter-packet gap: elapsed / (transmitted - 1), µs precision; -1 when
 *     fewer than two probes were sent
 * @param ewmaNanos iputils' smoothed RTT (gain 1/8, µs precision)
 * @param elapsedNanos time from the first probe to the end of the run
 */
public record PingStatistics(
    long transmitted,
    long received,
    long duplicates,
    long corrupted,
    long errors,
    double lossPercent,
    long minNanos,
    long avgNanos,
    long maxNanos,
    long mdevNanos,
    long medianNanos,
    long p90Nanos,
    long p99Nanos,
    long stddevNanos,
    long jitterNanos,
    int pipe,
    long ipgNanos,
    long ewmaNanos,
    long elapsedNanos) {

  /** Statistics of a run that sent nothing. */
  public static final PingStatistics EMPTY = new Accumulator().snapshot(0);

  /** Whether RTT figures exist (at least one timed reply). */
  public boolean hasRtt() {
    return minNanos >= 0;
  }

  /**
   * Collects the figures of one run. Not thread-safe: one run's events come from one thread.
   * Public so that callers aggregating their own runs (several targets, tests) compute exactly the
   * same numbers.
   */
  public static final class Accumulator {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private long transmitted;
    private long received;
    private long duplicates;
    private long corrupted;
    private long errors;
    private int pipe;
    // iputils timing, microseconds
    private long timed; // received + duplicates that were timed
    private long tsum;
    private long tsum2Hi; // 128-bit unsigned sum of squares
    private long tsum2Lo;
    private long tmin = Long.MAX_VALUE;
    private long tmax;
    private long rtt8; // iputils "rtt": 8 x smoothed RTT
    // nanosecond series
    private long[] rtts = new long[16];
    private int n;
    private double mean;
    private double m2;
    private long lastRtt = -1;
    private double jitterSum;
    private long jitterCount;

    /** A probe was sent (or its send failed locally). */
    public void sent() {
      transmitted++;
    }

    /** An ICMP error for one of our probes. */
    public void error() {
      errors++;
    }

    /** A reply with a bad checksum (not received, not timed: iputils). */
    public void badChecksum() {
      corrupted++;
    }

    /** iputils' pipe size at a reply: sequence distance + 1, the largest is kept. */
    public void inFlight(int pipeSize) {
      pipe = Math.max(pipe, pipeSize);
    }

    /**
     * A reply with a good checksum: counts it (as a duplicate when {@code duplicate}) and, when
     * {@code rttNanos >= 0}, times it.
     */
    public void reply(long rttNanos, boolean duplicate) {
      if (duplicate) {
        duplicates++;
      } else {
        received++;
      }
      if (rttNanos < 0) {
        return;
      }
      long us = rttNanos / 1000;
      timed++;
      tsum = satAdd(tsum, us);
      long lo = us * us;
      long hi = Math.multiplyHigh(us, us);
      long newLo = tsum2Lo + lo;
      long carry = Long.compareUnsigned(newLo, tsum2Lo) < 0 ? 1 : 0;
      tsum2Lo = newLo;
      tsum2Hi = tsum2Hi + hi + carry;
      tmin = Math.min(tmin, us);
      tmax = Math.max(tmax, us);
      // iputils: if (!rtt) rtt = triptime*8; else rtt += triptime - rtt/8;
      rtt8 = rtt8 == 0 ? satMul(us, 8) : satAdd(rtt8, us - rtt8 / 8);
      if (n == rtts.length) {
        rtts = Arrays.copyOf(rtts, Math.max(16, n * 2));
      }
      rtts[n++] = rttNanos;
      double d = rttNanos - mean;
      mean += d / n;
      m2 += d * (rttNanos - mean);
      if (!duplicate) {
        if (lastRtt >= 0) {
          jitterSum += Math.abs((double) rttNanos - lastRtt);
          jitterCount++;
        }
        lastRtt = rttNanos;
      }
    }

    /** iputils' smoothed RTT in microseconds (for the adaptive interval), 0 before a reply. */
    public long ewmaMicros() {
      return rtt8 / 8;
    }

    /** Replies received so far (no duplicates). */
    public long received() {
      return received;
    }

    /** Probes sent so far. */
    public long transmitted() {
      return transmitted;
    }

    /** Errors so far. */
    public long errors() {
      return errors;
    }

    /** Largest timed RTT so far in microseconds (iputils {@code tmax}). */
    public long maxMicros() {
      return timed == 0 ? 0 : tmax;
    }

    /** The statistics now, for a run that has lasted {@code elapsedNanos}. */
    public PingStatistics snapshot(long elapsedNanos) {
      double loss = transmitted == 0 ? 0
          : (float) (((double) (transmitted - received)) * 100.0 / transmitted);
      long min = -1;
      long avg = -1;
      long max = -1;
      long mdev = -1;
      long median = -1;
      long p90 = -1;
      long p99 = -1;
      long stddev = -1;
      if (timed > 0) {
        BigInteger total = BigInteger.valueOf(timed);
        long tmavg = tsum / timed;
        BigInteger sum2 = new BigInteger(1, toBytes(tsum2Hi, tsum2Lo));
        BigInteger tmvar;
        if (tsum < Integer.MAX_VALUE) {
          // iputils: (tsum2 - ((tsum * tsum) / total)) / total, for small times' rounding
          BigInteger ts = BigInteger.valueOf(tsum);
          tmvar = sum2.subtract(ts.multiply(ts).divide(total)).divide(total);
        } else {
          BigInteger a = BigInteger.valueOf(tmavg);
          tmvar = sum2.divide(total).subtract(a.multiply(a));
        }
        long tmdev = llsqrt(clamp(tmvar));
        min = satMul(tmin, 1000);
        avg = satMul(tmavg, 1000);
        max = satMul(tmax, 1000);
        mdev = satMul(tmdev, 1000);
        long[] sorted = Arrays.copyOf(rtts, n);
        Arrays.sort(sorted);
        median = n % 2 == 1 ? sorted[n / 2]
            : sorted[n / 2 - 1] / 2 + sorted[n / 2] / 2 + ((sorted[n / 2 - 1] & 1) + (sorted[n / 2] & 1)) / 2;
        p90 = nearestRank(sorted, 90);
        p99 = nearestRank(sorted, 99);
        stddev = toLong(Math.sqrt(Math.max(0, m2 / n)));
      }
      long jitter = jitterCount == 0 ? -1 : toLong(jitterSum / jitterCount);
      long ipg = -1;
      if (transmitted > 1) {
        ipg = satMul((elapsedNanos / 1000) / (transmitted - 1), 1000);
      }
      long ewma = timed == 0 ? -1 : satMul(rtt8 / 8, 1000);
      return new PingStatistics(transmitted, received, duplicates, corrupted, errors, loss, min,
          avg, max, mdev, median, p90, p99, stddev, jitter, pipe, ipg, ewma,
          Math.max(0, elapsedNanos));
    }

    private static long nearestRank(long[] sorted, int p) {
      int rank = (int) Math.ceil(p * (double) sorted.length / 100.0);
      return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    /** iputils' {@code llsqrt}: Newton's integer square root; non-positive values unchanged; the
     * midpoint is computed without overflow (iputils' {@code x + a/x} overflows near LLONG_MAX). */
    static long llsqrt(long a) {
      long prev = Long.MAX_VALUE;
      long x = a;
      if (x > 0) {
        while (x < prev) {
          prev = x;
          long q = a / x; // (x + q) / 2 without overflowing at large a
          x = x / 2 + q / 2 + ((x & 1) + (q & 1)) / 2;
        }
      }
      return x;
    }

    private static long clamp(BigInteger v) {
      if (v.compareTo(LONG_MAX) > 0) {
        return Long.MAX_VALUE;
      }
      if (v.compareTo(LONG_MIN) < 0) {
        return Long.MIN_VALUE;
      }
      return v.longValue();
    }

    private static byte[] toBytes(long hi, long lo) {
      byte[] b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
      return b;
    }

    private static long toLong(double d) {
      if (Double.isNaN(d)) {
        return -1;
      }
      return d >= 9.2e18 ? Long.MAX_VALUE : Math.round(d);
    }

    private static long satAdd(long a, long b) {
      long r = a + b;
      if (((a ^ r) & (b ^ r)) < 0) {
        return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return r;
    }

    private static long satMul(long a, long b) {
      long hi = Math.multiplyHigh(a, b);
      long lo = a * b;
      if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
        return lo;
      }
      return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }
}
