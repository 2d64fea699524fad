package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct iovec { void *iov_base; size_t iov_len; }} (16 bytes on LP64).
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/iovec.3type.html">iovec(3type)</a>
 */
public final class IoVec {
  public static final int SIZEOF = 16;
  private static final int BASE = 0;
  private static final int LEN = 8;

  private IoVec() {}

  /** Sets entry {@code index} of an iovec array to {@code buffer} (its whole size). */
  public static void set(MemorySegment iov, int index, MemorySegment buffer) {
    set(iov, index, buffer, buffer.byteSize());
  }

  /** Sets entry {@code index} to the first {@code length} bytes of {@code buffer}. */
  public static void set(MemorySegment iov, int index, MemorySegment buffer, long length) {
    if (length < 0 || length > buffer.byteSize()) {
      throw new IllegalArgumentException("length outside buffer: " + length);
    }
    long o = (long) index * SIZEOF;
    iov.set(ValueLayout.ADDRESS, o + BASE, buffer);
    iov.set(ValueLayout.JAVA_LONG, o + LEN, length);
  }

  public static long length(MemorySegment iov, int index) {
    return iov.get(ValueLayout.JAVA_LONG, (long) index * SIZEOF + LEN);
  }
}
