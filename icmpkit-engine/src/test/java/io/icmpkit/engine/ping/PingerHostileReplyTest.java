package io.icmpkit.engine.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.engine.ping.HostileResponder.Mode;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile replies: the kernel echo of {@code target} is off and a {@link HostileResponder} (raw
 * sockets in that namespace) answers instead, with duplicates, bad checksums, corrupted data,
 * foreign identifiers and cookies, IP options and truncated replies. The Pinger (in {@code
 * client}, behind router {@code r1}) must flag or ignore each as the Javadoc of {@link Pinger}
 * says, keep its statistics finite and end every run on time; iputils {@code ping} (raw socket)
 * is run against the same responder and its summary compared.
 */
@Tag("integration")
class PingerHostileReplyTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "r1",
      "target"));
  private static HostileResponder v4;
  private static HostileResponder v6;

  private static NetnsTopology t() {
    return NET.topology();
  }

  @BeforeAll
  static void responders() {
    t().sysctl("target", "net.ipv4.icmp_echo_ignore_all", "1");
    t().sysctl("target", "net.ipv6.icmp.echo_ignore_all", "1");
    v4 = new HostileResponder(t(), "target", false);
    v6 = new HostileResponder(t(), "target", true);
  }

  @AfterAll
  static void close() throws Exception {
    if (v4 != null) {
      v4.close();
    }
    if (v6 != null) {
      v6.close();
    }
  }

  static final class Recorder implements PingListener {
    final ConcurrentLinkedQueue<PingEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvent(PingEvent e) {
      events.add(e);
    }

    <T extends PingEvent> List<T> of(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private static PingResult ping(boolean ipv6, IcmpSocket.Kind kind, Recorder rec)
      throws Exception {
    InetAddress target = ipv6 ? t().ipv6("target") : t().ipv4("target");
    try (Pinger p = t().call("client", () -> Pinger.builder().socketKind(kind).build())) {
      // bounded: 3 probes, 1 s timeout; the future must end well before 20 s
      return p.ping(PingRequest.builder(target).count(3).interval(Duration.ofMillis(50))
          .timeout(Duration.ofSeconds(1)).build(), rec).get(20, TimeUnit.SECONDS);
    }
  }

  private static void assertFinite(PingStatistics s) {
    assertThat(s.transmitted()).isEqualTo(3);
    assertThat(Double.isFinite(s.lossPercent())).isTrue();
    assertThat(s.lossPercent()).isBetween(0.0, 100.0);
    if (s.hasRtt()) {
      assertThat(s.minNanos()).isLessThanOrEqualTo(s.avgNanos());
      assertThat(s.avgNanos()).isLessThanOrEqualTo(s.maxNanos());
      assertThat(s.mdevNanos()).isNotNegative();
      assertThat(s.medianNanos()).isBetween(0L, s.maxNanos() + 1000);
    }
  }

  @ParameterizedTest(name = "{0} v6={1} {2}")
  @CsvSource({
      "DUPLICATE,false,RAW", "DUPLICATE,false,DATAGRAM", "DUPLICATE,true,RAW",
      "DUPLICATE,true,DATAGRAM",
      // ICMPv6 raw sockets always get a kernel checksum: a bad one cannot be sent from here
      "BAD_CHECKSUM,false,RAW", "BAD_CHECKSUM,false,DATAGRAM",
      "CORRUPTED,false,RAW", "CORRUPTED,false,DATAGRAM", "CORRUPTED,true,RAW",
      "CORRUPTED,true,DATAGRAM",
      "FOREIGN,false,RAW", "FOREIGN,false,DATAGRAM", "FOREIGN,true,RAW", "FOREIGN,true,DATAGRAM",
      "IP_OPTIONS,false,RAW", "IP_OPTIONS,false,DATAGRAM",
      "CUT_IN_COOKIE,false,RAW", "CUT_IN_COOKIE,false,DATAGRAM", "CUT_IN_COOKIE,true,RAW",
      "CUT_IN_COOKIE,true,DATAGRAM",
      "CUT_AFTER_COOKIE,false,RAW", "CUT_AFTER_COOKIE,false,DATAGRAM",
      "CUT_AFTER_COOKIE,true,RAW", "CUT_AFTER_COOKIE,true,DATAGRAM"})
  void pingerFlagsOrIgnoresEachHostileReply(Mode mode, boolean ipv6, IcmpSocket.Kind kind)
      throws Exception {
    (ipv6 ? v6 : v4).reset(mode);
    Recorder rec = new Recorder();
    PingResult r = ping(ipv6, kind, rec);
    PingStatistics s = r.statistics();
    assertFinite(s);
    List<PingEvent.Reply> replies = rec.of(PingEvent.Reply.class);
    List<PingEvent.Reply> good = replies.stream().filter(x -> !x.badChecksum()).toList();
    assertThat(rec.of(PingEvent.Error.class)).isEmpty();
    switch (mode) {
      case DUPLICATE -> {
        // the run ends at the third reply (iputils: nreceived == npackets), so the two copies
        // of probe 3 come after the end: 2 + 2 duplicates
        assertThat(s.received()).isEqualTo(3);
        assertThat(s.duplicates()).isEqualTo(4);
        assertThat(replies).filteredOn(PingEvent.Reply::duplicate).hasSize(4);
        assertThat(replies).noneMatch(PingEvent.Reply::corrupted);
      }
      case BAD_CHECKSUM -> {
        // raw ICMPv4: seen and flagged (iputils' BAD CHECKSUM, not received); a ping socket
        // never sees them: the kernel drops a bad checksum before the socket lookup
        int bad = kind == IcmpSocket.Kind.RAW ? 3 : 0;
        assertThat(s.received()).isEqualTo(3);
        assertThat(s.corrupted()).isEqualTo(bad);
        assertThat(s.duplicates()).isZero();
        assertThat(replies).filteredOn(PingEvent.Reply::badChecksum).hasSize(bad)
            .allMatch(PingEvent.Reply::corrupted).noneMatch(PingEvent.Reply::duplicate);
        assertThat(good).hasSize(3).noneMatch(PingEvent.Reply::corrupted);
      }
      case CORRUPTED -> {
        // iputils' "wrong data byte": counted as received, flagged, not a checksum failure
        assertThat(s.received()).isEqualTo(3);
        assertThat(s.corrupted()).isZero();
        assertThat(replies).hasSize(3).allMatch(PingEvent.Reply::corrupted)
            .noneMatch(PingEvent.Reply::badChecksum);
      }
      case FOREIGN -> {
        // foreign identifier and damaged cookie: neither counted nor reported
        assertThat(s.received()).isEqualTo(3);
        assertThat(s.duplicates()).isZero();
        assertThat(replies).hasSize(3).noneMatch(PingEvent.Reply::corrupted);
      }
      case IP_OPTIONS -> {
        assertThat(s.received()).isEqualTo(3);
        assertThat(replies).hasSize(3).allSatisfy(x -> {
          assertThat(x.corrupted()).isFalse();
          assertThat(x.bytes()).isEqualTo(64);
          assertThat(x.ttl()).isEqualTo(63);
        });
      }
      case CUT_IN_COOKIE -> {
        // the cookie is cut: nothing proves the reply is ours, so it is ignored (iputils counts
        // it, untimed): every probe times out
        assertThat(s.received()).isZero();
        assertThat(replies).isEmpty();
        assertThat(rec.of(PingEvent.Timeout.class)).extracting(PingEvent::seq)
            .containsExactly(1, 2, 3);
        assertThat(r.exitStatus()).isEqualTo(1);
        assertThat(s.lossPercent()).isEqualTo(100.0);
      }
      case CUT_AFTER_COOKIE -> {
        // cookie intact, data cut: a short but intact reply, as iputils counts it
        assertThat(s.received()).isEqualTo(3);
        assertThat(replies).hasSize(3).allSatisfy(x -> {
          assertThat(x.bytes()).isEqualTo(24);
          assertThat(x.corrupted()).isFalse();
        });
      }
      case RECORD -> throw new AssertionError();
    }
  }

  /** iputils' summary counts: transmitted, received, duplicates, corrupted (bad checksum). */
  record Summary(long transmitted, long received, long duplicates, long corrupted) {}

  private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) "
      + "received(?:, \\+(\\d+) duplicates)?(?:, \\+(\\d+) corrupted)?");

  /** iputils ping on a raw socket (ping sockets closed for the run) from {@code client}. */
  private static Summary iputils(boolean ipv6) {
    t().sysctl("client", "net.ipv4.ping_group_range", "1 0");
    NetnsTopology.ExecResult x;
    try {
      x = t().exec("client", "timeout", "20", "ping", ipv6 ? "-6" : "-4", "-q", "-c", "3", "-i",
          "0.05", "-W", "1", (ipv6 ? t().ipv6("target") : t().ipv4("target")).getHostAddress());
    } finally {
      t().sysctl("client", "net.ipv4.ping_group_range", "0 2147483647");
    }
    Matcher m = SUMMARY.matcher(x.output());
    assertThat(m.find()).as("iputils output: %s", x.output()).isTrue();
    return new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
        m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
        m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
  }

  /**
   * Same responder, iputils (raw socket) and the Pinger (raw socket): where iputils has the
   * information to decide, both count the same; where it has not (no cookie), the row says how
   * iputils differs and why.
   */
  @ParameterizedTest(name = "{0} v6={1}")
  @CsvSource({
      "DUPLICATE,false,3,4,0", "DUPLICATE,true,3,4,0",
      "CORRUPTED,false,3,0,0", "CORRUPTED,true,3,0,0",   // iputils: "wrong data byte #55"
      "IP_OPTIONS,false,3,0,0",                          // iputils: "RR: 10.200.2.2"
      "CUT_AFTER_COOKIE,false,3,0,0", "CUT_AFTER_COOKIE,true,3,0,0", // "24 bytes (truncated)"
      // iputils 20221126 computes the checksum of a raw ICMPv4 reply but passes csfailed=0 to
      // gather_statistics(): the bad reply counts as received, the good one after it as a DUP!
      // (the Pinger: 3 received, 3 corrupted, no duplicate)
      "BAD_CHECKSUM,false,3,2,0",
      // iputils has no cookie: the damaged-cookie reply counts (its timestamp is garbage:
      // "time of day goes back", time=0.000), the good one after it is a DUP!
      "FOREIGN,false,3,2,0", "FOREIGN,true,3,2,0",
      // iputils counts a reply with a whole ICMP header, untimed ("12 bytes ... (truncated)",
      // and prints rtt min 9223372036854775.807 ms); the Pinger cannot prove it is its own
      "CUT_IN_COOKIE,false,3,0,0", "CUT_IN_COOKIE,true,3,0,0"})
  void iputilsAgainstTheSameResponder(Mode mode, boolean ipv6, long received, long duplicates,
      long corrupted) throws Exception {
    HostileResponder resp = ipv6 ? v6 : v4;
    resp.reset(mode);
    Summary ip = iputils(ipv6);
    assertThat(ip).isEqualTo(new Summary(3, received, duplicates, corrupted));
    resp.reset(mode);
    PingStatistics s = ping(ipv6, IcmpSocket.Kind.RAW, new Recorder()).statistics();
    Summary ours = new Summary(s.transmitted(), s.received(), s.duplicates(), s.corrupted());
    switch (mode) {
      case BAD_CHECKSUM -> assertThat(ours).isEqualTo(new Summary(3, 3, 0, 3));
      case FOREIGN -> assertThat(ours).isEqualTo(new Summary(3, 3, 0, 0));
      case CUT_IN_COOKIE -> assertThat(ours).isEqualTo(new Summary(3, 0, 0, 0));
      default -> assertThat(ours).isEqualTo(ip);
    }
  }
}
