package io.icmpkit.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChecksumTest {

  /** The definition, word by word, as RFC 1071 section 1 states it. */
  private static int reference(byte[] b, int off, int len) {
    long s = 0;
    for (int i = 0; i < len; i += 2) {
      int hi = b[off + i] & 0xFF;
      int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
      s += (hi << 8) | lo;
      s = (s & 0xFFFF) + (s >>> 16);
    }
    return ~(int) s & 0xFFFF;
  }

  @Test
  void rfc1071NumericalExample() {
    // RFC 1071 section 3: the one's complement sum of these bytes is ddf2, so the checksum is 220d
    byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
    assertThat(Checksum.compute(b)).isEqualTo(0x220d);
  }

  @Test
  void oddLengthPadsWithZero() {
    assertThat(Checksum.compute(new byte[] {0x12})).isEqualTo(~0x1200 & 0xFFFF);
    assertThat(Checksum.compute(new byte[] {0x12, 0x34, 0x56})).isEqualTo(~(0x1234 + 0x5600) & 0xFFFF);
  }

  @Test
  void emptyIsFfff() {
    assertThat(Checksum.compute(new byte[0])).isEqualTo(0xFFFF);
  }

  @Test
  void knownIpv4Header() {
    // Wikipedia's worked IPv4 header example: checksum b861
    MemorySegment h = Octets.ofHex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7").asSegment();
    assertThat(Checksum.compute(h)).isEqualTo(0xb861);
  }

  @Property
  void matchesDefinitionForAnyLengthAndOffset(
      @ForAll @Size(max = 3000) byte[] data, @ForAll @IntRange(max = 7) int skew) {
    byte[] shifted = new byte[data.length + skew];
    System.arraycopy(data, 0, shifted, skew, data.length);
    int ours = Checksum.compute(MemorySegment.ofArray(shifted), skew, data.length);
    assertThat(ours).isEqualTo(reference(data, 0, data.length));
  }

  @Property
  void chainedSumsEqualOneSum(@ForAll @Size(max = 600) byte[] a, @ForAll @Size(max = 600) byte[] b) {
    byte[] even = a.length % 2 == 0 ? a : java.util.Arrays.copyOf(a, a.length + 1);
    byte[] all = new byte[even.length + b.length];
    System.arraycopy(even, 0, all, 0, even.length);
    System.arraycopy(b, 0, all, even.length, b.length);
    long s = Checksum.sum(MemorySegment.ofArray(even), 0);
    s = Checksum.sum(MemorySegment.ofArray(b), s);
    assertThat(Checksum.finish(s)).isEqualTo(reference(all, 0, all.length));
  }

  @Property
  void incrementalUpdateMatchesRecompute(
      @ForAll @Size(min = 2, max = 200) byte[] data, @ForAll @IntRange(max = 0xFFFF) int newWord) {
    int len = data.length & ~1;
    int before = reference(data, 0, len);
    int old = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
    data[0] = (byte) (newWord >>> 8);
    data[1] = (byte) newWord;
    int after = reference(data, 0, len);
    int updated = Checksum.update(before, old, newWord);
    // RFC 1624: both 0x0000 and 0xFFFF represent zero; compare as one's complement values
    assertThat(updated == after || (updated ^ after) == 0xFFFF && (after == 0 || after == 0xFFFF))
        .as("updated %04x vs recomputed %04x", updated, after).isTrue();
  }
}
