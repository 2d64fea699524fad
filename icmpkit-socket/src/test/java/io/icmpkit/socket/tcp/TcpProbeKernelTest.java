package io.icmpkit.socket.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.poll.Poller;
import io.icmpkit.socket.poll.PollerClosedException;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TCP SYN probes, both kinds, v4 and v6, against the real kernel in the fixture's namespaces:
 * client – r1 – r2 – target, with a listening socket on the target (port 8080; 8081 closed).
 */
@Tag("integration")
class TcpProbeKernelTest {
  @RegisterExtension
  static final NetnsExtension NET =
      new NetnsExtension(NetnsTopology.chain("client", "r1", "r2", "target"));

  private static final int OPEN_PORT = 8080;
  private static final int CLOSED_PORT = 8081;
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static ServerSocket listener4;
  private static ServerSocket listener6;

  private static NetnsTopology t() {
    return NET.topology();
  }

  private static InetAddress addr(String node, boolean v6) {
    return v6 ? t().ipv6(node) : t().ipv4(node);
  }

  @BeforeAll
  static void listen() {
    // opened on a thread inside the target namespace: the sockets live there
    listener4 = t().call("target", () -> new ServerSocket(OPEN_PORT, 50, addr("target", false)));
    listener6 = t().call("target", () -> new ServerSocket(OPEN_PORT, 50, addr("target", true)));
  }

  @AfterAll
  static void unlisten() throws Exception {
    if (listener4 != null) {
      listener4.close();
    }
    if (listener6 != null) {
      listener6.close();
    }
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(TcpProbe.Kind.CONNECT, false), Arguments.of(TcpProbe.Kind.CONNECT, true),
        Arguments.of(TcpProbe.Kind.RAW, false), Arguments.of(TcpProbe.Kind.RAW, true));
  }

  private static TcpProbe open(TcpProbe.Kind kind, boolean v6) {
    return t().call("client", () -> TcpProbe.open(
        v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, kind));
  }

  /** CONNECT probes create their socket per probe: run them inside the client namespace. */
  private static TcpProbeResult probe(TcpProbe p, boolean v6, int port, int ttl) {
    InetSocketAddress target = new InetSocketAddress(addr("target", v6), port);
    return t().call("client", () -> p.probe(target, ttl, WAIT));
  }

  @ParameterizedTest(name = "{0} ipv6={1}")
  @MethodSource("kinds")
  void listeningPortAnswersSynAck(TcpProbe.Kind kind, boolean v6) {
    try (TcpProbe p = open(kind, v6)) {
      assertThat(p.kind()).isEqualTo(kind);
      TcpProbeResult r = probe(p, v6, OPEN_PORT, 64);
      assertThat(r.outcome()).isEqualTo(TcpProbeResult.Outcome.CONNECTED);
      assertThat(r.responder()).isEqualTo(addr("target", v6));
      assertThat(r.error()).isNull();
      assertThat(r.rttNanos()).isPositive();
      assertThat(r.reachedTarget()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} ipv6={1}")
  @MethodSource("kinds")
  void closedPortAnswersRst(TcpProbe.Kind kind, boolean v6) {
    try (TcpProbe p = open(kind, v6)) {
      TcpProbeResult r = probe(p, v6, CLOSED_PORT, 64);
      assertThat(r.outcome()).isEqualTo(TcpProbeResult.Outcome.REFUSED);
      assertThat(r.responder()).isEqualTo(addr("target", v6));
      assertThat(r.reachedTarget()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} ipv6={1}")
  @MethodSource("kinds")
  void ttlOneAndTwoGiveTimeExceededFromEachRouter(TcpProbe.Kind kind, boolean v6) {
    String[] routers = {"r1", "r2"};
    try (TcpProbe p = open(kind, v6)) {
      for (int ttl = 1; ttl <= 2; ttl++) {
        TcpProbeResult r = probe(p, v6, OPEN_PORT, ttl);
        assertThat(r.outcome()).as("ttl %d", ttl).isEqualTo(TcpProbeResult.Outcome.ICMP_ERROR);
        assertThat(r.ttl()).isEqualTo(ttl);
        assertThat(r.responder()).isEqualTo(addr(routers[ttl - 1], v6));
        IcmpError e = r.error();
        assertThat(e.origin()).isEqualTo(v6 ? IcmpError.Origin.ICMP6 : IcmpError.Origin.ICMP);
        assertThat(e.type()).isEqualTo(v6 ? 3 : 11);
        assertThat(e.code()).isZero();
        assertThat(e.errno()).isEqualTo(Errno.EHOSTUNREACH);
        assertThat(e.offender()).isEqualTo(addr(routers[ttl - 1], v6));
        assertThat(r.reachedTarget()).isFalse();
      }
      // and with enough TTL the same prober reaches the target
      assertThat(probe(p, v6, OPEN_PORT, 3).outcome())
          .isEqualTo(TcpProbeResult.Outcome.CONNECTED);
    }
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void asyncConnectProbesOfAWholeTraceRunAtOnceOnOnePoller(boolean v6) throws Exception {
    try (Poller poller = Poller.open("tcp-trace");
         TcpProbe p = open(TcpProbe.Kind.CONNECT, v6)) {
      InetSocketAddress target = new InetSocketAddress(addr("target", v6), OPEN_PORT);
      List<CompletableFuture<TcpProbeResult>> hops = new ArrayList<>();
      for (int ttl = 1; ttl <= 4; ttl++) {
        int hop = ttl;
        // the socket is created by probeAsync: call it inside the client namespace
        hops.add(t().call("client", () -> p.probeAsync(poller, target, hop, WAIT)));
      }
      CompletableFuture<TcpProbeResult> closed = t().call("client", () -> p.probeAsync(poller,
          new InetSocketAddress(addr("target", v6), CLOSED_PORT), 64, WAIT));
      CompletableFuture.allOf(hops.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(hops.get(0).join().responder()).isEqualTo(addr("r1", v6));
      assertThat(hops.get(1).join().responder()).isEqualTo(addr("r2", v6));
      assertThat(hops.get(0).join().outcome()).isEqualTo(TcpProbeResult.Outcome.ICMP_ERROR);
      assertThat(hops.get(2).join().outcome()).isEqualTo(TcpProbeResult.Outcome.CONNECTED);
      assertThat(hops.get(3).join().outcome()).isEqualTo(TcpProbeResult.Outcome.CONNECTED);
      assertThat(closed.get(10, TimeUnit.SECONDS).outcome())
          .isEqualTo(TcpProbeResult.Outcome.REFUSED);
      assertThat(poller.registrationCount()).isZero(); // every probe ended its registration
    }
  }

  @Test
  void asyncProbeTimesOutAndClosingThePollerFailsPendingProbes() throws Exception {
    InetSocketAddress nobody = new InetSocketAddress(
        InetAddress.getByName("10.200.3.99"), OPEN_PORT); // fixture prefix, no such host
    try (TcpProbe p = open(TcpProbe.Kind.CONNECT, false)) {
      Poller poller = Poller.open();
      try {
        CompletableFuture<TcpProbeResult> quick =
            t().call("client", () -> p.probeAsync(poller, nobody, 64, Duration.ofMillis(200)));
        assertThat(quick.get(5, TimeUnit.SECONDS).outcome())
            .isEqualTo(TcpProbeResult.Outcome.TIMEOUT);
        CompletableFuture<TcpProbeResult> slow =
            t().call("client", () -> p.probeAsync(poller, nobody, 64, Duration.ofSeconds(30)));
        assertThat(poller.registrationCount()).isEqualTo(1);
        poller.close();
        assertThatThrownBy(() -> slow.get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(PollerClosedException.class);
      } finally {
        poller.close();
      }
    }
  }

  @Test
  void rawKindHasNoAsyncProbe() {
    try (Poller poller = Poller.open(); TcpProbe p = open(TcpProbe.Kind.RAW, false)) {
      assertThatThrownBy(() -> p.probeAsync(poller,
          new InetSocketAddress(addr("target", false), OPEN_PORT), 64, WAIT))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void unansweredProbeTimesOut() {
    // a fixture address nobody owns on link 3 (the target has .2): the SYN gets no answer
    try (TcpProbe p = open(TcpProbe.Kind.RAW, false)) {
      InetAddress nobody = t().call("client", () -> InetAddress.getByName("10.200.3.99"));
      TcpProbeResult r = t().call("client",
          () -> p.probe(new InetSocketAddress(nobody, OPEN_PORT), 64, Duration.ofMillis(300)));
      // r2 resolves the address for ~3 s (ARP) before it could say "host unreachable"
      assertThat(r.outcome()).isEqualTo(TcpProbeResult.Outcome.TIMEOUT);
      assertThat(r.responder()).isNull();
      assertThat(r.rttNanos()).isEqualTo(-1);
    }
  }

  @Test
  void probeFromAVirtualThreadWaitsWithoutPinning() throws Exception {
    // a virtual thread cannot join a namespace, so RAW (its sockets are opened in the client
    // namespace at open time); the wait polls without blocking and sleeps between polls
    try (TcpProbe p = open(TcpProbe.Kind.RAW, false);
         ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
      InetSocketAddress target = new InetSocketAddress(addr("target", false), OPEN_PORT);
      Future<TcpProbeResult> f = vt.submit(() -> p.probe(target, 64, WAIT));
      assertThat(f.get(10, TimeUnit.SECONDS).outcome())
          .isEqualTo(TcpProbeResult.Outcome.CONNECTED);
    }
  }
}
