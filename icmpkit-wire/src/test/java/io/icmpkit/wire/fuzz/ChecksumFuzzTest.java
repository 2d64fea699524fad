package io.icmpkit.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Differential fuzz target: {@link Checksum} (eight bytes at a time, native order, two
 * accumulators) against the word-by-word definition of RFC 1071 section 1, over heap and native
 * segments, at odd memory addresses, chained across even split points, and the RFC 1624
 * incremental update against a full recomputation.
 */
class ChecksumFuzzTest {

  /** RFC 1071 section 1, literally: big-endian 16-bit words, end-around carry, odd byte padded. */
  static long referenceSum(byte[] b, int off, int len) {
    long s = 0;
    for (int i = 0; i < len; i += 2) {
      int hi = b[off + i] & 0xFF;
      int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
      s += (hi << 8) | lo;
      s = (s & 0xFFFF) + (s >>> 16);
    }
    return s;
  }

  static int reference(byte[] b, int off, int len) {
    return ~(int) referenceSum(b, off, len) & 0xFFFF;
  }

  @FuzzTest(maxDuration = "2m")
  void checksum(byte[] data) {
    int expected = reference(data, 0, data.length);
    check(Checksum.compute(data) == expected, "heap compute", data);
    check(Checksum.compute(MemorySegment.ofArray(data)) == expected, "heap segment", data);
    try (Arena arena = Arena.ofConfined()) {
      // one spare byte in front: the region then starts at an odd address, which the
      // unaligned 8-byte loads must handle
      MemorySegment nat = arena.allocate(data.length + 1L, 8);
      MemorySegment.copy(data, 0, nat, ValueLayout.JAVA_BYTE, 1, data.length);
      check(Checksum.compute(nat, 1, data.length) == expected, "native odd address", data);
      MemorySegment aligned = arena.allocate(Math.max(1, data.length), 8);
      MemorySegment.copy(data, 0, aligned, ValueLayout.JAVA_BYTE, 0, data.length);
      check(Checksum.compute(aligned, 0, data.length) == expected, "native aligned", data);
    }
    // chained partial sums split at even positions equal one sum over the whole
    MemorySegment seg = MemorySegment.ofArray(data);
    for (int split : new int[] {2, (data.length / 2) & ~1, (data.length - 9) & ~1}) {
      if (split <= 0 || split > data.length) {
        continue;
      }
      long s = Checksum.sum(seg, 0, split, 0);
      s = Checksum.sum(seg, split, data.length - split, s);
      check(Checksum.finish(s) == expected, "chained at " + split, data);
    }
    // a region that contains its correct checksum verifies
    if (data.length >= 4) {
      byte[] copy = data.clone();
      copy[2] = 0;
      copy[3] = 0;
      int c = reference(copy, 0, copy.length);
      copy[2] = (byte) (c >>> 8);
      copy[3] = (byte) c;
      check(Checksum.verifies(Checksum.sum(MemorySegment.ofArray(copy), 0)), "verifies", data);
      // RFC 1624: change word 0 to the value of word at the end, update incrementally
      int oldWord = ((copy[0] & 0xFF) << 8) | (copy[1] & 0xFF);
      int newWord = ((data[data.length - 2] & 0xFF) << 8) | (data[data.length - 1] & 0xFF);
      copy[0] = (byte) (newWord >>> 8);
      copy[1] = (byte) newWord;
      int updated = Checksum.update(c, oldWord, newWord);
      copy[2] = 0;
      copy[3] = 0;
      int recomputed = reference(copy, 0, copy.length);
      // +0 and -0 (0x0000, 0xFFFF) are the same one's complement value (RFC 1624 section 3)
      check(updated % 0xFFFF == recomputed % 0xFFFF, "rfc1624 update " + Integer.toHexString(updated)
          + " vs " + Integer.toHexString(recomputed), data);
    }
  }

  private static void check(boolean ok, String what, byte[] data) {
    if (!ok) {
      throw new AssertionError(what + " differs from RFC 1071 for " + java.util.HexFormat.of().formatHex(data));
    }
  }
}
