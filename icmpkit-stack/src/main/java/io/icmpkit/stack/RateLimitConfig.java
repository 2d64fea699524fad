package io.icmpkit.stack;

/**
 * ICMP rate limiting as Linux does it ({@code net/ipv4/icmp.c}, {@code net/ipv6/icmp.c}).
 *
 * @param enabled false disables both buckets
 * @param perDestinationIntervalMillis a message to one destination costs this many milliseconds of
 *     tokens ({@code icmp_ratelimit}, {@code icmpv6 ratelimit}: 1000)
 * @param perDestinationBurst the per-destination bucket holds this many messages (Linux's
 *     XRLIM_BURST_FACTOR, 6)
 * @param globalMessagesPerSecond refill rate of the node-wide bucket ({@code icmp_msgs_per_sec})
 * @param globalBurst node-wide bucket size ({@code icmp_msgs_burst})
 * @param v4TypeMask bit {@code t} set: ICMPv4 type {@code t} is rate limited ({@code icmp_ratemask},
 *     0x1818: destination unreachable, source quench, time exceeded, parameter problem)
 * @param v6TypeMaskLow bit {@code t} set: ICMPv6 type {@code t} (0..63) is limited
 * @param v6TypeMaskHigh bit {@code t-64} set: ICMPv6 type {@code t} (64..127) is limited
 *     ({@code icmpv6 ratemask} "0-1,3-127": every error but Packet Too Big)
 * @param randomGlobalCost each message takes 0, 1 or 2 global tokens at random, so the bucket is no
 *     side channel (CVE-2020-25705, Linux commit "icmp: randomize the global rate limiter")
 * @param maxTrackedDestinations bound on the per-destination table (oldest evicted)
 */
public record RateLimitConfig(boolean enabled, long perDestinationIntervalMillis, int perDestinationBurst,
    int globalMessagesPerSecond, int globalBurst, long v4TypeMask, long v6TypeMaskLow, long v6TypeMaskHigh,
    boolean randomGlobalCost, int maxTrackedDestinations) {

  /**
   * Linux's defaults: 1 message per 1000 ms per destination, burst 6; global 10000 per second with
   * burst 10000 (raised from 1000/50 in Linux 6.x, commit "icmp: raise sysctl_icmp_msgs_per_sec").
   */
  public static final RateLimitConfig LINUX = new RateLimitConfig(true, 1000, 6, 10_000, 10_000, 0x1818L,
      0xFFFF_FFFF_FFFF_FFFBL, 0xFFFF_FFFF_FFFF_FFFFL, true, 4096);

  /** No limits. */
  public static final RateLimitConfig OFF = new RateLimitConfig(false, 1000, 6, 10_000, 10_000, 0x1818L,
      0xFFFF_FFFF_FFFF_FFFBL, 0xFFFF_FFFF_FFFF_FFFFL, true, 4096);

  public RateLimitConfig {
    if (perDestinationIntervalMillis < 0 || perDestinationBurst < 1 || globalMessagesPerSecond < 0
        || globalBurst < 0 || maxTrackedDestinations < 1) {
      throw new IllegalArgumentException("rate limit values out of range");
    }
  }

  public RateLimitConfig withPerDestination(long intervalMillis, int burst) {
    return new RateLimitConfig(enabled, intervalMillis, burst, globalMessagesPerSecond, globalBurst, v4TypeMask,
        v6TypeMaskLow, v6TypeMaskHigh, randomGlobalCost, maxTrackedDestinations);
  }

  public RateLimitConfig withGlobal(int messagesPerSecond, int burst) {
    return new RateLimitConfig(enabled, perDestinationIntervalMillis, perDestinationBurst, messagesPerSecond, burst,
        v4TypeMask, v6TypeMaskLow, v6TypeMaskHigh, randomGlobalCost, maxTrackedDestinations);
  }

  public RateLimitConfig withV4TypeMask(long mask) {
    return new RateLimitConfig(enabled, perDestinationIntervalMillis, perDestinationBurst, globalMessagesPerSecond,
        globalBurst, mask, v6TypeMaskLow, v6TypeMaskHigh, randomGlobalCost, maxTrackedDestinations);
  }

  public RateLimitConfig withRandomGlobalCost(boolean on) {
    return new RateLimitConfig(enabled, perDestinationIntervalMillis, perDestinationBurst, globalMessagesPerSecond,
        globalBurst, v4TypeMask, v6TypeMaskLow, v6TypeMaskHigh, on, maxTrackedDestinations);
  }

  /** Whether an ICMPv4 message of this type is subject to the limits. */
  public boolean limitsV4(int type) {
    return type < 64 && (v4TypeMask >>> type & 1) != 0;
  }

  /** Whether an ICMPv6 message of this type is subject to the limits (informational types never are). */
  public boolean limitsV6(int type) {
    if (type >= 128) {
      return false;
    }
    return type < 64 ? (v6TypeMaskLow >>> type & 1) != 0 : (v6TypeMaskHigh >>> (type - 64) & 1) != 0;
  }
}
