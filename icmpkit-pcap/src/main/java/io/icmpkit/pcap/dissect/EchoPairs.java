package io.icmpkit.pcap.dissect;

/**
 * Remembers echo requests so a later reply can say {@code (request in N)} as tshark's single pass
 * does. Fixed-size open table keyed by (addresses, identifier, sequence): memory is bounded, no
 * allocation per packet, and an entry overwritten by a colliding one only costs the annotation.
 */
final class EchoPairs {
  private static final int BITS = 16;
  private static final int MASK = (1 << BITS) - 1;
  private final long[] keys = new long[1 << BITS];
  private final long[] frames = new long[1 << BITS];

  private static long key(int version, String from, String to, int id, int seq) {
    long h = (long) from.hashCode() * 0x9E3779B1L + to.hashCode() * 31L + version;
    return (h << 32) ^ ((long) id << 16) ^ seq ^ (h >>> 29);
  }

  private static int slot(long key) {
    long x = key * 0x9E3779B97F4A7C15L;
    return (int) (x >>> (64 - BITS)) & MASK;
  }

  void request(int version, String src, String dst, int id, int seq, long frame) {
    long k = key(version, src, dst, id, seq);
    int s = slot(k);
    keys[s] = k;
    frames[s] = frame;
  }

  /** The frame of the request this reply answers, or 0. */
  long reply(int version, String src, String dst, int id, int seq) {
    long k = key(version, dst, src, id, seq);
    int s = slot(k);
    return keys[s] == k ? frames[s] : 0;
  }
}
