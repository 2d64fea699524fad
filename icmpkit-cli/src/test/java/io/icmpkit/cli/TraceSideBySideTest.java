package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code icmpkit traceroute} / {@code icmpkit tracepath} against Debian's traceroute 2.1.2 and
 * iputils tracepath on {@code client - r1 - r2 - r3 - target} (link 3, r2 - r3, with MTU 1400),
 * run in the client namespace with the same arguments: the same exit code and, line by line, the
 * same output once round-trip times are masked. nftables on r1 rejects 10.202/10.203/10.204.0.0/24
 * with net unreachable, host unreachable and administratively prohibited.
 */
@Tag("integration")
class TraceSideBySideTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(
      NetnsTopology.chain("client", "r1", "r2", "r3", "target").linkMtu(3, 1400));

  private static NetnsTopology t() {
    return NET.topology();
  }

  record Run(int rc, List<String> lines) {}

  @BeforeAll
  static void rules() {
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

  /** Round-trip times differ from run to run: "0.123 ms" / "  0.123ms" become "X ms" / "Xms". */
  static String mask(String line) {
    return line.replaceAll("\\d+\\.\\d{3} ms", "X ms").replaceAll(" *\\d+\\.\\d{3}ms", " Xms");
  }

  private static Run peer(String... cmd) {
    NetnsTopology.ExecResult r = t().exec("client", cmd);
    return new Run(r.exitCode(), r.output().lines().map(TraceSideBySideTest::mask).toList());
  }

  private static Run ours(String... args) {
    StringWriter out = new StringWriter();
    int rc = t().call("client", () -> Main.run(new PrintWriter(out), new PrintWriter(out), args));
    return new Run(rc, out.toString().lines().map(TraceSideBySideTest::mask).toList());
  }

  /**
   * Forget the path MTUs the client learned: they hang off the next hop of the routes (shared by
   * every route through the same gateway), so all routes through a gateway go and come back.
   */
  private static void forgetPmtu() {
    NetnsTopology t = t();
    for (String family : List.of("-4", "-6")) {
      List<String> routes = t.exec("client", "ip", family, "route", "show").output().lines()
          .filter(l -> l.contains(" via ")).toList();
      for (String r : routes) {
        List<String> del = new ArrayList<>(List.of("ip", family, "route", "del"));
        del.addAll(Arrays.asList(r.trim().split("\\s+")));
        t.exec("client", del.toArray(String[]::new));
      }
      for (String r : routes) {
        List<String> add = new ArrayList<>(List.of("ip", family, "route", "add"));
        add.addAll(Arrays.asList(r.trim().split("\\s+")));
        NetnsTopology.ExecResult res = t.exec("client", add.toArray(String[]::new));
        assertThat(res.exitCode()).as(res.output()).isZero();
      }
    }
  }

  private static Run sideBySide(String peer, String... args) {
    List<String> cmd = new ArrayList<>(List.of(peer));
    cmd.addAll(Arrays.asList(args));
    List<String> ourArgs = new ArrayList<>(List.of(peer.substring(peer.lastIndexOf('/') + 1)));
    ourArgs.addAll(Arrays.asList(args));
    forgetPmtu();
    Run theirs = peer(cmd.toArray(String[]::new));
    forgetPmtu();
    Run mine = ours(ourArgs.toArray(String[]::new));
    assertThat(mine.lines()).as("%s vs %s", mine, theirs).isEqualTo(theirs.lines());
    assertThat(mine.rc()).isEqualTo(theirs.rc());
    return mine;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-I", "-T", "-U", "-q 1", "-q 5 -N 1", "-f 2 -m 3", "--back",
      "-F", "--mtu", "-e", "-I --mtu"})
  void tracerouteV4(String options) {
    List<String> args = new ArrayList<>(List.of("-n", "-w", "2"));
    if (!options.isEmpty()) {
      args.addAll(List.of(options.split(" ")));
    }
    args.add(t().ipv4("target").getHostAddress());
    sideBySide("traceroute", args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-I"})
  void tracerouteV6(String options) {
    List<String> args = new ArrayList<>(List.of("-n", "-w", "2"));
    if (!options.isEmpty()) {
      args.add(options);
    }
    args.add(t().ipv6("target").getHostAddress());
    sideBySide("traceroute", args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.202.0.1", "10.203.0.1", "10.204.0.1"})
  void unreachable(String address) {
    sideBySide("traceroute", "-n", "-w", "2", address);
    sideBySide("traceroute", "-n", "-w", "2", "-I", address);
  }

  /** r2 drops its own time exceeded messages: hop 2 is all stars, later hops still answer. */
  @ParameterizedTest
  @ValueSource(strings = {"", "-I", "-T"})
  void silentRouter(String method) {
    NetnsTopology t = t();
    NetnsTopology.ExecResult r = t.exec("r2", "nft", String.join("; ",
        "add table inet iktsilent",
        "add chain inet iktsilent out { type filter hook output priority 0; }",
        "add rule inet iktsilent out icmp type time-exceeded drop",
        "add rule inet iktsilent out icmpv6 type time-exceeded drop"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    try {
      List<String> args = new ArrayList<>(List.of("-n", "-w", "1"));
      if (!method.isEmpty()) {
        args.add(method);
      }
      args.add(t.ipv4("target").getHostAddress());
      Run mine = sideBySide("traceroute", args.toArray(String[]::new));
      assertThat(mine.lines()).contains(" 2  * * *").anyMatch(l -> l.startsWith(" 4  10.200.4.2"));
    } finally {
      t.exec("r2", "nft", "delete table inet iktsilent");
    }
  }

  @Test
  void tracepathV4() {
    sideBySide("tracepath", "-n", t().ipv4("target").getHostAddress());
  }

  @Test
  void tracepathV6() {
    sideBySide("tracepath", "-n", t().ipv6("target").getHostAddress());
  }

  @Test
  void tracepathUnreachable() {
    sideBySide("tracepath", "-n", "10.203.0.1");
  }

  /**
   * tracepath -I (ours only) as root where ping sockets are refused (ping_group_range "1 0"): the
   * raw socket it falls back to prints what the ping socket prints with the range open.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void tracepathIcmpFallsBackToRaw(boolean v6) {
    String target = (v6 ? t().ipv6("target") : t().ipv4("target")).getHostAddress();
    Run datagram;
    Run raw;
    try {
      forgetPmtu();
      datagram = ours("tracepath", "-n", "-I", target);
      t().sysctl("client", "net.ipv4.ping_group_range", "1 0");
      forgetPmtu();
      raw = ours("tracepath", "-n", "-I", target);
    } finally {
      t().sysctl("client", "net.ipv4.ping_group_range", "0 2147483647");
    }
    assertThat(raw.lines()).as("%s vs %s", raw, datagram).isEqualTo(datagram.lines())
        .contains("     Resume: pmtu 1400 hops 4 back 4 ");
    assertThat(raw.rc()).isEqualTo(datagram.rc()).isZero();
  }

  /** Without -n: "name (address)", the address itself when there is no name, as traceroute. */
  @Test
  void names() {
    sideBySide("traceroute", "-q", "1", "-w", "2", t().ipv4("target").getHostAddress());
  }

  @Test
  void json() throws Exception {
    String target = t().ipv4("target").getHostAddress();
    StringWriter out = new StringWriter();
    int rc = t().call("client", () -> Main.run(new PrintWriter(out), new PrintWriter(out),
        "traceroute", "--json", "-I", target));
    assertThat(rc).isZero();
    var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    assertThat(j.get("reached").asBoolean()).isTrue();
    assertThat(j.get("method").asText()).isEqualTo("icmp");
    assertThat(j.get("hops")).hasSize(4);
    assertThat(j.get("hops").get(3).get("probes").get(0).get("responder").asText())
        .isEqualTo(target);
  }

  /** No route at all from the client: tracepath's "send failed", traceroute's exit status 1. */
  @Test
  void noRoute() {
    sideBySide("tracepath", "-n", "10.99.0.1");
    assertThat(ours("traceroute", "-n", "10.99.0.1").rc())
        .isEqualTo(peer("traceroute", "-n", "10.99.0.1").rc()).isEqualTo(1);
    assertThat(ours("traceroute", "-n", "-I", "10.99.0.1").rc()).isEqualTo(1);
  }

  @Test
  void usageErrors() {
    assertThat(ours("traceroute", "-q", "11", "127.0.0.1").rc()).isEqualTo(2);
    assertThat(ours("traceroute", "-n", "no.such.host.invalid").rc()).isEqualTo(2);
    assertThat(ours("tracepath", "-n", "no.such.host.invalid").rc()).isEqualTo(1);
  }
}
