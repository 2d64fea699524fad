package io.icmpkit.engine.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.PmtuMode;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pinger against the real kernel in the fixture's namespaces: client – r1 – r2 – target, link 2
 * (r1–r2) with MTU 1280. Every Pinger is created inside the client namespace (its I/O thread, and
 * so its sockets, live there).
 */
@Tag("integration")
class PingerKernelTest {
  @RegisterExtension
  static final NetnsExtension NET =
      new NetnsExtension(NetnsTopology.chain("client", "r1", "r2", "target").linkMtu(2, 1280));

  private static NetnsTopology t() {
    return NET.topology();
  }

  private static Pinger pinger(String node, IcmpSocket.Kind kind) {
    return t().call(node, () -> Pinger.builder().socketKind(kind).build());
  }

  /** Collects every event. */
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

  private static PingResult run(Pinger p, PingRequest r, Recorder rec) throws Exception {
    return p.ping(r, rec).get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @CsvSource({"false,DATAGRAM", "false,RAW", "true,DATAGRAM", "true,RAW"})
  void echoThroughTwoRouters(boolean v6, IcmpSocket.Kind kind) throws Exception {
    InetAddress target = v6 ? t().ipv6("target") : t().ipv4("target");
    try (Pinger p = pinger("client", kind)) {
      Recorder rec = new Recorder();
      PingResult r = run(p, PingRequest.builder(target).count(3)
          .interval(Duration.ofMillis(50)).build(), rec);
      assertThat(r.statistics().transmitted()).isEqualTo(3);
      assertThat(r.statistics().received()).isEqualTo(3);
      assertThat(r.exitStatus()).isZero();
      List<PingEvent.Reply> replies = rec.of(PingEvent.Reply.class);
      assertThat(replies).extracting(PingEvent.Reply::seq).containsExactly(1, 2, 3);
      assertThat(replies).allSatisfy(x -> {
        assertThat(x.from()).isEqualTo(target);
        assertThat(x.ttl()).isEqualTo(62); // 64 minus two routers
        assertThat(x.bytes()).isEqualTo(64);
        assertThat(x.duplicate()).isFalse();
        assertThat(x.corrupted()).isFalse();
        assertThat(x.rttNanos()).isPositive();
      });
      assertThat(rec.of(PingEvent.Sent.class)).hasSize(3);
      assertThat(r.statistics().hasRtt()).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({"false,DATAGRAM", "false,RAW", "true,DATAGRAM", "true,RAW"})
  void ttlTooSmallGivesTimeExceededFromTheSecondRouter(boolean v6, IcmpSocket.Kind kind)
      throws Exception {
    InetAddress target = v6 ? t().ipv6("target") : t().ipv4("target");
    InetAddress r2 = v6 ? t().ipv6("r2") : t().ipv4("r2");
    try (Pinger p = pinger("client", kind)) {
      Recorder rec = new Recorder();
      PingResult r = run(p, PingRequest.builder(target).count(1).ttl(2)
          .timeout(Duration.ofSeconds(2)).build(), rec);
      List<PingEvent.Error> errors = rec.of(PingEvent.Error.class);
      assertThat(errors).hasSize(1);
      PingEvent.Error e = errors.getFirst();
      assertThat(e.from()).isEqualTo(r2);
      assertThat(e.icmpType()).isEqualTo(v6 ? 3 : 11);
      assertThat(e.icmpCode()).isZero();
      assertThat(e.errno()).isEqualTo("EHOSTUNREACH");
      assertThat(e.seq()).isEqualTo(1);
      assertThat(r.statistics().errors()).isEqualTo(1);
      assertThat(r.statistics().received()).isZero();
      assertThat(r.exitStatus()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @CsvSource({"DATAGRAM", "RAW"})
  void unreachableNetworkFromARouter(IcmpSocket.Kind kind) throws Exception {
    t().exec("r1", "ip", "route", "replace", "unreachable", "10.210.0.0/24");
    t().exec("client", "ip", "route", "replace", "10.210.0.0/24", "via",
        t().ipv4("r1").getHostAddress());
    try (Pinger p = pinger("client", kind)) {
      Recorder rec = new Recorder();
      PingResult r = run(p, PingRequest.builder(InetAddress.getByName("10.210.0.1")).count(1)
          .timeout(Duration.ofSeconds(2)).build(), rec);
      PingEvent.Error e = rec.of(PingEvent.Error.class).getFirst();
      assertThat(e.from()).isEqualTo(t().ipv4("r1"));
      assertThat(e.icmpType()).isEqualTo(3);
      assertThat(e.icmpCode()).isIn(0, 1); // Linux sends host unreachable for an unreachable route
      assertThat(r.exitStatus()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @CsvSource({"DATAGRAM", "RAW"})
  void fragNeededThenLocalEmsgsize(IcmpSocket.Kind kind) throws Exception {
    try (Pinger p = pinger("client", kind)) {
      Recorder rec = new Recorder();
      PingResult r = run(p, PingRequest.builder(t().ipv4("target")).count(2).payloadSize(1400)
          .pmtuMode(PmtuMode.DO).interval(Duration.ofMillis(200))
          .timeout(Duration.ofMillis(500)).build(), rec);
      List<PingEvent.Error> errors = rec.of(PingEvent.Error.class);
      assertThat(errors).hasSize(2);
      assertThat(errors.get(0).from()).isEqualTo(t().ipv4("r1"));
      assertThat(errors.get(0).mtu()).isEqualTo(1280);
      assertThat(errors.get(1).local()).isTrue();
      assertThat(errors.get(1).errno()).isEqualTo("EMSGSIZE");
      assertThat(errors.get(1).mtu()).isEqualTo(1280);
      assertThat(r.statistics().transmitted()).isEqualTo(2);
      assertThat(r.statistics().errors()).isEqualTo(1); // iputils: local errors are not nerrors
      t().exec("client", "ip", "route", "flush", "cache");
    }
  }

  @Test
  void timeoutEventsAndDeadline() throws Exception {
    t().exec("r1", "ip", "route", "replace", "blackhole", "10.211.0.0/24");
    t().exec("client", "ip", "route", "replace", "10.211.0.0/24", "via",
        t().ipv4("r1").getHostAddress());
    try (Pinger p = pinger("client", IcmpSocket.Kind.AUTO)) {
      Recorder rec = new Recorder();
      PingResult r = run(p, PingRequest.builder(InetAddress.getByName("10.211.0.1")).count(3)
          .interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(150))
          .deadline(Duration.ofMillis(1000)).build(), rec);
      assertThat(r.statistics().received()).isZero();
      assertThat(r.statistics().transmitted()).isGreaterThan(3); // -w: sending goes on past -c
      assertThat(rec.of(PingEvent.Timeout.class)).isNotEmpty();
      assertThat(r.exitStatus()).isEqualTo(1);
    }
  }

  @Test
  void stopReturnsTheStatisticsSoFar() throws Exception {
    try (Pinger p = pinger("client", IcmpSocket.Kind.AUTO)) {
      CompletableFuture<PingResult> f = p.ping(PingRequest.builder(t().ipv4("target"))
          .interval(Duration.ofMillis(20)).build(), PingListener.NONE);
      Thread.sleep(200);
      p.stop(f);
      PingResult r = f.get(5, TimeUnit.SECONDS);
      assertThat(r.cancelled()).isTrue();
      assertThat(r.statistics().transmitted()).isPositive();
    }
  }

  @ParameterizedTest
  @CsvSource({"DATAGRAM", "RAW"})
  void thousandTargetsThroughOnePingerWithoutCrossTalk(IcmpSocket.Kind kind) throws Exception {
    t().exec("target", "ip", "route", "replace", "local", "10.201.0.0/22", "dev", "lo");
    // let the Pinger's 4 MB receive buffer request through where the kernel allows it (the
    // default net.core.rmem_max caps it at 208 KB; recent kernels make rmem_max per namespace
    // and refuse values above the host's). The Pinger paces run starts (Pinger.START_BURST) so
    // that replies are read between bursts of 64 first probes.
    t().exec("target", "sysctl", "-q", "-w", "net.core.rmem_max=8388608");
    try (Pinger p = pinger("target", kind)) {
      List<InetAddress> targets = new ArrayList<>();
      List<CompletableFuture<PingResult>> runs = new ArrayList<>();
      List<Recorder> recs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) 201, (byte) (i >> 8),
            (byte) i});
        Recorder rec = new Recorder();
        targets.add(a);
        recs.add(rec);
        runs.add(p.ping(PingRequest.builder(a).count(2).interval(Duration.ofSeconds(1)) // linger 1 s: a loaded CI machine
            .timeout(Duration.ofSeconds(5)).build(), rec));
      }
      for (int i = 0; i < 1000; i++) {
        PingResult r = runs.get(i).get(60, TimeUnit.SECONDS);
        assertThat(r.statistics().received()).as("target %s", targets.get(i)).isEqualTo(2);
        assertThat(r.statistics().duplicates()).isZero();
        InetAddress want = targets.get(i);
        assertThat(recs.get(i).of(PingEvent.Reply.class))
            .allSatisfy(x -> assertThat(x.from()).isEqualTo(want));
      }
    }
  }

  @Test
  void hostNameResolvedAndPublisherEndsWithComplete() throws Exception {
    try (Pinger p = pinger("client", IcmpSocket.Kind.AUTO)) {
      List<PingEvent> got = new ArrayList<>();
      CompletableFuture<Void> done = new CompletableFuture<>();
      p.events(PingRequest.builder("localhost").family(java.net.StandardProtocolFamily.INET)
          .count(2).interval(Duration.ofMillis(20)).build()).subscribe(
          new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
              s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(PingEvent item) {
              synchronized (got) {
                got.add(item);
              }
            }

            @Override
            public void onError(Throwable throwable) {
              done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
              done.complete(null);
            }
          });
      done.get(10, TimeUnit.SECONDS);
      synchronized (got) {
        assertThat(got).filteredOn(e -> e instanceof PingEvent.Reply).hasSize(2);
      }
    }
  }
}
