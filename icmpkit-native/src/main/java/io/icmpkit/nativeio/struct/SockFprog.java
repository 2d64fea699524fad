package io.icmpkit.nativeio.struct;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Classic BPF programs for {@code SO_ATTACH_FILTER}: {@code struct sock_filter} (8 bytes:
 * {@code u16 code; u8 jt; u8 jf; u32 k;}, host order) in an array, and {@code struct sock_fprog}
 * (16 bytes on LP64: {@code unsigned short len;} then at offset 8 {@code struct sock_filter
 * *filter;}).
 *
 * @see <a href="https://docs.kernel.org/networking/filter.html">Linux Socket Filtering (LSF)</a>
 */
public final class SockFprog {
  public static final int SIZEOF = 16;
  /** Size of one {@code struct sock_filter}. */
  public static final int FILTER_SIZEOF = 8;
  private static final int LEN = 0;
  private static final int FILTER = 8;

  private SockFprog() {}

  /** Writes instruction {@code index} of a sock_filter array. */
  public static void setInstruction(MemorySegment filters, int index, int code, int jt, int jf,
      int k) {
    long o = (long) index * FILTER_SIZEOF;
    filters.set(ValueLayout.JAVA_SHORT_UNALIGNED, o, (short) code);
    filters.set(ValueLayout.JAVA_BYTE, o + 2, (byte) jt);
    filters.set(ValueLayout.JAVA_BYTE, o + 3, (byte) jf);
    filters.set(ValueLayout.JAVA_INT_UNALIGNED, o + 4, k);
  }

  /**
   * A sock_fprog pointing at {@code count} instructions in {@code filters} (both must live as
   * long as the {@code setsockopt} call; the kernel copies the program).
   */
  public static MemorySegment allocate(Arena arena, MemorySegment filters, int count) {
    if (count < 1 || count > 0xffff || filters.byteSize() < (long) count * FILTER_SIZEOF) {
      throw new IllegalArgumentException("bad BPF program length: " + count);
    }
    MemorySegment p = arena.allocate(SIZEOF, 8);
    p.set(ValueLayout.JAVA_SHORT, LEN, (short) count);
    p.set(ValueLayout.ADDRESS, FILTER, filters);
    return p;
  }
}
