package io.icmpkit.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Network-order (big-endian) field access on a {@link MemorySegment}. Views call these after their
 * length check, so the bounds checks of the segment never fire in practice; they are the last line
 * of defence, not the validation.
 */
public final class Bytes {
  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong U64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private Bytes() {}

  public static int u8(MemorySegment s, long off) {
    return s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
  }

  public static int u16(MemorySegment s, long off) {
    return s.get(U16, off) & 0xFFFF;
  }

  /** An unsigned 32-bit field as a long. */
  public static long u32(MemorySegment s, long off) {
    return s.get(U32, off) & 0xFFFF_FFFFL;
  }

  /** A 32-bit field as raw int bits (addresses). */
  public static int i32(MemorySegment s, long off) {
    return s.get(U32, off);
  }

  public static long i64(MemorySegment s, long off) {
    return s.get(U64, off);
  }

  public static void setU8(MemorySegment s, long off, int v) {
    s.set(ValueLayout.JAVA_BYTE, off, (byte) v);
  }

  public static void setU16(MemorySegment s, long off, int v) {
    s.set(U16, off, (short) v);
  }

  public static void setU32(MemorySegment s, long off, long v) {
    s.set(U32, off, (int) v);
  }

  public static void setI64(MemorySegment s, long off, long v) {
    s.set(U64, off, v);
  }

  /** Copies {@code len} bytes out of the segment into a new array. */
  public static byte[] copy(MemorySegment s, long off, long len) {
    return s.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE);
  }

  /** Copies an array into the segment. */
  public static void put(MemorySegment s, long off, byte[] src) {
    MemorySegment.copy(src, 0, s, ValueLayout.JAVA_BYTE, off, src.length);
  }

  /** Lowercase hex of a byte array, no separators. */
  public static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
