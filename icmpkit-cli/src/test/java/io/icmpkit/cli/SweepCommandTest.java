package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code icmpkit sweep} in namespaces: the target owns 10.203.0.0/16 (local route on lo), the
 * router blackholes 10.203.8.0/23 and rejects 10.203.10.0/23 with host unreachable (nftables).
 */
@Tag("integration")
class SweepCommandTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "router", "target"));

  record Run(int rc, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  @BeforeAll
  static void routes() {
    NetnsTopology t = NET.topology();
    check(t.exec("target", "ip", "route", "add", "local", "10.203.0.0/16", "dev", "lo"));
    check(t.exec("router", "ip", "route", "add", "10.203.0.0/16", "via", t.ipv4("target", 2).getHostAddress()));
    check(t.exec("router", "ip", "route", "add", "blackhole", "10.203.8.0/23"));
    check(t.exec("router", "nft", "add table ip sweep; add chain ip sweep fw { type filter hook"
        + " forward priority 0; }; add rule ip sweep fw ip daddr 10.203.10.0/23 reject with icmp"
        + " type host-unreachable"));
    check(t.exec("client", "ip", "route", "add", "10.203.0.0/16", "via", t.ipv4("router", 1).getHostAddress()));
    // resolve the router's MAC before the burst: probes queued behind an unresolved neighbour
    // beyond unres_qlen are dropped (and failed resolutions answered with local errors)
    check(t.exec("client", "ping", "-c", "1", "-W", "2", t.ipv4("router", 1).getHostAddress()));
  }

  private static void check(NetnsTopology.ExecResult r) {
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  private static Run run(String... args) {
    return NET.topology().call("client", () -> {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int rc = Main.run(new PrintWriter(out), new PrintWriter(err), args);
      return new Run(rc, out.toString(), err.toString());
    });
  }

  @Test
  void aliveListAndExitCodeOne() {
    Run r = run("sweep", "-a", "-t", "300", "-r", "0", "10.203.7.250-10.203.8.5");
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.lines()).containsExactlyInAnyOrder(
        "10.203.7.250", "10.203.7.251", "10.203.7.252", "10.203.7.253", "10.203.7.254", "10.203.7.255");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void allAliveExitsZeroWithPerTargetLinesAndSummary() {
    Run r = run("sweep", "-s", "--seed", "1", "10.203.0.0/30");
    assertThat(r.rc()).isZero();
    assertThat(r.lines()).hasSize(4).allMatch(l -> l.matches("10\\.203\\.0\\.[0-3] is alive \\(\\d+\\.\\d{3} ms\\)"));
    assertThat(r.err()).contains("4 targets").contains("4 alive").contains("packets per second");
  }

  @Test
  void unreachableListNamesTheError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("targets.txt");
    Files.writeString(f, "# holes\n10.203.10.1\n10.203.8.1  # blackholed\n10.203.1.1\n");
    Run r = run("sweep", "-u", "-t", "300", "-r", "0", "-f", f.toString());
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.lines()).containsExactlyInAnyOrder("10.203.10.1", "10.203.8.1");
    Run text = run("sweep", "-t", "300", "-r", "0", "10.203.10.1");
    assertThat(text.out()).contains("10.203.10.1 is unreachable (ICMP Host Unreachable from "
        + NET.topology().ipv4("router", 1).getHostAddress() + ")");
  }

  @Test
  void jsonAndCsv() {
    Run j = run("sweep", "--json", "-t", "300", "-r", "0", "10.203.0.1", "10.203.8.1", "10.203.10.1");
    assertThat(j.lines()).hasSize(3);
    assertThat(j.out()).contains("{\"target\":\"10.203.0.1\",\"status\":\"alive\",\"probe\":\"echo\",\"rtt_ms\":")
        .contains("{\"target\":\"10.203.8.1\",\"status\":\"no_answer\"}")
        .contains("\"target\":\"10.203.10.1\",\"status\":\"unreachable\",\"probe\":\"echo\"");
    Run c = run("sweep", "--csv", "--probe", "timestamp", "10.203.0.1");
    assertThat(c.lines().get(0)).isEqualTo("target,name,status,rtt_ms,ttl,responder,probe,icmp_type,icmp_code,detail");
    assertThat(c.lines().get(1)).startsWith("10.203.0.1,,alive,").contains(",timestamp,14,0,");
  }

  @Test
  void exitCodesForBadArgumentsAndUnknownNames() {
    assertThat(run("sweep", "10.0.0.0/33").rc()).isEqualTo(3);
    assertThat(run("sweep", "--shard", "5/4", "--seed", "1", "10.203.0.1").rc()).isEqualTo(3);
    assertThat(run("sweep", "--shard", "1/4", "10.203.0.1").err()).contains("seed");
    assertThat(run("sweep", "-a", "-u", "10.203.0.1").rc()).isEqualTo(3);
    assertThat(run("sweep", "--no-such-option", "10.203.0.1").rc()).isEqualTo(3);
    Run r = run("sweep", "-t", "200", "no-such-host.invalid", "10.203.0.1");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("no-such-host.invalid");
  }

  @Test
  void generateAsFping() {
    Run prefix = run("sweep", "-a", "-g", "10.203.0.0/29");
    assertThat(prefix.lines()).containsExactlyInAnyOrder(
        "10.203.0.1", "10.203.0.2", "10.203.0.3", "10.203.0.4", "10.203.0.5", "10.203.0.6");
    Run range = run("sweep", "-a", "-g", "10.203.0.6", "10.203.0.9");
    assertThat(range.lines()).containsExactlyInAnyOrder("10.203.0.6", "10.203.0.7", "10.203.0.8", "10.203.0.9");
  }

  @Test
  void shardsSplitTheTargets() {
    int total = 0;
    for (int i = 1; i <= 4; i++) {
      Run r = run("sweep", "-a", "--seed", "5", "--shard", i + "/4", "10.203.0.0/26");
      assertThat(r.rc()).isZero();
      total += r.lines().size();
    }
    assertThat(total).isEqualTo(64);
  }
}
