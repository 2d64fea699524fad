package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code icmpkit ping} against iputils {@code ping} on the same namespace topology, with the same
 * options: same exit code and, line by line, the same output once RTT values and the run time are
 * masked (so the same numbers of transmitted/received/errors, TTLs, sizes, error lines).
 *
 * <pre>
 *  client ──1── r1 ──2 (MTU 1400)── r2 ──3── target
 * </pre>
 *
 * Both run inside the client namespace as child processes ({@code ip netns exec}); ours is this
 * test's classpath with {@link Main}. nftables rules on r1 answer 10.202/10.203/10.204.0.0/24
 * (and fd00:202/203/204::/64) with net (no route), host (address) unreachable and administratively
 * prohibited; another drops echo requests with sequence number 2 for the loss case.
 */
@Tag("integration")
class PingSideBySideTest {
  @RegisterExtension
  static final NetnsExtension NET =
      new NetnsExtension(NetnsTopology.chain("client", "r1", "r2", "target").linkMtu(2, 1400));

  private static final Path IPUTILS = Path.of("/usr/bin/ping");

  record Run(int rc, List<String> out, String err) {}

  @BeforeAll
  static void routes() {
    NetnsTopology t = NET.topology();
    assumeTrue(t.exec("r1", "nft", "--version").exitCode() == 0, "nft (nftables) not installed");
    String r1v4 = t.ipv4("r1", 1).getHostAddress();
    String r1v6 = t.ipv6("r1", 1).getHostAddress();
    String r2v4 = t.ipv4("r2", 2).getHostAddress();
    String r2v6 = t.ipv6("r2", 2).getHostAddress();
    for (String prefix : List.of("10.202.0.0/24", "10.203.0.0/24", "10.204.0.0/24")) {
      check(t.exec("client", "ip", "route", "add", prefix, "via", r1v4));
      check(t.exec("r1", "ip", "route", "add", prefix, "via", r2v4));
    }
    for (String prefix : List.of("fd00:202::/64", "fd00:203::/64", "fd00:204::/64")) {
      check(t.exec("client", "ip", "-6", "route", "add", prefix, "via", r1v6));
      check(t.exec("r1", "ip", "-6", "route", "add", prefix, "via", r2v6));
    }
    // rejects by nftables, not unreachable routes: the kernel's ip_error() has its own per-peer
    // rate limit (global sysctl net.ipv4.route.error_cost) that would make error counts flaky
    check(t.exec("r1", "nft", "add table inet iktu"));
    check(t.exec("r1", "nft", "add chain inet iktu fw { type filter hook forward priority 0 ; }"));
    for (String rule : List.of(
        "ip daddr 10.202.0.0/24 reject with icmp type net-unreachable",
        "ip daddr 10.203.0.0/24 reject with icmp type host-unreachable",
        "ip daddr 10.204.0.0/24 reject with icmp type admin-prohibited",
        "ip6 daddr fd00:202::/64 reject with icmpv6 type no-route",
        "ip6 daddr fd00:203::/64 reject with icmpv6 type addr-unreachable",
        "ip6 daddr fd00:204::/64 reject with icmpv6 type admin-prohibited")) {
      check(t.exec("r1", "nft", "add rule inet iktu fw " + rule));
    }
  }

  private static void check(NetnsTopology.ExecResult r) {
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  /** Every case: options, then the target as a topology name (v4/v6 address of a node) or address. */
  @ParameterizedTest(name = "ping {0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      -c 3 -i 0.2                       | target4
      -c 3 -i 0.2                       | target6
      -c 2 -i 0.2 -s 100 -t 10 -p abcd  | target4
      -c 2 -i 0.2 -s 1000               | target6
      -q -c 3 -i 0.2                    | target4
      -c 2 -i 0.2 -M dont -s 1472       | target4
      -c 2 -i 0.2 -t 1                  | target4
      -c 2 -i 0.2 -t 1                  | target6
      -c 2 -i 0.2 -t 1                  | fd00:200:3::2
      -c 2 -i 0.2 -t 2 -W 1             | target4
      -c 2 -i 0.2 -W 1                  | 10.202.0.1
      -c 2 -i 0.2 -W 1                  | 10.203.0.1
      -c 2 -i 0.2 -W 1                  | 10.204.0.1
      -c 2 -i 0.2 -W 1                  | fd00:202::1
      -c 2 -i 0.2 -W 1                  | fd00:203::1
      -c 2 -i 0.2 -W 1                  | fd00:204::1
      -c 2 -i 0.2 -W 1                  | fd00:201::1
      -c 2 -i 0.2 -W 1                  | 10.201.0.1
      -w 1 -i 0.4                       | target4
      -w 1 -c 10 -i 0.4                 | target4
      -w 2 -c 2 -i 0.2 -W 1             | 10.203.0.1
      -c 1 -M do -s 1472                | target4
      -c 2 -i 0.2 -M do -s 1452 -W 1    | target6
      """)
  void sameOutputAsIputils(String options, String target) throws Exception {
    List<String> args = new ArrayList<>(List.of(options.trim().split("\\s+")));
    args.add(address(target));
    compare(args);
  }

  @Test
  void partialLossThroughAnNftablesDropRule() throws Exception {
    NetnsTopology t = NET.topology();
    check(t.exec("r1", "nft", "add table inet ikt"));
    try {
      check(t.exec("r1", "nft", "add chain inet ikt fw { type filter hook forward priority -10 ; }"));
      check(t.exec("r1", "nft", "add rule inet ikt fw icmp type echo-request icmp sequence 2 drop"));
      check(t.exec("r1", "nft", "add rule inet ikt fw icmpv6 type echo-request icmpv6 sequence 2 drop"));
      compare(List.of("-c", "3", "-i", "0.2", "-W", "1", address("target4")));
      compare(List.of("-c", "3", "-i", "0.2", "-W", "1", address("target6")));
      compare(List.of("-O", "-c", "4", "-i", "0.2", "-W", "1", address("target4"))); // no answer yet for icmp_seq=2
    } finally {
      t.exec("r1", "nft", "delete table inet ikt");
    }
  }

  private static String address(String target) {
    NetnsTopology t = NET.topology();
    return switch (target) {
      case "target4" -> t.ipv4("target").getHostAddress();
      case "target6" -> t.ipv6("target").getHostAddress();
      default -> target;
    };
  }

  private static void compare(List<String> args) throws Exception {
    assumeTrue(Files.isExecutable(IPUTILS), "iputils ping not installed");
    flushPmtuCache();
    Run theirs = run(IPUTILS.toString(), args);
    flushPmtuCache();
    Run ours = runOurs(args);
    assertThat(mask(ours.out())).as("ours vs iputils for ping %s; stderr ours: %s; theirs: %s", args, ours.err(), theirs.err())
        .isEqualTo(mask(theirs.out()));
    assertThat(ours.rc()).as("exit code of ping %s", args).isEqualTo(theirs.rc());
    assertThat(messages(ours.err())).as("stderr of ping %s", args).isEqualTo(messages(theirs.err()));
  }

  /** Learned path MTUs would turn the next run's first probe into a local EMSGSIZE. */
  private static void flushPmtuCache() {
    NetnsTopology t = NET.topology();
    t.exec("client", "ip", "route", "flush", "cache");
    t.exec("client", "ip", "-6", "route", "flush", "cache");
  }

  /** stderr lines without the program prefix ("ping: ", "/usr/bin/ping: ", "icmpkit ping: "). */
  static List<String> messages(String err) {
    return err.lines().map(l -> l.replaceFirst("^(/usr/bin/ping|ping|icmpkit ping): ", "")).toList();
  }

  /** RTTs, the run time and the ipg/ewma figures differ from run to run; everything else must not. */
  static List<String> mask(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.replaceAll("time=[0-9.]+ ms", "time=* ms")
          .replaceAll(", time [0-9]+ms", ", time *ms")
          .replaceAll("= [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms", "= */*/*/* ms"));
    }
    return out;
  }

  private static Run runOurs(List<String> args) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ping"));
    cmd.addAll(args);
    return run(cmd.getFirst(), cmd.subList(1, cmd.size()));
  }

  private static Run run(String program, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", NET.topology().namespace("client"), program));
    cmd.addAll(args);
    Path out = Files.createTempFile("ikt-ping", ".out");
    Path err = Files.createTempFile("ikt-ping", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + cmd);
      }
      return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
