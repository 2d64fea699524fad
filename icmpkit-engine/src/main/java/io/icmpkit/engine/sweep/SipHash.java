package io.icmpkit.engine.sweep;

/**
 * SipHash-2-4 (Aumasson and Bernstein) over messages of whole 64-bit little-endian words, keyed
 * with 128 bits: the keyed hash of the stateless validation and the permutation's round function.
 * Allocation-free; fixed arities so the hot path builds no arrays.
 *
 * @see <a href="https://cr.yp.to/siphash/siphash-20120918.pdf">SipHash paper</a>
 */
final class SipHash {
  private final long k0;
  private final long k1;

  SipHash(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  long hash(long m0) {
    return finish(1, m0, 0, 0);
  }

  long hash(long m0, long m1) {
    return finish(2, m0, m1, 0);
  }

  long hash(long m0, long m1, long m2) {
    return finish(3, m0, m1, m2);
  }

  private long finish(int words, long m0, long m1, long m2) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    for (int i = 0; i <= words; i++) {
      // the last block holds only the message length in bytes, in its top byte
      long m = i == words ? ((long) (words * 8)) << 56 : i == 0 ? m0 : i == 1 ? m1 : m2;
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }
}
