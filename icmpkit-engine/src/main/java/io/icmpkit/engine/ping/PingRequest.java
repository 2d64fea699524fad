package io.icmpkit.engine.ping;

import io.icmpkit.socket.PmtuMode;
import io.icmpkit.wire.Octets;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.Objects;

/**
 * What to ping and how: the options of iputils {@code ping}, immutable, built with {@link
 * #builder(InetAddress)} / {@link #builder(String)} and changed with {@link #toBuilder()}.
 *
 * <p>Defaults are iputils' ones: unlimited count, 1 s interval, no deadline, 56 payload bytes
 * filled with the byte index ({@code 0x08 0x09 ...} after the first bytes, as iputils fills after
 * its timeval), preload 1, kernel defaults for TTL/TOS/PMTU, kernel timestamps on. User limits of
 * the command line (interval &ge; 2 ms without privilege...) are the caller's business: the library
 * accepts any value the kernel does.
 *
 * <p>Option letters of iputils in brackets: count ({@code -c}), interval ({@code -i}), deadline
 * ({@code -w}), timeout ({@code -W}), payloadSize ({@code -s}), pattern ({@code -p}), ttl ({@code
 * -t}), tos ({@code -Q}), pmtuMode ({@code -M}), source / interfaceName ({@code -I}), mark ({@code
 * -m}), preload ({@code -l}), adaptive ({@code -A}), flood ({@code -f}), family ({@code -4}/{@code
 * -6}).
 */
public final class PingRequest {
  /** Largest ICMP echo payload over IPv4 (65535 - 20 - 8); IPv6 allows 65535 - 8 with no options. */
  public static final int MAX_PAYLOAD = 65_527;

  private final InetAddress target;
  private final String host;
  private final ProtocolFamily family;
  private final long count;
  private final Duration interval;
  private final Duration deadline;
  private final Duration timeout;
  private final int payloadSize;
  private final Octets pattern;
  private final int ttl;
  private final int tos;
  private final PmtuMode pmtuMode;
  private final InetAddress source;
  private final String interfaceName;
  private final int mark;
  private final int preload;
  private final boolean adaptive;
  private final boolean flood;
  private final boolean timestamps;

  private PingRequest(Builder b) {
    this.target = b.target;
    this.host = b.host;
    this.family = b.family;
    this.count = b.count;
    this.interval = b.flood && !b.intervalSet ? Duration.ZERO : b.interval;
    this.deadline = b.deadline;
    this.timeout = b.timeout;
    this.payloadSize = b.payloadSize;
    this.pattern = b.pattern;
    this.ttl = b.ttl;
    this.tos = b.tos;
    this.pmtuMode = b.pmtuMode;
    this.source = b.source;
    this.interfaceName = b.interfaceName;
    this.mark = b.mark;
    this.preload = b.preload;
    this.adaptive = b.adaptive;
    this.flood = b.flood;
    this.timestamps = b.timestamps;
  }

  /** A request for {@code target} (an address: no resolution). */
  public static Builder builder(InetAddress target) {
    Builder b = new Builder();
    b.target = Objects.requireNonNull(target, "target");
    b.host = target.getHostAddress();
    return b;
  }

  /**
   * A request for a host name or address literal, resolved by {@link Pinger} with the system
   * resolver ({@link InetAddress#getAllByName}) when the ping starts: the first address of
   * {@link #family()} if set, else the first address.
   */
  public static Builder builder(String host) {
    Builder b = new Builder();
    b.host = Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    return b;
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.target = target;
    b.host = host;
    b.family = family;
    b.count = count;
    b.interval = interval;
    b.intervalSet = true;
    b.deadline = deadline;
    b.timeout = timeout;
    b.payloadSize = payloadSize;
    b.pattern = pattern;
    b.ttl = ttl;
    b.tos = tos;
    b.pmtuMode = pmtuMode;
    b.source = source;
    b.interfaceName = interfaceName;
    b.mark = mark;
    b.preload = preload;
    b.adaptive = adaptive;
    b.flood = flood;
    b.timestamps = timestamps;
    return b;
  }

  /** The target address, or null when {@link #host()} must be resolved first. */
  public InetAddress target() {
    return target;
  }

  /** The host as given (the address literal for {@link #builder(InetAddress)}). */
  public String host() {
    return host;
  }

  /**
   * Address family preference for resolution ({@code -4}: INET, {@code -6}: INET6), null for the
   * resolver's first address.
   */
  public ProtocolFamily family() {
    return family;
  }

  /** Probes to send ({@code -c}); 0 = until stopped or the deadline. */
  public long count() {
    return count;
  }

  /** Time between probes ({@code -i}); zero in flood mode unless set. */
  public Duration interval() {
    return interval;
  }

  /** Stop after this time whatever was sent or received ({@code -w}); null for none. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Per-probe timeout ({@code -W}): a probe unanswered after it gets a {@link PingEvent.Timeout};
   * after the last probe of a counted run without a deadline, the run waits this long when no
   * reply has come yet (iputils' linger time), else twice the largest RTT. A reply arriving after
   * its timeout still counts, as in iputils.
   */
  public Duration timeout() {
    return timeout;
  }

  /** ICMP payload bytes after the 8-byte echo header ({@code -s}). */
  public int payloadSize() {
    return payloadSize;
  }

  /** Fill pattern ({@code -p}, up to 16 bytes), or null for iputils' default fill. */
  public Octets pattern() {
    return pattern;
  }

  /** TTL / hop limit ({@code -t}), -1 for the kernel default. */
  public int ttl() {
    return ttl;
  }

  /** TOS / traffic class ({@code -Q}), -1 for the kernel default. */
  public int tos() {
    return tos;
  }

  /** Path MTU discovery mode ({@code -M}), null for the kernel default. */
  public PmtuMode pmtuMode() {
    return pmtuMode;
  }

  /** Source address ({@code -I addr}), or null. */
  public InetAddress source() {
    return source;
  }

  /** Interface to bind to ({@code -I dev}, {@code SO_BINDTODEVICE}), or null. */
  public String interfaceName() {
    return interfaceName;
  }

  /** Firewall mark ({@code -m}), -1 for none. */
  public int mark() {
    return mark;
  }

  /** Probes sent at once at the start without waiting ({@code -l}); 1 by default. */
  public int preload() {
    return preload;
  }

  /** Adaptive interval ({@code -A}): the interval follows the smoothed RTT. */
  public boolean adaptive() {
    return adaptive;
  }

  /**
   * Flood ({@code -f}): with interval zero, a probe as soon as the previous reply came, at least
   * every 10 ms.
   */
  public boolean flood() {
    return flood;
  }

  /** Use kernel send/receive timestamps (else user-space clock readings). */
  public boolean timestamps() {
    return timestamps;
  }

  /** Whether any option needs a socket of its own (TTL, TOS, PMTU, source, device, mark). */
  boolean needsOwnSocket() {
    return ttl >= 0 || tos >= 0 || pmtuMode != null || source != null || interfaceName != null
        || mark >= 0;
  }

  @Override
  public String toString() {
    return "PingRequest[" + host + (target != null && !host.equals(target.getHostAddress())
        ? " (" + target.getHostAddress() + ")" : "") + ", count=" + count + ", interval="
        + interval + (deadline != null ? ", deadline=" + deadline : "") + ", size=" + payloadSize
        + (flood ? ", flood" : "") + (adaptive ? ", adaptive" : "") + "]";
  }

  /** Builder of {@link PingRequest}; setters check their argument at once. */
  public static final class Builder {
    private InetAddress target;
    private String host;
    private ProtocolFamily family;
    private long count;
    private Duration interval = Duration.ofSeconds(1);
    private boolean intervalSet;
    private Duration deadline;
    private Duration timeout = Duration.ofSeconds(10);
    private int payloadSize = 56;
    private Octets pattern;
    private int ttl = -1;
    private int tos = -1;
    private PmtuMode pmtuMode;
    private InetAddress source;
    private String interfaceName;
    private int mark = -1;
    private int preload = 1;
    private boolean adaptive;
    private boolean flood;
    private boolean timestamps = true;

    private Builder() {}

    /** See {@link PingRequest#family()}; must match the target address when one is given. */
    public Builder family(ProtocolFamily family) {
      if (family != null && family != StandardProtocolFamily.INET
          && family != StandardProtocolFamily.INET6) {
        throw new IllegalArgumentException("family must be INET or INET6: " + family);
      }
      this.family = family;
      return this;
    }

    /** See {@link PingRequest#count()}. */
    public Builder count(long count) {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0: " + count);
      }
      this.count = count;
      return this;
    }

    /** See {@link PingRequest#interval()}. */
    public Builder interval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("interval must be >= 0: " + interval);
      }
      this.interval = interval;
      this.intervalSet = true;
      return this;
    }

    /** See {@link PingRequest#deadline()}; null for none. */
    public Builder deadline(Duration deadline) {
      if (deadline != null && deadline.isNegative()) {
        throw new IllegalArgumentException("deadline must be >= 0: " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /** See {@link PingRequest#timeout()}. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be >= 0: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** See {@link PingRequest#payloadSize()}; 0 to {@link #MAX_PAYLOAD}. */
    public Builder payloadSize(int payloadSize) {
      if (payloadSize < 0 || payloadSize > MAX_PAYLOAD) {
        throw new IllegalArgumentException("payload size out of 0.." + MAX_PAYLOAD + ": "
            + payloadSize);
      }
      this.payloadSize = payloadSize;
      return this;
    }

    /** See {@link PingRequest#pattern()}; 1 to 16 bytes, or null for the default fill. */
    public Builder pattern(Octets pattern) {
      if (pattern != null && (pattern.length() == 0 || pattern.length() > 16)) {
        throw new IllegalArgumentException("pattern must have 1 to 16 bytes: " + pattern.length());
      }
      this.pattern = pattern;
      return this;
    }

    /** {@link #pattern(Octets)} of bytes (copied). */
    public Builder pattern(byte[] pattern) {
      return pattern(pattern == null ? null : Octets.of(pattern.clone()));
    }

    /** See {@link PingRequest#ttl()}; 1-255 or -1. */
    public Builder ttl(int ttl) {
      if (ttl != -1 && (ttl < 1 || ttl > 255)) {
        throw new IllegalArgumentException("ttl out of 1..255: " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** See {@link PingRequest#tos()}; 0-255 or -1. */
    public Builder tos(int tos) {
      if (tos < -1 || tos > 255) {
        throw new IllegalArgumentException("tos out of 0..255: " + tos);
      }
      this.tos = tos;
      return this;
    }

    /** See {@link PingRequest#pmtuMode()}. */
    public Builder pmtuMode(PmtuMode pmtuMode) {
      this.pmtuMode = pmtuMode;
      return this;
    }

    /** See {@link PingRequest#source()}. */
    public Builder source(InetAddress source) {
      this.source = source;
      return this;
    }

    /** See {@link PingRequest#interfaceName()}. */
    public Builder interfaceName(String interfaceName) {
      if (interfaceName != null && (interfaceName.isEmpty() || interfaceName.length() > 15)) {
        throw new IllegalArgumentException("interface name must have 1 to 15 characters");
      }
      this.interfaceName = interfaceName;
      return this;
    }

    /** See {@link PingRequest#mark()}; -1 for none. */
    public Builder mark(int mark) {
      if (mark < -1) {
        throw new IllegalArgumentException("mark must be >= 0 or -1: " + mark);
      }
      this.mark = mark;
      return this;
    }

    /** See {@link PingRequest#preload()}; 1 to 65536. */
    public Builder preload(int preload) {
      if (preload < 1 || preload > 65_536) {
        throw new IllegalArgumentException("preload out of 1..65536: " + preload);
      }
      this.preload = preload;
      return this;
    }

    /** See {@link PingRequest#adaptive()}. */
    public Builder adaptive(boolean adaptive) {
      this.adaptive = adaptive;
      return this;
    }

    /** See {@link PingRequest#flood()}; sets the interval to zero unless one was set. */
    public Builder flood(boolean flood) {
      this.flood = flood;
      return this;
    }

    /** See {@link PingRequest#timestamps()}. */
    public Builder timestamps(boolean timestamps) {
      this.timestamps = timestamps;
      return this;
    }

    /** The request; checks that the target and source families agree. */
    public PingRequest build() {
      if (target != null && family != null
          && (family == StandardProtocolFamily.INET) != (target instanceof Inet4Address)) {
        throw new IllegalArgumentException("target " + target.getHostAddress()
            + " is not of family " + family);
      }
      if (target != null && source != null
          && (target instanceof Inet6Address) != (source instanceof Inet6Address)) {
        throw new IllegalArgumentException("source and target families differ");
      }
      return new PingRequest(this);
    }
  }
}
