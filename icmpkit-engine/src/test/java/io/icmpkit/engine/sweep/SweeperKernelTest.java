package io.icmpkit.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sweeps against the real kernel: client – router – target. The target owns all of 10.203.0.0/16
 * through a local route on lo (it answers echo and timestamp for every address); the router sends
 * 10.203.8.0/23 into a blackhole (no answer) and answers 10.203.10.0/23 with Destination
 * Unreachable (host unreachable, by an nftables reject rule). Only 10.203.x and the fixture's addresses are used.
 */
@Tag("integration")
class SweeperKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "router", "target"));

  static final int HOLE = 512;

  private static NetnsTopology t() {
    return NET.topology();
  }

  @BeforeAll
  static void routes() {
    NetnsTopology t = t();
    check(t.exec("target", "ip", "route", "add", "local", "10.203.0.0/16", "dev", "lo"));
    check(t.exec("router", "ip", "route", "add", "10.203.0.0/16", "via",
        t.ipv4("target", 2).getHostAddress()));
    check(t.exec("router", "ip", "route", "add", "blackhole", "10.203.8.0/23"));
    // "ip route add unreachable" answers too, but ip_error() limits it to 1/s per source after a
    // burst of 5 (net.ipv4.route.error_cost/error_burst exist only in the initial namespace);
    // nftables' reject goes through icmp_send(), whose limits the fixture turns off
    check(t.exec("router", "nft", "add table ip sweep; add chain ip sweep fw { type filter hook"
        + " forward priority 0; }; add rule ip sweep fw ip daddr 10.203.10.0/23 reject with icmp"
        + " type host-unreachable"));
    check(t.exec("client", "ip", "route", "add", "10.203.0.0/16", "via",
        t.ipv4("router", 1).getHostAddress()));
    // IPv6: fd00:203::/120 on the target; ::80/122 blackholed, ::c0/122 rejected (address
    // unreachable) by the router
    check(t.exec("target", "ip", "-6", "route", "add", "local", "fd00:203::/120", "dev", "lo"));
    check(t.exec("router", "ip", "-6", "route", "add", "fd00:203::/120", "via",
        t.ipv6("target", 2).getHostAddress()));
    check(t.exec("router", "ip", "-6", "route", "add", "blackhole", "fd00:203::80/122"));
    check(t.exec("router", "nft", "add table ip6 sweep6; add chain ip6 sweep6 fw { type filter"
        + " hook forward priority 0; }; add rule ip6 sweep6 fw ip6 daddr fd00:203::c0/122 reject"
        + " with icmpv6 type addr-unreachable"));
    check(t.exec("client", "ip", "-6", "route", "add", "fd00:203::/120", "via",
        t.ipv6("router", 1).getHostAddress()));
    // resolve the router's MAC before the burst: probes queued behind an unresolved neighbour
    // beyond unres_qlen are dropped (and failed resolutions answered with local errors)
    check(t.exec("client", "ping", "-c", "1", "-W", "2", t.ipv4("router", 1).getHostAddress()));
    // the same for every neighbour a burst crosses: the client's IPv6 router and the router's
    // next hop to the target, both families
    check(t.exec("client", "ping", "-6", "-c", "1", "-W", "2", t.ipv6("router", 1).getHostAddress()));
    check(t.exec("router", "ping", "-c", "1", "-W", "2", t.ipv4("target", 2).getHostAddress()));
    check(t.exec("router", "ping", "-6", "-c", "1", "-W", "2", t.ipv6("target", 2).getHostAddress()));
  }

  private static void check(NetnsTopology.ExecResult r) {
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  private static List<SweepResult> sweep(SweepRequest request) {
    try (Sweeper s = t().call("client", () -> Sweeper.start(request))) {
      return s.results().toList();
    }
  }

  private static Map<SweepStatus, Long> counts(List<SweepResult> rs) {
    return rs.stream().collect(Collectors.groupingBy(SweepResult::status, Collectors.counting()));
  }

  private static Set<String> addresses(List<SweepResult> rs, SweepStatus... statuses) {
    Set<SweepStatus> want = Set.of(statuses);
    return rs.stream().filter(r -> want.contains(r.status()))
        .map(r -> r.target().getHostAddress()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** fping's list (-a or -u) over the same range, run in the client namespace. */
  private static Set<String> fping(String flag, String first, String last) {
    NetnsTopology.ExecResult r = t().exec("client", "sh", "-c",
        "fping " + flag + " -r 0 -t 1000 -i 0.05 -g " + first + " " + last + " 2>/dev/null");
    assertThat(r.exitCode()).as(r.output()).isIn(0, 1);
    return Arrays.stream(r.output().split("\n")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Several senders: each has its own socket (extra raw ones only send) and a share of the order. */
  @ParameterizedTest
  @CsvSource({"RAW, 1", "DATAGRAM, 1", "RAW, 3", "DATAGRAM, 2"})
  void wholeSlash16CountsAreExact(IcmpSocket.Kind kind, int senders) {
    List<SweepResult> rs = sweep(SweepRequest.builder(TargetSet.of("10.203.0.0/16"))
        .socketKind(kind).senders(senders).rate(40_000).retries(1)
        .timeout(Duration.ofMillis(700)).build());
    assertThat(rs).hasSize(65536);
    assertThat(rs.stream().map(SweepResult::target).distinct().count()).isEqualTo(65536);
    Map<SweepStatus, Long> c = counts(rs);
    List<SweepResult> odd = rs.stream().filter(r -> r.status() == SweepStatus.UNREACHABLE
        && !r.target().getHostAddress().matches("10\\.203\\.1[01]\\..*")).toList();
    assertThat(odd).as("unreachable outside the rejected block").isEmpty();
    assertThat(c).containsEntry(SweepStatus.ALIVE, 65536L - 2 * HOLE)
        .containsEntry(SweepStatus.UNREACHABLE, (long) HOLE)
        .containsEntry(SweepStatus.NO_ANSWER, (long) HOLE);
    assertThat(addresses(rs, SweepStatus.UNREACHABLE)).allMatch(a -> a.matches("10\\.203\\.1[01]\\..*"));
    assertThat(addresses(rs, SweepStatus.NO_ANSWER)).allMatch(a -> a.matches("10\\.203\\.[89]\\..*"));
    SweepResult err = rs.stream().filter(r -> r.status() == SweepStatus.UNREACHABLE).findFirst().orElseThrow();
    assertThat(err.icmpType()).isEqualTo(3);
    assertThat(err.icmpCode()).isEqualTo(1); // host unreachable
    assertThat(err.responder()).isEqualTo(t().ipv4("router", 1));
    SweepResult ok = rs.stream().filter(SweepResult::alive).findFirst().orElseThrow();
    assertThat(ok.rttNanos()).isPositive();
    assertThat(ok.ttl()).isEqualTo(63);
    assertThat(ok.responder()).isNull();
  }

  @ParameterizedTest
  @EnumSource(value = IcmpSocket.Kind.class, names = {"RAW", "DATAGRAM"})
  void ipv6PrefixCountsAreExact(IcmpSocket.Kind kind) throws Exception {
    List<SweepResult> rs = sweep(SweepRequest.builder(TargetSet.of("fd00:203::/120"))
        .socketKind(kind).rate(10_000).retries(1).timeout(Duration.ofMillis(500)).build());
    assertThat(rs).hasSize(256);
    assertThat(counts(rs)).containsEntry(SweepStatus.ALIVE, 128L)
        .containsEntry(SweepStatus.UNREACHABLE, 64L).containsEntry(SweepStatus.NO_ANSWER, 64L);
    SweepResult err = rs.stream().filter(r -> r.status() == SweepStatus.UNREACHABLE).findFirst().orElseThrow();
    assertThat(err.icmpType()).isEqualTo(1);
    assertThat(err.icmpCode()).isEqualTo(3);
    assertThat(err.target().getAddress()[15] & 0xff).isGreaterThanOrEqualTo(0xc0);
    SweepResult ok = rs.stream().filter(SweepResult::alive).findFirst().orElseThrow();
    assertThat(ok.target().getAddress()[15] & 0xff).isLessThan(0x80);
    assertThat(ok.rttNanos()).isPositive();
  }

  /** A consumer slower than the replies holds the senders back: the queue stays bounded. */
  @Test
  void slowConsumerHoldsTheSendersBack() throws Exception {
    SweepRequest req = SweepRequest.builder(TargetSet.of("10.203.0.0/18")).rate(100_000)
        .senders(2).retries(0).timeout(Duration.ofMillis(700)).build();
    int limit = 1024;
    long maxBacklog = 0;
    int taken = 0;
    Map<SweepStatus, Long> c = new java.util.EnumMap<>(SweepStatus.class);
    try (Sweeper s = t().call("client", () -> Sweeper.start(req, limit))) {
      java.util.Iterator<SweepResult> it = s.results().iterator();
      while (it.hasNext()) {
        c.merge(it.next().status(), 1L, Long::sum);
        maxBacklog = Math.max(maxBacklog, s.backlog());
        if (++taken % 64 == 0) {
          Thread.sleep(2); // ~30 k results/s at most, against replies at 100 k pps
        }
      }
    }
    assertThat(taken).isEqualTo(16384);
    assertThat(c).containsEntry(SweepStatus.ALIVE, 16384L - 2 * HOLE)
        .containsEntry(SweepStatus.UNREACHABLE, (long) HOLE)
        .containsEntry(SweepStatus.NO_ANSWER, (long) HOLE);
    // over the limit by at most the replies in flight when the senders stopped (a batch each)
    // and one receiver read batch
    assertThat(maxBacklog).isGreaterThan(limit / 2).isLessThan(limit + 4096);
  }

  @Test
  void sameAnswersAsFping() {
    String first = "10.203.4.0";
    String last = "10.203.11.255"; // 1024 alive, 512 blackholed, 512 unreachable
    List<SweepResult> rs = sweep(SweepRequest.builder(TargetSet.of(first + "-" + last))
        .rate(20_000).retries(0).timeout(Duration.ofMillis(1000)).build());
    Set<String> alive = addresses(rs, SweepStatus.ALIVE);
    Set<String> notAlive = addresses(rs, SweepStatus.UNREACHABLE, SweepStatus.NO_ANSWER);
    assertThat(alive).hasSize(1024);
    assertThat(notAlive).hasSize(1024);
    assertThat(fping("-a", first, last)).isEqualTo(alive);
    assertThat(fping("-u", first, last)).isEqualTo(notAlive);
  }

  @Test
  void fourShardsCoverTheRangeExactlyOnce() {
    TargetSet targets = TargetSet.of("10.203.0.0/20");
    List<SweepResult> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<SweepResult> part = sweep(SweepRequest.builder(targets).shard(i, 4).seed(99L)
          .rate(20_000).retries(0).timeout(Duration.ofMillis(300)).build());
      assertThat(part).hasSize(1024);
      all.addAll(part);
    }
    assertThat(all.stream().map(SweepResult::target).collect(Collectors.toSet())).hasSize(4096);
    assertThat(counts(all)).containsEntry(SweepStatus.ALIVE, 4096L - 2 * HOLE);
  }

  @Test
  void seedReproducesTheOrder() {
    // a blackholed block: every result is "no answer", emitted in sweep order
    Function<Long, List<InetAddress>> order = seed -> sweep(
        SweepRequest.builder(TargetSet.of("10.203.8.0/24")).seed(seed).rate(20_000).retries(0)
            .timeout(Duration.ofMillis(50)).build())
        .stream().map(SweepResult::target).toList();
    List<InetAddress> a = order.apply(7L);
    assertThat(a).hasSize(256);
    assertThat(order.apply(7L)).isEqualTo(a);
    assertThat(order.apply(8L)).isNotEqualTo(a).containsExactlyInAnyOrderElementsOf(a);
  }

  @Test
  void timestampProbesAreAnsweredByTheKernel() {
    List<SweepResult> rs = sweep(SweepRequest.builder(TargetSet.of("10.203.0.0/24"))
        .probes(EnumSet.of(ProbeType.TIMESTAMP)).rate(20_000).retries(1)
        .timeout(Duration.ofMillis(500)).build());
    assertThat(counts(rs)).containsEntry(SweepStatus.ALIVE, 256L);
    assertThat(rs).allMatch(r -> r.probe() == ProbeType.TIMESTAMP && r.icmpType() == 14);
  }

  @Test
  void timestampProbesToTheUnreachableBlockAreErrors() {
    List<SweepResult> rs = sweep(SweepRequest.builder(TargetSet.of("10.203.10.0/28"))
        .probes(EnumSet.of(ProbeType.TIMESTAMP, ProbeType.ECHO)).rate(10_000).retries(0)
        .timeout(Duration.ofMillis(500)).build());
    assertThat(counts(rs)).containsEntry(SweepStatus.UNREACHABLE, 16L);
  }

  @Test
  void addressMaskProbesAnsweredByATestResponder() throws Exception {
    // Linux does not answer address mask requests (RFC 950): a responder in the target namespace
    // answers for 10.203.0.0/29 from the address asked, with ident/seq copied
    TargetSet targets = TargetSet.of("10.203.0.0/29");
    List<IcmpSocket> from = new ArrayList<>();
    IcmpSocket listen = t().call("target", () -> {
      for (int i = 0; i < 8; i++) {
        from.add(IcmpSocket.open(StandardProtocolFamily.INET, IcmpSocket.Kind.RAW).bind(targets.address(i)));
      }
      return IcmpSocket.open(StandardProtocolFamily.INET, IcmpSocket.Kind.RAW).passOnly(17);
    });
    Thread responder = Thread.ofPlatform().daemon().start(() -> {
      try {
        while (!listen.isClosed()) {
          var r = listen.receive(Duration.ofMillis(50));
          if (r == null) {
            continue;
          }
          MemorySegment ip = r.data().asSegment();
          MemorySegment req = r.payload();
          long index = targets.indexOf(TargetSet.toInet4((int) Bytes.u32(ip, 16)));
          if (index < 0 || req.byteSize() < 12 || Bytes.u8(req, 0) != 17) {
            continue;
          }
          MemorySegment rep = MemorySegment.ofArray(new byte[12]);
          Bytes.setU8(rep, 0, 18);
          Bytes.setU32(rep, 4, Bytes.u32(req, 4));
          Bytes.setU32(rep, 8, 0xfffffff8L);
          Bytes.setU16(rep, 2, Checksum.compute(rep, 0, 12));
          from.get((int) index).send(rep, r.peer());
        }
      } catch (RuntimeException e) {
        // closed at the end of the test
      }
    });
    try {
      List<SweepResult> rs = sweep(SweepRequest.builder(TargetSet.of("10.203.0.0/28"))
          .probes(EnumSet.of(ProbeType.ADDRESS_MASK)).rate(5000).retries(0)
          .timeout(Duration.ofMillis(500)).build());
      assertThat(addresses(rs, SweepStatus.ALIVE)).hasSize(8).allMatch(a -> a.matches("10\\.203\\.0\\.[0-7]"));
      assertThat(rs).filteredOn(SweepResult::alive).allMatch(r -> r.probe() == ProbeType.ADDRESS_MASK && r.icmpType() == 18);
      assertThat(counts(rs)).containsEntry(SweepStatus.NO_ANSWER, 8L);
    } finally {
      listen.close();
      responder.join(2000);
      from.forEach(IcmpSocket::close);
    }
  }

  @Test
  void forgedRepliesAreNotCounted() throws Exception {
    long k0 = 0x1234;
    long k1 = 0x5678;
    TargetSet targets = TargetSet.of("10.203.8.0/28"); // blackholed: only forgeries can answer
    SweepRequest request = SweepRequest.builder(targets).validationKey(k0, k1)
        .socketKind(IcmpSocket.Kind.RAW).rate(1000).retries(0).timeout(Duration.ofMillis(1500)).build();
    InetAddress client = t().ipv4("client", 1);
    SipHash right = new SipHash(k0, k1);
    SipHash wrong = new SipHash(k0, k1 + 1);
    try (Sweeper s = t().call("client", () -> Sweeper.start(request))) {
      CompletableFuture<List<SweepResult>> results = CompletableFuture.supplyAsync(() -> s.results().toList());
      Thread.sleep(200);
      t().run("target", () -> {
        for (int i = 0; i < 16; i++) {
          InetAddress from = targets.address(i);
          try (IcmpSocket f = IcmpSocket.open(StandardProtocolFamily.INET, IcmpSocket.Kind.RAW)) {
            f.bind(from);
            if (i == 0) {
              f.send(echoReply(right, i, (int) right.hash(i, 0)), client); // the control: counted
            }
            f.send(echoReply(wrong, i, (int) right.hash(i, 0)), client); // wrong key in the cookie
            f.send(echoReply(right, i, 0x4242_4242), client); // foreign identifier/sequence
            f.send(echoReply(wrong, i, (int) wrong.hash(i, 0)), client); // wholly other key
            f.send(timestampReply(0x1111_2222), client); // foreign timestamp reply
          }
        }
      });
      List<SweepResult> rs = results.get();
      assertThat(rs).hasSize(16);
      assertThat(addresses(rs, SweepStatus.ALIVE)).containsExactly("10.203.8.0");
      assertThat(counts(rs)).containsEntry(SweepStatus.NO_ANSWER, 15L);
    }
  }

  private static byte[] echoReply(SipHash key, long index, int tag) {
    MemorySegment m = MemorySegment.ofArray(new byte[8 + 56]);
    Bytes.setU16(m, 4, tag >>> 16);
    Bytes.setU16(m, 6, tag & 0xffff);
    long t = System.nanoTime();
    Bytes.setI64(m, 8, index);
    Bytes.setI64(m, 16, t);
    Bytes.setI64(m, 24, key.hash(index, t, 0));
    Bytes.setU16(m, 2, Checksum.compute(m, 0, m.byteSize()));
    return m.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
  }

  private static byte[] timestampReply(int tag) {
    MemorySegment m = MemorySegment.ofArray(new byte[20]);
    Bytes.setU8(m, 0, 14);
    Bytes.setU16(m, 4, tag >>> 16);
    Bytes.setU16(m, 6, tag & 0xffff);
    Bytes.setU16(m, 2, Checksum.compute(m, 0, m.byteSize()));
    return m.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
  }
}
