package io.icmpkit.engine.sweep;

import io.icmpkit.socket.IcmpSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to sweep and how: immutable, built with {@link #builder(TargetSet)}.
 *
 * <p>Timing: pass 0 sends one probe (of each {@link #probes() type}) to every target of the shard
 * in permuted order at {@link #rate()} packets per second; each of the {@link #retries()} further
 * passes waits {@link #timeout()} after the previous pass's last send and probes the targets that
 * have not answered yet; after the last pass the sweep waits {@link #cooldown()} for late answers.
 */
public final class SweepRequest {
  private final TargetSet targets;
  private final Set<ProbeType> probes;
  private final double rate;
  private final int retries;
  private final Duration timeout;
  private final Duration cooldown;
  private final int payloadSize;
  private final int ttl;
  private final int tos;
  private final InetAddress source;
  private final String device;
  private final IcmpSocket.Kind socketKind;
  private final int shard;
  private final int shards;
  private final int senders;
  private final Long seed;
  private final long[] key;

  private SweepRequest(Builder b) {
    this.targets = b.targets;
    this.probes = Collections.unmodifiableSet(EnumSet.copyOf(b.probes)); // in enum order
    this.rate = b.rate;
    this.retries = b.retries;
    this.timeout = b.timeout;
    this.cooldown = b.cooldown == null ? b.timeout : b.cooldown;
    this.payloadSize = b.payloadSize;
    this.ttl = b.ttl;
    this.tos = b.tos;
    this.source = b.source;
    this.device = b.device;
    this.socketKind = b.socketKind;
    this.shard = b.shard;
    this.shards = b.shards;
    this.senders = b.senders;
    this.seed = b.seed;
    this.key = b.key;
  }

  /** A builder with defaults: echo, 10 000 pps, 1 retry, 500 ms timeout, 56 data bytes. */
  public static Builder builder(TargetSet targets) {
    return new Builder(targets);
  }

  public TargetSet targets() {
    return targets;
  }

  public Set<ProbeType> probes() {
    return probes;
  }

  /**
   * Sending threads for IPv4 echo probes, each with its own socket and a share of the
   * permutation (zmap's {@code --sender-threads}); 0 chooses: one per 50 000 pps of {@link
   * #rate()}, at most one per core and four, and one for fewer than 4 096 IPv4 targets.
   */
  public int senders() {
    if (senders > 0) {
      return senders;
    }
    if (targets.ipv4Count() < 4096) {
      return 1;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return (int) Math.max(1, Math.min(Math.min(cores, 4), Math.ceil(rate / 50_000)));
  }

  /** Packets per second (all probe types together). */
  public double rate() {
    return rate;
  }

  public int retries() {
    return retries;
  }

  public Duration timeout() {
    return timeout;
  }

  public Duration cooldown() {
    return cooldown;
  }

  /** Echo data bytes (at least {@link #MIN_PAYLOAD}: the validation cookie). */
  public int payloadSize() {
    return payloadSize;
  }

  /** TTL / hop limit of the probes, -1 for the system default. */
  public int ttl() {
    return ttl;
  }

  /** TOS / traffic class, -1 for the default. */
  public int tos() {
    return tos;
  }

  /** Source address to bind, or null. */
  public InetAddress source() {
    return source;
  }

  /** Interface to bind ({@code SO_BINDTODEVICE}), or null. */
  public String device() {
    return device;
  }

  public IcmpSocket.Kind socketKind() {
    return socketKind;
  }

  /** This machine's shard, 0-based, below {@link #shards()}. */
  public int shard() {
    return shard;
  }

  public int shards() {
    return shards;
  }

  /** Permutation seed, or null for a random order. */
  public Long seed() {
    return seed;
  }

  long[] validationKey() {
    return key;
  }

  /** Echo data bytes needed for the validation cookie: target index, send time, keyed hash. */
  public static final int MIN_PAYLOAD = 24;

  /** Builder; setters check their argument at once. */
  public static final class Builder {
    private final TargetSet targets;
    private Set<ProbeType> probes = EnumSet.of(ProbeType.ECHO);
    private double rate = 10_000;
    private int retries = 1;
    private Duration timeout = Duration.ofMillis(500);
    private Duration cooldown;
    private int payloadSize = 56;
    private int ttl = -1;
    private int tos = -1;
    private InetAddress source;
    private String device;
    private IcmpSocket.Kind socketKind = IcmpSocket.Kind.AUTO;
    private int shard = 0;
    private int shards = 1;
    private int senders = 0;
    private Long seed;
    private long[] key;

    private Builder(TargetSet targets) {
      if (targets == null) {
        throw new IllegalArgumentException("targets must not be null");
      }
      this.targets = targets;
    }

    public Builder probes(Set<ProbeType> v) {
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException("at least one probe type");
      }
      this.probes = EnumSet.copyOf(v);
      return this;
    }

    public Builder rate(double pps) {
      if (!(pps >= 1 && pps <= 10_000_000)) {
        throw new IllegalArgumentException("rate must be 1..10^7 pps: " + pps);
      }
      this.rate = pps;
      return this;
    }

    public Builder retries(int v) {
      if (v < 0 || v > 100) {
        throw new IllegalArgumentException("retries must be 0..100: " + v);
      }
      this.retries = v;
      return this;
    }

    public Builder timeout(Duration v) {
      if (v == null || v.isNegative() || v.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("timeout must be 0..1 h: " + v);
      }
      this.timeout = v;
      return this;
    }

    /** Wait after the last pass; defaults to the timeout. */
    public Builder cooldown(Duration v) {
      if (v == null || v.isNegative() || v.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("cooldown must be 0..1 h: " + v);
      }
      this.cooldown = v;
      return this;
    }

    public Builder payloadSize(int v) {
      if (v < MIN_PAYLOAD || v > 65_000) {
        throw new IllegalArgumentException("payload size must be " + MIN_PAYLOAD + "..65000: " + v);
      }
      this.payloadSize = v;
      return this;
    }

    public Builder ttl(int v) {
      if (v < -1 || v > 255 || v == 0) {
        throw new IllegalArgumentException("TTL must be 1..255: " + v);
      }
      this.ttl = v;
      return this;
    }

    public Builder tos(int v) {
      if (v < -1 || v > 255) {
        throw new IllegalArgumentException("TOS must be 0..255: " + v);
      }
      this.tos = v;
      return this;
    }

    public Builder source(InetAddress v) {
      this.source = v;
      return this;
    }

    public Builder device(String v) {
      this.device = v;
      return this;
    }

    public Builder socketKind(IcmpSocket.Kind v) {
      if (v == null) {
        throw new IllegalArgumentException("socket kind must not be null");
      }
      this.socketKind = v;
      return this;
    }

    /**
     * Shard {@code index} of {@code count} (0-based): together the shards cover every target once,
     * provided they all use the same {@link #seed(Long) seed} (required when {@code count > 1}).
     */
    public Builder shard(int index, int count) {
      if (count < 1 || index < 0 || index >= count) {
        throw new IllegalArgumentException("shard must be 0 ≤ i < N: " + index + "/" + count);
      }
      this.shard = index;
      this.shards = count;
      return this;
    }

    /** Sending threads (1..64), or 0 to choose from the rate and the cores; see {@link #senders()}. */
    public Builder senders(int v) {
      if (v < 0 || v > 64) {
        throw new IllegalArgumentException("senders must be 0..64: " + v);
      }
      this.senders = v;
      return this;
    }

    public Builder seed(Long v) {
      this.seed = v;
      return this;
    }

    /** Fixes the validation key (tests); by default each run draws a random one. */
    public Builder validationKey(long k0, long k1) {
      this.key = new long[] {k0, k1};
      return this;
    }

    public SweepRequest build() {
      if (shards > 1 && seed == null) {
        // each machine would draw its own order and the shards would overlap (zmap's rule too)
        throw new IllegalArgumentException("sharding needs a seed, the same on every shard");
      }
      if (!probes.equals(EnumSet.of(ProbeType.ECHO)) && socketKind == IcmpSocket.Kind.DATAGRAM) {
        throw new IllegalArgumentException("timestamp and address mask probes need a raw socket");
      }
      return new SweepRequest(this);
    }
  }
}
