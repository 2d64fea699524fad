package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code icmpkit stack groups} against a running {@code icmpkit stack run} of the LAN sample: the
 * topology's own membership, a process in the namespace joining (and leaving) a group on the TUN,
 * and no run once it has stopped.
 */
@Tag("integration")
class StackGroupsKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  static String groups(Path dir, Predicate<String> until) throws InterruptedException {
    String out = "";
    for (int i = 0; i < 60; i++) {
      StackCommandTest.Run r = NET.topology().call("client",
          () -> StackCommandTest.run("stack", "groups", "--status-dir", dir.toString()));
      out = r.rc() + " " + r.out() + r.err();
      if (until.test(out)) {
        break;
      }
      Thread.sleep(250);
    }
    return out;
  }

  @Test
  void listsTheMembershipsOfARunningStack(@TempDir Path dir) throws Exception {
    NetnsTopology net = NET.topology();
    AtomicReference<StackCommandTest.Run> result = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> result.set(net.call("client",
        () -> StackCommandTest.run("stack", "run", "--duration", "20", "--status-dir", dir.toString(),
            "../samples/topologies/lan.yaml"))));
    // h1 joins 239.1.1.1 (the topology file); gw, the LAN's querier, hears its report
    String first = groups(dir, o -> o.contains("gw lan 239.1.1.1 (reported"));
    System.out.println(first);
    assertThat(first).startsWith("0 lan on icmpkit0 (pid ").contains("  h1 eth0 239.1.1.1 (joined)\n")
        .containsPattern("  gw lan 239\\.1\\.1\\.1 \\(reported, \\d+ s left\\)\\n");
    // the run keeps its file in its network namespace's directory: outside it, no run is seen
    StackCommandTest.Run outside = StackCommandTest.run("stack", "groups", "--status-dir",
        dir.toString());
    assertThat(outside.rc()).isEqualTo(ExitCodes.ERROR);
    assertThat(outside.err()).contains("no 'icmpkit stack run' is running");
    Process member = new ProcessBuilder(Requirements.ipTool().orElseThrow().toString(), "netns",
        "exec", net.namespace("client"), "/usr/bin/python3", "-c", """
            import socket, struct, sys
            idx = socket.if_nametoindex('icmpkit0')
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack('4s4si',
                socket.inet_aton('239.9.9.9'), socket.inet_aton('0.0.0.0'), idx))
            print('joined', flush=True)
            sys.stdin.read()
            """).redirectErrorStream(true).start();
    try {
      assertThat(new String(member.getInputStream().readNBytes(6))).isEqualTo("joined");
      String joined = groups(dir, o -> o.contains("gw wan 239.9.9.9 (reported"));
      System.out.println(joined);
      assertThat(joined).contains("  gw wan 239.9.9.9 (reported, ");
    } finally {
      member.getOutputStream().close(); // the process exits: the kernel leaves the group
      member.waitFor(10, TimeUnit.SECONDS);
    }
    String left = groups(dir, o -> !o.contains("239.9.9.9"));
    System.out.println(left);
    assertThat(left).doesNotContain("239.9.9.9").contains("  h1 eth0 239.1.1.1 (joined)");
    t.join(30_000);
    assertThat(result.get()).isNotNull();
    assertThat(result.get().rc()).as(result.get().err()).isZero();
    // the run is over: its status file is gone, and groups says so
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(f -> f.toString().contains(".groups"))).isEmpty();
    }
    StackCommandTest.Run after = net.call("client",
        () -> StackCommandTest.run("stack", "groups", "--status-dir", dir.toString()));
    assertThat(after.rc()).isEqualTo(ExitCodes.ERROR);
    assertThat(after.err()).contains("no 'icmpkit stack run' is running");
  }
}
