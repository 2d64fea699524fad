package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct timespec} (16 bytes: {@code long tv_sec; long tv_nsec;}), and the three of
 * {@code struct scm_timestamping} (48 bytes: software, deprecated, hardware).
 *
 * @see <a href="https://docs.kernel.org/networking/timestamping.html">Linux timestamping</a>
 */
public final class Timespec {
  public static final int SIZEOF = 16;

  private Timespec() {}

  /** Nanoseconds since the epoch of the clock ({@code tv_sec * 1e9 + tv_nsec}). */
  public static long nanos(MemorySegment ts, long offset) {
    long sec = ts.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
    long nsec = ts.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8);
    return sec * 1_000_000_000L + nsec;
  }

  /** Whether the timespec at {@code offset} is all zero (an absent timestamp). */
  public static boolean isZero(MemorySegment ts, long offset) {
    return ts.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) == 0
        && ts.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8) == 0;
  }
}
