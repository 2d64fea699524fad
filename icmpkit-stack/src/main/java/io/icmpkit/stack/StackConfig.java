package io.icmpkit.stack;

import java.util.Objects;

/**
 * The knobs of a node, with the defaults a Linux host has (and that the RFCs ask for).
 *
 * @param rateLimit ICMP error rate limiting ({@link RateLimitConfig#LINUX})
 * @param extendedEcho answer RFC 8335 PROBE (extended echo) requests; off by default as RFC 8335
 *     section 6 requires
 * @param addressMaskReply answer address mask requests (RFC 950; RFC 1122 3.2.2.9 says only an
 *     authoritative agent should): off by default, as on Linux
 * @param timestampReply answer timestamp requests (RFC 792; RFC 1122 3.2.2.8 MAY): on
 * @param echoReply answer echo requests (RFC 1122 3.2.2.6 MUST): on
 * @param echoIgnoreBroadcasts drop IPv4 echo and timestamp requests sent to a broadcast or
 *     multicast address (RFC 1122 3.2.2.6 MAY; Linux {@code icmp_echo_ignore_broadcasts=1}): on
 * @param redirects a router sends redirects (RFC 1812 4.3.3.2 / 5.2.7.2): on
 * @param rfc4884 append RFC 4884 extension structures to errors (MPLS label stack, RFC 4950, on an
 *     interface with labels): off
 * @param interfaceInformation with {@code rfc4884}, append the RFC 5837 incoming interface
 *     information object (ifIndex, address, name, MTU): off
 * @param errorSource where errors come from
 * @param sourceRouting off (default): a packet with an unexhausted IPv4 source route option
 *     (LSRR/SSRR) gets destination unreachable code 5, source route failed (RFC 1812 5.2.4.1);
 *     on: the option is ignored and the packet routed by its destination (source routing itself
 *     is not implemented)
 * @param defaultTtl TTL / hop limit of packets the node originates (Linux: 64)
 * @param reassemblyTimeoutV4Nanos IPv4 reassembly timeout (Linux {@code ipfrag_time} 30 s)
 * @param reassemblyTimeoutV6Nanos IPv6 reassembly timeout (RFC 8200 4.5: 60 s)
 * @param reassemblyMemoryHigh bytes held by incomplete datagrams that start eviction (Linux
 *     {@code ipfrag_high_thresh} 4 MiB)
 * @param reassemblyMemoryLow eviction stops below this (Linux {@code ipfrag_low_thresh} 3 MiB)
 * @param multicastQuerier a router runs the IGMP/MLD querier on its interfaces (periodic general
 *     queries): off by default so a virtual network is silent unless asked; a router learns
 *     memberships from reports either way
 * @param queryIntervalNanos IGMP/MLD query interval (RFC 3376 8.2 / RFC 3810 9.2: 125 s)
 * @param echoIgnoreMulticastV6 drop ICMPv6 echo requests to multicast addresses (Linux
 *     {@code icmp/echo_ignore_multicast} is 0: answered)
 */
public record StackConfig(RateLimitConfig rateLimit, boolean extendedEcho, boolean addressMaskReply,
    boolean timestampReply, boolean echoReply, boolean echoIgnoreBroadcasts, boolean redirects, boolean rfc4884,
    boolean interfaceInformation, ErrorSourcePolicy errorSource, boolean sourceRouting, int defaultTtl,
    long reassemblyTimeoutV4Nanos, long reassemblyTimeoutV6Nanos, long reassemblyMemoryHigh,
    long reassemblyMemoryLow, boolean multicastQuerier, long queryIntervalNanos, boolean echoIgnoreMulticastV6) {

  public static final StackConfig DEFAULTS = builder().build();

  public StackConfig {
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(errorSource, "errorSource");
    if (defaultTtl < 1 || defaultTtl > 255) {
      throw new IllegalArgumentException("defaultTtl out of range 1..255: " + defaultTtl);
    }
    if (reassemblyTimeoutV4Nanos <= 0 || reassemblyTimeoutV6Nanos <= 0 || reassemblyMemoryLow < 0
        || reassemblyMemoryHigh < reassemblyMemoryLow) {
      throw new IllegalArgumentException("reassembly limits out of range");
    }
    if (queryIntervalNanos < 1_000_000_000L) {
      throw new IllegalArgumentException("query interval below one second: " + queryIntervalNanos);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.rateLimit = rateLimit;
    b.extendedEcho = extendedEcho;
    b.addressMaskReply = addressMaskReply;
    b.timestampReply = timestampReply;
    b.echoReply = echoReply;
    b.echoIgnoreBroadcasts = echoIgnoreBroadcasts;
    b.redirects = redirects;
    b.rfc4884 = rfc4884;
    b.interfaceInformation = interfaceInformation;
    b.errorSource = errorSource;
    b.sourceRouting = sourceRouting;
    b.defaultTtl = defaultTtl;
    b.reassemblyTimeoutV4Nanos = reassemblyTimeoutV4Nanos;
    b.reassemblyTimeoutV6Nanos = reassemblyTimeoutV6Nanos;
    b.reassemblyMemoryHigh = reassemblyMemoryHigh;
    b.reassemblyMemoryLow = reassemblyMemoryLow;
    b.multicastQuerier = multicastQuerier;
    b.queryIntervalNanos = queryIntervalNanos;
    b.echoIgnoreMulticastV6 = echoIgnoreMulticastV6;
    return b;
  }

  /** Builder; setters check eagerly, {@link #build()} checks the combination. */
  public static final class Builder {
    private RateLimitConfig rateLimit = RateLimitConfig.LINUX;
    private boolean extendedEcho;
    private boolean addressMaskReply;
    private boolean timestampReply = true;
    private boolean echoReply = true;
    private boolean echoIgnoreBroadcasts = true;
    private boolean redirects = true;
    private boolean rfc4884;
    private boolean interfaceInformation;
    private ErrorSourcePolicy errorSource = ErrorSourcePolicy.INBOUND_INTERFACE;
    private boolean sourceRouting;
    private int defaultTtl = 64;
    private long reassemblyTimeoutV4Nanos = 30_000_000_000L;
    private long reassemblyTimeoutV6Nanos = 60_000_000_000L;
    private long reassemblyMemoryHigh = 4L << 20;
    private long reassemblyMemoryLow = 3L << 20;
    private boolean multicastQuerier;
    private long queryIntervalNanos = 125_000_000_000L;
    private boolean echoIgnoreMulticastV6;

    private Builder() {}

    public Builder rateLimit(RateLimitConfig v) {
      rateLimit = Objects.requireNonNull(v);
      return this;
    }

    public Builder extendedEcho(boolean v) {
      extendedEcho = v;
      return this;
    }

    public Builder addressMaskReply(boolean v) {
      addressMaskReply = v;
      return this;
    }

    public Builder timestampReply(boolean v) {
      timestampReply = v;
      return this;
    }

    public Builder echoReply(boolean v) {
      echoReply = v;
      return this;
    }

    public Builder echoIgnoreBroadcasts(boolean v) {
      echoIgnoreBroadcasts = v;
      return this;
    }

    public Builder redirects(boolean v) {
      redirects = v;
      return this;
    }

    public Builder rfc4884(boolean v) {
      rfc4884 = v;
      return this;
    }

    public Builder interfaceInformation(boolean v) {
      interfaceInformation = v;
      return this;
    }

    public Builder errorSource(ErrorSourcePolicy v) {
      errorSource = Objects.requireNonNull(v);
      return this;
    }

    public Builder sourceRouting(boolean v) {
      sourceRouting = v;
      return this;
    }

    public Builder defaultTtl(int v) {
      if (v < 1 || v > 255) {
        throw new IllegalArgumentException("defaultTtl out of range 1..255: " + v);
      }
      defaultTtl = v;
      return this;
    }

    public Builder reassemblyTimeout(long v4Nanos, long v6Nanos) {
      reassemblyTimeoutV4Nanos = v4Nanos;
      reassemblyTimeoutV6Nanos = v6Nanos;
      return this;
    }

    public Builder reassemblyMemory(long low, long high) {
      reassemblyMemoryLow = low;
      reassemblyMemoryHigh = high;
      return this;
    }

    public Builder multicastQuerier(boolean v) {
      multicastQuerier = v;
      return this;
    }

    public Builder queryInterval(long nanos) {
      if (nanos < 1_000_000_000L) {
        throw new IllegalArgumentException("query interval below one second: " + nanos);
      }
      queryIntervalNanos = nanos;
      return this;
    }

    public Builder echoIgnoreMulticastV6(boolean v) {
      echoIgnoreMulticastV6 = v;
      return this;
    }

    public StackConfig build() {
      return new StackConfig(rateLimit, extendedEcho, addressMaskReply, timestampReply, echoReply,
          echoIgnoreBroadcasts, redirects, rfc4884, interfaceInformation, errorSource, sourceRouting, defaultTtl,
          reassemblyTimeoutV4Nanos, reassemblyTimeoutV6Nanos, reassemblyMemoryHigh, reassemblyMemoryLow,
          multicastQuerier, queryIntervalNanos, echoIgnoreMulticastV6);
    }
  }
}
