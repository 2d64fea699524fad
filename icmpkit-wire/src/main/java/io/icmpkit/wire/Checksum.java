package io.icmpkit.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the
 * data taken as big-endian 16-bit words, an odd last byte padded with zero.
 *
 * <p>The one's complement sum is independent of byte order (RFC 1071 section 2(B)), so the bulk of
 * the data is summed eight bytes at a time in native order into a 64-bit accumulator and swapped
 * once at the end. Partial sums ({@link #sum}) can be chained to cover a pseudo-header and
 * scattered buffers; {@link #finish} folds and complements.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1071">RFC 1071</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1624">RFC 1624</a> incremental update
 */
public final class Checksum {
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort SHORT_BE =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private Checksum() {}

  /**
   * Adds {@code length} bytes at {@code offset} to a running big-endian 16-bit-word sum.
   * The region must start at an even position of the checksummed data (all protocol uses do).
   *
   * @return the new running sum, not yet folded (at most 2^48, safe to chain many times)
   */
  public static long sum(MemorySegment data, long offset, long length, long initial) {
    long end = offset + length;
    long acc = 0; // native-order partial sum of 32-bit halves
    long acc2 = 0;
    long i = offset;
    // two independent accumulators let the CPU overlap the additions
    for (; i + 16 <= end; i += 16) {
      long a = data.get(LONG, i);
      long b = data.get(LONG, i + 8);
      acc += (a >>> 32) + (a & 0xFFFF_FFFFL);
      acc2 += (b >>> 32) + (b & 0xFFFF_FFFFL);
    }
    acc += acc2;
    if (i + 8 <= end) {
      long a = data.get(LONG, i);
      acc += (a >>> 32) + (a & 0xFFFF_FFFFL);
      i += 8;
    }
    if (i + 4 <= end) {
      acc += data.get(INT, i) & 0xFFFF_FFFFL;
      i += 4;
    }
    long native16 = fold32(acc);
    long be = LITTLE ? Short.reverseBytes((short) native16) & 0xFFFF : native16;
    if (i + 2 <= end) {
      be += data.get(SHORT_BE, i) & 0xFFFF;
      i += 2;
    }
    if (i < end) {
      be += (data.get(ValueLayout.JAVA_BYTE, i) & 0xFF) << 8; // odd byte padded with zero
    }
    return initial + be;
  }

  /** Adds a whole segment; see {@link #sum(MemorySegment, long, long, long)}. */
  public static long sum(MemorySegment data, long initial) {
    return sum(data, 0, data.byteSize(), initial);
  }

  /** Adds a 16-bit word to a running sum. */
  public static long addWord(long sum, int word) {
    return sum + (word & 0xFFFF);
  }

  /** Adds a 32-bit value as two 16-bit words. */
  public static long addInt(long sum, int value) {
    return sum + (value >>> 16) + (value & 0xFFFF);
  }

  /** Folds a running sum to 16 bits and complements it: the value to put in the header. */
  public static int finish(long sum) {
    return ~(int) fold16(sum) & 0xFFFF;
  }

  /** The checksum of a whole region. */
  public static int compute(MemorySegment data, long offset, long length) {
    return finish(sum(data, offset, length, 0));
  }

  /** The checksum of a whole segment. */
  public static int compute(MemorySegment data) {
    return compute(data, 0, data.byteSize());
  }

  /** The checksum of a byte array. */
  public static int compute(byte[] data) {
    return compute(MemorySegment.ofArray(data));
  }

  /** True when a region that contains its own checksum field sums to 0xFFFF, i.e. verifies. */
  public static boolean verifies(long sumIncludingChecksumField) {
    return fold16(sumIncludingChecksumField) == 0xFFFF;
  }

  /**
   * The IPv6 pseudo-header (RFC 8200 section 8.1) sum: source, destination, upper-layer packet
   * length (32 bits) and next header.
   */
  public static long pseudoHeaderV6(MemorySegment src16, MemorySegment dst16, long upperLength, int nextHeader) {
    long s = sum(src16, 0, 16, 0);
    s = sum(dst16, 0, 16, s);
    s = addInt(s, (int) upperLength);
    return addWord(s, nextHeader);
  }

  /**
   * {@link #pseudoHeaderV6(MemorySegment, MemorySegment, long, int)} with both addresses read in
   * place from one segment (an IPv6 header: source at 8, destination at 24), without slices.
   */
  public static long pseudoHeaderV6(MemorySegment s, long srcOffset, long dstOffset, long upperLength, int nextHeader) {
    long acc = sum(s, srcOffset, 16, 0);
    acc = sum(s, dstOffset, 16, acc);
    acc = addInt(acc, (int) upperLength);
    return addWord(acc, nextHeader);
  }

  /** The IPv4 pseudo-header (RFC 768/793) sum, used by UDP and TCP. */
  public static long pseudoHeaderV4(int src, int dst, int protocol, int upperLength) {
    long s = addInt(0, src);
    s = addInt(s, dst);
    s = addWord(s, protocol);
    return addWord(s, upperLength);
  }

  /**
   * RFC 1624 equation 3: the new checksum after one 16-bit word of the data changed from
   * {@code oldWord} to {@code newWord}, without summing the data again: HC' = ~(~HC + ~m + m').
   */
  public static int update(int oldChecksum, int oldWord, int newWord) {
    long s = (~oldChecksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
    return ~(int) fold16(s) & 0xFFFF;
  }

  /** RFC 1624 update for a 32-bit field (e.g. an address) changed as a whole. */
  public static int update32(int oldChecksum, int oldValue, int newValue) {
    int c = update(oldChecksum, oldValue >>> 16, newValue >>> 16);
    return update(c, oldValue & 0xFFFF, newValue & 0xFFFF);
  }

  private static long fold32(long acc) {
    // acc < 2^(32+log2(n)); fold the 64-bit sum of 32-bit words into 16 bits
    acc = (acc >>> 32) + (acc & 0xFFFF_FFFFL);
    acc = (acc >>> 32) + (acc & 0xFFFF_FFFFL);
    acc = (acc >>> 16) + (acc & 0xFFFF);
    acc = (acc >>> 16) + (acc & 0xFFFF);
    return (acc >>> 16) + (acc & 0xFFFF);
  }

  private static long fold16(long s) {
    while ((s >>> 16) != 0) {
      s = (s >>> 16) + (s & 0xFFFF);
    }
    return s;
  }
}
