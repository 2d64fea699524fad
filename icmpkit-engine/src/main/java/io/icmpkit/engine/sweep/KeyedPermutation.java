package io.icmpkit.engine.sweep;

/**
 * A keyed pseudo-random permutation of {@code [0, n)}: a balanced Feistel network (4 rounds) over
 * the smallest even number of bits covering {@code n}, with cycle walking to stay in the domain
 * (Black and Rogaway, "Ciphers with arbitrary finite domains"). Each evaluation costs a few
 * multiplications and no memory, whatever {@code n}: position {@code p} of the sweep order is
 * {@code apply(p)}. Since the domain is at most 4 times smaller than the Feistel range, a walk
 * takes fewer than 4 steps on average.
 *
 * <p>The order only has to scatter neighbours and differ per key (as zmap's random generator of
 * a cyclic group): the round function is SplitMix64's finaliser of the half block xor a round key
 * (the round keys come from SipHash of the run's key). Validation of replies does not depend on
 * it; that is {@link SipHash}'s job.
 */
final class KeyedPermutation {
  private static final int ROUNDS = 4;
  private final long n;
  private final int halfBits;
  private final long halfMask;
  private final long[] roundKeys = new long[ROUNDS];

  KeyedPermutation(long n, long k0, long k1) {
    if (n < 0) {
      throw new IllegalArgumentException("negative domain: " + n);
    }
    this.n = n;
    int bits = n <= 1 ? 2 : 64 - Long.numberOfLeadingZeros(n - 1);
    if (bits < 2) {
      bits = 2;
    }
    if ((bits & 1) != 0) {
      bits++;
    }
    this.halfBits = bits / 2;
    this.halfMask = (1L << halfBits) - 1;
    SipHash hash = new SipHash(k0, k1);
    for (int r = 0; r < ROUNDS; r++) {
      roundKeys[r] = hash.hash(r);
    }
  }

  long size() {
    return n;
  }

  /** The element at position {@code p} (0 ≤ p &lt; n) of the permuted order. */
  long apply(long p) {
    if (p < 0 || p >= n) {
      throw new IndexOutOfBoundsException(p);
    }
    long x = p;
    do {
      x = feistel(x);
    } while (x >= n);
    return x;
  }

  private long feistel(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (int r = 0; r < ROUNDS; r++) {
      long next = left ^ (mix(right ^ roundKeys[r]) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  /** SplitMix64's finaliser (Steele, Lea and Flood 2014): every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
