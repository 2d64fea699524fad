package io.icmpkit.cli.render;

import java.util.Arrays;

/**
 * The counters of one ping run kept exactly as iputils ping keeps them ({@code struct ping_rts}),
 * in microseconds: {@code ntransmitted}, {@code nreceived} (without duplicates), {@code nrepeats},
 * {@code nchecksum}, {@code nerrors}, {@code tsum}/{@code tsum2}/{@code tmin}/{@code tmax}, the
 * {@code rtt} moving average (times 8), {@code pipesize} and the received-bit table used by
 * {@code -O} and duplicate detection. The statistics lines printed from it are therefore the
 * lines iputils prints for the same events.
 *
 * <p>Sequence numbers are the 16-bit ICMP ones; the received table is indexed like iputils' (64 Ki
 * entries, cleared when a sequence number is sent again).
 */
public final class PingTally {
  private static final int MAX_DUP_CHK = 0x10000;

  private long transmitted;
  private long received;
  private long repeats;
  private long checksum;
  private long errors;
  private long tsum;
  private long tsum2; // long long in iputils; saturates instead of wrapping
  private long tmin = Long.MAX_VALUE;
  private long tmax;
  private long rtt8; // iputils' rts->rtt: ewma * 8
  private int pipesize = -1;
  private int acked;
  private final long[] rcvd = new long[MAX_DUP_CHK / 64];
  private long[] rtts = new long[16];
  private int nrtts;
  private long firstSentNanos = Long.MIN_VALUE;
  private long lastSentNanos;

  /** A probe with sequence {@code seq} left, at {@code nanos} (any monotonic clock). */
  public void sent(int seq, long nanos) {
    transmitted++;
    clearBit(seq);
    if (firstSentNanos == Long.MIN_VALUE) {
      firstSentNanos = nanos;
    }
    lastSentNanos = nanos;
  }

  /**
   * A reply; returns true when it is a duplicate. {@code micros < 0} means untimed (payload shorter
   * than a timeval). A reply with a bad checksum counts as corrupted, not received.
   */
  public boolean reply(int seq, long micros, boolean badChecksum) {
    received++;
    if (!badChecksum) {
      acknowledge(seq);
    }
    if (micros >= 0 && !badChecksum) {
      tsum = micros > Long.MAX_VALUE - tsum ? Long.MAX_VALUE : tsum + micros;
      long sq = micros > 3_037_000_499L ? Long.MAX_VALUE : micros * micros;
      tsum2 = sq > Long.MAX_VALUE - tsum2 ? Long.MAX_VALUE : tsum2 + sq;
      tmin = Math.min(tmin, micros);
      tmax = Math.max(tmax, micros);
      long m = Math.min(micros, 1L << 40); // keeps rtt * 8 finite for absurd values
      rtt8 = rtt8 == 0 ? m * 8 : rtt8 + m - rtt8 / 8;
      if (nrtts == rtts.length) {
        rtts = Arrays.copyOf(rtts, rtts.length * 2);
      }
      rtts[nrtts++] = micros;
    }
    if (badChecksum) {
      checksum++;
      received--;
      return false;
    }
    if (testBit(seq)) {
      repeats++;
      received--;
      return true;
    }
    setBit(seq);
    return false;
  }

  /** An ICMP error or a local error for {@code seq} ({@code seq < 0}: local, not acknowledged). */
  public void error(int seq) {
    errors++;
    if (seq >= 0) {
      acknowledge(seq);
    }
  }

  /** Whether a reply for {@code seq} arrived (for {@code -O}). */
  public boolean answered(int seq) {
    return testBit(seq);
  }

  private void acknowledge(int seq) {
    int diff = (int) ((transmitted - seq) & 0xFFFF);
    if (diff <= 0x7FFF) {
      if (diff + 1 > pipesize) {
        pipesize = diff + 1;
      }
      if ((short) (seq - acked) > 0 || ((transmitted - acked) & 0xFFFF) > 0x7FFF) {
        acked = seq;
      }
    }
  }

  private void clearBit(int seq) {
    int b = seq & (MAX_DUP_CHK - 1);
    rcvd[b >>> 6] &= ~(1L << (b & 63));
  }

  private void setBit(int seq) {
    int b = seq & (MAX_DUP_CHK - 1);
    rcvd[b >>> 6] |= 1L << (b & 63);
  }

  private boolean testBit(int seq) {
    int b = seq & (MAX_DUP_CHK - 1);
    return (rcvd[b >>> 6] & (1L << (b & 63))) != 0;
  }

  public long transmitted() {
    return transmitted;
  }

  public long received() {
    return received;
  }

  public long duplicates() {
    return repeats;
  }

  public long corrupted() {
    return checksum;
  }

  public long errors() {
    return errors;
  }

  public int pipe() {
    return pipesize;
  }

  /** Whether any timed reply arrived (the rtt line is printed). */
  public boolean timed() {
    return nrtts > 0;
  }

  public long minMicros() {
    return tmin;
  }

  public long maxMicros() {
    return tmax;
  }

  /** {@code tsum / (nreceived + nrepeats)} as iputils (integer division). */
  public long avgMicros() {
    long total = received + repeats;
    return total == 0 ? 0 : tsum / total;
  }

  /** iputils' mdev: integer square root of the variance computed in its own order. */
  public long mdevMicros() {
    long total = received + repeats;
    if (total == 0) {
      return 0;
    }
    long tmvar;
    if (tsum < Integer.MAX_VALUE) {
      tmvar = (tsum2 - (tsum * tsum) / total) / total;
    } else {
      long avg = tsum / total;
      tmvar = tsum2 / total - Math.min(avg, 3_037_000_499L) * Math.min(avg, 3_037_000_499L);
    }
    return llsqrt(Math.max(0, tmvar)); // saturated sums could make it negative
  }

  static long llsqrt(long a) {
    long prev = Long.MAX_VALUE;
    long x = a;
    if (x > 0) {
      while (x < prev) {
        prev = x;
        x = (x + (a / x)) / 2;
      }
    }
    return x;
  }

  /** The moving average (iputils {@code rtt / 8}) in microseconds. */
  public long ewmaMicros() {
    return rtt8 / 8;
  }

  /** Elapsed time from the first to the last transmission, nanoseconds (iputils' {@code time}). */
  public long elapsedNanos() {
    return firstSentNanos == Long.MIN_VALUE ? 0 : lastSentNanos - firstSentNanos;
  }

  /** Percentile of timed RTTs (nearest rank, {@code p} in 0..100), microseconds; -1 when none. */
  public long percentileMicros(double p) {
    if (nrtts == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(rtts, nrtts);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * nrtts);
    return sorted[Math.max(0, Math.min(nrtts - 1, rank - 1))];
  }
}
