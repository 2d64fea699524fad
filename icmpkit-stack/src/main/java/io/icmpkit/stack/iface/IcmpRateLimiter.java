package io.icmpkit.stack.iface;

import io.icmpkit.stack.RateLimitConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * ICMP output rate limiting with the semantics of Linux ({@code net/ipv4/icmp.c},
 * {@code net/ipv6/icmp.c}, {@code net/ipv4/inetpeer.c}), on a caller-supplied clock.
 *
 * <ol>
 *   <li>Types outside the type mask, and Fragmentation Needed / Packet Too Big always, pass
 *       without touching any bucket (PMTU discovery must not be starved, RFC 1191 / RFC 8201).
 *   <li>The node-wide bucket is <em>checked</em> (credit above zero, or a refill of
 *       {@code messagesPerSecond * elapsed} at most once per 20 ms, capped at the burst).
 *   <li>The per-destination bucket (tokens in time; each message costs one interval; capped at
 *       burst intervals; a new destination starts full) decides.
 *   <li>Only a message that passes both <em>consumes</em> global credit, 0, 1 or 2 tokens chosen at
 *       random. Checking the destination before consuming global credit is the fix of
 *       CVE-2024-47678 (one destination cannot drain the global bucket for the others); the random
 *       cost the fix of CVE-2020-25705 (the global bucket is no exact side channel).
 * </ol>
 */
public final class IcmpRateLimiter {
  /** Outcome of {@link #allow}. */
  public enum Verdict { ALLOW, LIMITED_GLOBAL, LIMITED_HOST }

  private static final long SECOND = 1_000_000_000L;

  private final RateLimitConfig cfg;
  private final RandomGenerator random;
  private long globalCredit;
  private long globalStamp;
  private boolean started;
  private final Map<Key, long[]> peers;

  private record Key(byte[] a) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(a, k.a);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(a);
    }
  }

  public IcmpRateLimiter(RateLimitConfig cfg, RandomGenerator random) {
    this.cfg = cfg;
    this.random = random;
    this.globalCredit = cfg.globalBurst();
    int max = cfg.maxTrackedDestinations();
    this.peers = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, long[]> e) {
        return size() > max;
      }
    };
  }

  /** Whether this message type is subject to limiting at all. */
  public boolean limited(boolean v6, int type, int code) {
    if (!cfg.enabled()) {
      return false;
    }
    if (v6) {
      // net/ipv6/icmp.c icmpv6_mask_allow: Packet Too Big always passes
      return type != 2 && cfg.limitsV6(type);
    }
    // net/ipv4/icmp.c icmpv4_mask_allow: Fragmentation Needed always passes
    if (type == 3 && code == 4) {
      return false;
    }
    return cfg.limitsV4(type);
  }

  /**
   * Decides whether an ICMP message of {@code type}/{@code code} may go to {@code destination}
   * (raw address bytes) at {@code nowNanos}, and takes the tokens when it may.
   */
  public Verdict allow(boolean v6, int type, int code, byte[] destination, long nowNanos) {
    if (cfg.enabled() && (v6 ? type == 137 : type == 5)) {
      // redirects: Linux limits them per peer only (ip_rt_send_redirect); the per-destination
      // bucket does it here
      return peerAllow(destination, nowNanos) ? Verdict.ALLOW : Verdict.LIMITED_HOST;
    }
    if (!limited(v6, type, code)) {
      return Verdict.ALLOW;
    }
    if (!globalAllow(nowNanos)) {
      return Verdict.LIMITED_GLOBAL;
    }
    if (!peerAllow(destination, nowNanos)) {
      return Verdict.LIMITED_HOST;
    }
    // icmp_global_consume: a random cost of 0..2 tokens
    globalCredit -= cfg.randomGlobalCost() ? random.nextInt(3) : 1;
    return Verdict.ALLOW;
  }

  private boolean globalAllow(long now) {
    if (!started) {
      started = true;
      globalStamp = now;
    }
    if (globalCredit > 0) {
      return true;
    }
    long delta = Math.min(now - globalStamp, SECOND);
    if (delta < SECOND / 50) {
      return false;
    }
    long incr = cfg.globalMessagesPerSecond() * delta / SECOND;
    if (incr == 0) {
      return false;
    }
    globalStamp = now;
    globalCredit = Math.min(globalCredit + incr, cfg.globalBurst());
    return true;
  }

  private boolean peerAllow(byte[] destination, long now) {
    long interval = cfg.perDestinationIntervalMillis() * 1_000_000L;
    long cap = interval * cfg.perDestinationBurst();
    long[] p = peers.get(new Key(destination));
    if (p == null) {
      // a new peer starts with a full bucket (inet_peer: rate_last long ago)
      p = new long[] {cap, now};
      peers.put(new Key(destination.clone()), p);
    }
    long token = p[0] + (now - p[1]);
    p[1] = now;
    if (token > cap) {
      token = cap;
    }
    boolean ok = token >= interval;
    if (ok) {
      token -= interval;
    }
    p[0] = token;
    return ok;
  }

  /** Destinations currently tracked (bounded by the config). */
  public int trackedDestinations() {
    return peers.size();
  }

  /** Current global credit (may be negative after a random cost of 2). */
  public long globalCredit() {
    return globalCredit;
  }
}
