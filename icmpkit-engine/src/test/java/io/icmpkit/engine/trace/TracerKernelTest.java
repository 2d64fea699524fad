package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.testing.Requirements;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Tracer against real kernel routers: {@code client - r1 - r2 - r3 - target}, link 3 (r2-r3)
 * with MTU 1400, side by side with Debian's {@code traceroute} run in the same namespace: same hop
 * list per method and family, same unreachable annotations, and the path MTU at the right hop.
 */
@Tag("integration")
class TracerKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(
      NetnsTopology.chain("client", "r1", "r2", "r3", "target").linkMtu(3, 1400));

  private static NetnsTopology t() {
    return NET.topology();
  }

  /**
   * r1 rejects what is forwarded to 10.202.0.0/24 with net unreachable, 10.203.0.0/24 with host
   * unreachable and 10.204.0.0/24 with admin prohibited (nftables: icmp_send is not rate limited in
   * the fixture, unlike the unreachable route type, whose ip_error() bucket is not per namespace).
   */
  @BeforeAll
  static void routes() {
    NetnsTopology t = t();
    String r1 = t.ipv4("r1", 1).getHostAddress();
    for (String net : List.of("10.202.0.0/24", "10.203.0.0/24", "10.204.0.0/24")) {
      t.exec("client", "ip", "route", "add", net, "via", r1);
      t.exec("r1", "ip", "route", "add", net, "via", t.ipv4("r2", 2).getHostAddress());
    }
    NetnsTopology.ExecResult r = t.exec("r1", "nft", String.join("; ",
        "add table inet ikt",
        "add chain inet ikt chk { type filter hook forward priority 0; }",
        "add rule inet ikt chk ip daddr 10.202.0.0/24 reject with icmp type net-unreachable",
        "add rule inet ikt chk ip daddr 10.203.0.0/24 reject with icmp type host-unreachable",
        "add rule inet ikt chk ip daddr 10.204.0.0/24 reject with icmp type admin-prohibited"));
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  private static TraceResult trace(TraceRequest.Builder b) {
    return t().call("client", () -> Tracer.trace(b.waitMax(Duration.ofSeconds(2)).build()));
  }

  /** Hop lines of {@code traceroute -n}: per hop, the addresses and annotations in order. */
  private static List<List<String>> peer(String... args) {
    List<String> cmd = new ArrayList<>(List.of("traceroute", "-n", "-w", "2"));
    cmd.addAll(List.of(args));
    NetnsTopology.ExecResult r = t().exec("client", cmd.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.output()).isZero();
    List<List<String>> hops = new ArrayList<>();
    Pattern token = Pattern.compile("(\\*|![A-Z<>0-9-]+|[0-9a-f:.]+(?= ))");
    for (String line : r.output().split("\n")) {
      if (!line.matches("^ ?\\d+ .*")) {
        continue;
      }
      List<String> items = new ArrayList<>();
      Matcher m = token.matcher(line.substring(3).replaceAll("\\d+\\.\\d+ ms", "") + " ");
      while (m.find()) {
        items.add(m.group(1));
      }
      hops.add(items);
    }
    return hops;
  }

  /** The same view of our result: traceroute prints an address only when it changes. */
  private static List<List<String>> ours(TraceResult r) {
    List<List<String>> hops = new ArrayList<>();
    for (Hop h : r.hops()) {
      List<String> items = new ArrayList<>();
      InetAddress last = null;
      for (ProbeReply p : h.probes()) {
        if (p.responder() == null) {
          items.add("*");
          continue;
        }
        if (!p.responder().equals(last)) {
          items.add(text(p.responder()));
        }
        last = p.responder();
        if (!p.flag().isEmpty()) {
          items.add(p.flag());
        }
      }
      hops.add(items);
    }
    return hops;
  }

  /** RFC 5952 text, as traceroute prints it (Java writes every zero group). */
  static String text(InetAddress a) {
    if (!(a instanceof java.net.Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
    }
    int bestAt = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestAt) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"UDP, false, ''", "ICMP, false, -I", "TCP, false, -T", "UDP_PARIS, false, ''",
      "UDP, true, -6", "ICMP, true, -6 -I", "TCP, true, -6 -T", "UDP_PARIS, true, -6"})
  void sameHopsAsTraceroute(ProbeMethod method, boolean v6, String flags) {
    InetAddress target = v6 ? t().ipv6("target") : t().ipv4("target");
    TraceResult r = trace(TraceRequest.to(target).method(method));
    assertThat(r.reached()).isTrue();
    assertThat(r.hops()).hasSize(4);
    assertThat(r.hops().getLast().responders()).containsExactly(target);
    List<String> args = new ArrayList<>(List.of(flags.split(" ")));
    args.removeIf(String::isEmpty);
    args.add(target.getHostAddress());
    assertThat(ours(r)).isEqualTo(peer(args.toArray(String[]::new)));
  }

  @Test
  void responderPerHopAndReplyTtl() {
    TraceResult r = trace(TraceRequest.to(t().ipv4("target")).method(ProbeMethod.ICMP));
    assertThat(r.hops()).extracting(h -> h.responders().getFirst()).containsExactly(
        t().ipv4("r1", 1), t().ipv4("r2", 2), t().ipv4("r3", 3), t().ipv4("target", 4));
    // routers start at TTL 64: the answer from hop n arrives with 65 - n
    assertThat(r.hops()).allSatisfy(h -> assertThat(h.probes()).allSatisfy(
        p -> assertThat(p.backHops()).isEqualTo(h.ttl())));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"10.202.0.1, !N, UDP", "10.203.0.1, !H, UDP", "10.204.0.1, !X, UDP",
      "10.202.0.1, !N, ICMP", "10.203.0.1, !H, ICMP", "10.204.0.1, !X, TCP"})
  void unreachableFlags(String address, String flag, ProbeMethod method) throws Exception {
    InetAddress dst = InetAddress.getByName(address);
    TraceResult r = trace(TraceRequest.to(dst).method(method));
    assertThat(r.reached()).isFalse();
    // nftables rejects in the forward hook, after the TTL check: r1 is hop 1 and hop 2
    assertThat(r.hops()).hasSize(2);
    assertThat(r.hops().getLast().probes()).extracting(ProbeReply::flag).containsOnly(flag);
    assertThat(ours(r)).isEqualTo(
        peer(switch (method) {
          case ICMP -> new String[] {"-I", address};
          case TCP -> new String[] {"-T", address};
          default -> new String[] {address};
        }));
  }

  /**
   * The kernel remembers a learned path MTU per destination, so each method traces its own address
   * (target for UDP, r3's far side for ICMP), both behind link 3.
   */
  @ParameterizedTest
  @CsvSource({"UDP, target", "ICMP, r3"})
  void pathMtuAtTheRightHop(ProbeMethod method, String node) {
    InetAddress dst = t().ipv4(node, 4);
    TraceResult r = trace(TraceRequest.to(dst).method(method).pathMtu(true));
    assertThat(r.reached()).isTrue();
    assertThat(r.packetLength()).isEqualTo(1400);
    // link 3 (r2 - r3) has MTU 1400: the kernel refuses 65000 bytes (1500, the interface), then
    // r2, hop 2, reports 1400 for the probes that go beyond it
    assertThat(r.mtuChanges()).containsExactly(new MtuChange(1500, null),
        new MtuChange(1400, t().ipv4("r2", 2)));
    assertThat(r.hops().get(1).responders()).containsExactly(t().ipv4("r2", 2));
    // the probe resent with the new size carries F=1400, beyond hop 2
    assertThat(r.hops()).filteredOn(h -> h.probes().stream().anyMatch(p -> p.mtu() == 1400))
        .allSatisfy(h -> assertThat(h.ttl()).isGreaterThan(2)).isNotEmpty();
  }

  /** Datagram ("ping") sockets: errors come from the error queue, the echo request quoted. */
  @ParameterizedTest
  @CsvSource({"false", "true"})
  void icmpUnprivileged(boolean v6) {
    InetAddress target = v6 ? t().ipv6("target") : t().ipv4("target");
    TraceResult r = trace(TraceRequest.to(target).method(ProbeMethod.ICMP)
        .privilege(TraceRequest.Privilege.UNPRIVILEGED));
    assertThat(r.privileged()).isFalse();
    assertThat(r.reached()).isTrue();
    assertThat(ours(r)).isEqualTo(peer(v6 ? new String[] {"-6", "-I", target.getHostAddress()}
        : new String[] {"-I", target.getHostAddress()}));
  }

  /**
   * tracepath over ICMP echo (which iputils cannot): the IPv6 path MTU (never learned before in
   * this class) comes from r2, hop 2, and the destination answers.
   */
  @Test
  void pathMtuOverIcmp() {
    List<PathMtuEvent> events = new ArrayList<>();
    PathMtuResult r = t().call("client", () -> PathMtuTracer.run(t().ipv6("target"), true, 65535,
        30, 44444, Duration.ofSeconds(1), events::add));
    assertThat(r.reached()).isTrue();
    assertThat(r.pmtu()).isEqualTo(1400);
    assertThat(r.hopsTo()).isEqualTo(4);
    assertThat(events.getFirst()).isInstanceOfSatisfying(PathMtuEvent.LocalMtu.class,
        l -> assertThat(l.mtu()).isEqualTo(1500));
    assertThat(events).filteredOn(e -> e instanceof PathMtuEvent.Reply p
        && p.outcome() == PathMtuEvent.Outcome.PMTU).singleElement()
        .satisfies(e -> {
          PathMtuEvent.Reply p = (PathMtuEvent.Reply) e;
          assertThat(p.responder()).isEqualTo(t().ipv6("r2", 2));
          assertThat(p.mtu()).isEqualTo(1400);
        });
  }

  /**
   * tracepath over ICMP as root where ping sockets are refused (ping_group_range "1 0", which root
   * is outside of too): the raw socket it falls back to finds the same path MTU, hops and answers
   * as the ping socket with the range open, both learned fresh, while a ping to the same
   * destination runs beside it (whose echo replies the raw socket sees too).
   */
  @ParameterizedTest(name = "v6={0}")
  @ValueSource(booleans = {false, true})
  void pathMtuOverIcmpFallsBackToRaw(boolean v6) throws Exception {
    InetAddress dst = v6 ? t().ipv6("target") : t().ipv4("target");
    List<String> datagram;
    List<String> raw;
    Process ping = null;
    try {
      forgetPmtu();
      datagram = pathMtuEvents(dst);
      t().sysctl("client", "net.ipv4.ping_group_range", "1 0");
      forgetPmtu();
      ping = new ProcessBuilder(Requirements.ipTool().orElseThrow().toString(), "netns", "exec",
          t().namespace("client"), "ping", "-n", "-c", "200", "-i", "0.005", "-s", "16",
          dst.getHostAddress()).redirectErrorStream(true).start();
      var out = new BufferedReader(new InputStreamReader(ping.getInputStream()));
      for (int i = 0; i < 3; i++) {
        assertThat(out.readLine()).as("ping's header, then its first replies").isNotNull();
      }
      raw = pathMtuEvents(dst);
      ping.getInputStream().transferTo(OutputStream.nullOutputStream());
    } finally {
      t().sysctl("client", "net.ipv4.ping_group_range", "0 2147483647");
      if (ping != null && !ping.waitFor(10, TimeUnit.SECONDS)) {
        ping.destroyForcibly();
      }
      forgetPmtu(); // the other tests learn theirs fresh
    }
    assertThat(ping.exitValue()).as("the ping beside").isZero();
    assertThat(raw).isEqualTo(datagram).last().asString()
        .startsWith("PathMtuResult[pmtu=1400, hopsTo=4, hopsBack=4, reached=true");
  }

  /** A tracepath's events and result, round-trip times masked. */
  private static List<String> pathMtuEvents(InetAddress dst) {
    List<String> events = new ArrayList<>();
    PathMtuResult r = t().call("client", () -> PathMtuTracer.run(dst, true, 65535, 30, 44444,
        Duration.ofSeconds(1), e -> events.add(e.toString().replaceAll("rttNanos=\\d+", "X"))));
    events.add(r.toString());
    return events;
  }

  /**
   * Forgets the path MTUs the client learned: they hang off the routes' next hop, so every route
   * through a gateway goes and comes back.
   */
  private static void forgetPmtu() {
    for (String family : List.of("-4", "-6")) {
      List<String> routes = t().exec("client", "ip", family, "route", "show").output().lines()
          .filter(l -> l.contains(" via ")).toList();
      for (String verb : List.of("del", "add")) {
        for (String route : routes) {
          List<String> cmd = new ArrayList<>(List.of("ip", family, "route", verb));
          cmd.addAll(List.of(route.trim().split("\\s+")));
          NetnsTopology.ExecResult res = t().exec("client", cmd.toArray(String[]::new));
          assertThat(res.exitCode()).as(res.output()).isZero();
        }
      }
    }
  }

  /** tracepath over UDP, IPv4, learned fresh: the same facts as iputils tracepath reports. */
  @Test
  void pathMtuOverUdp() {
    List<PathMtuEvent> events = new ArrayList<>();
    PathMtuResult r = t().call("client", () -> PathMtuTracer.run(t().ipv4("r3", 4), false, 65535,
        30, 44444, Duration.ofSeconds(1), events::add));
    assertThat(r.reached()).isTrue();
    assertThat(r.pmtu()).isEqualTo(1400);
    assertThat(r.hopsTo()).isEqualTo(3);
    assertThat(r.hopsBack()).isEqualTo(3);
  }
}
