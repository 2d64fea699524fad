package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icmpkit stack groups} reading status files (no running stack needed). */
class StackGroupsCommandTest {
  /** The per-namespace directory under {@code dir} where this thread's runs keep their files. */
  static Path nsDir(Path dir) throws Exception {
    String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    return Files.createDirectories(dir.resolve("net-" + link.replaceAll("\\D", "")));
  }

  static String status(long pid, String... groups) {
    return "icmpkit-stack-groups 1\npid " + pid + "\ntopology lan\ntun lab0\nwritten "
        + System.currentTimeMillis() + "\n" + String.join("", groups);
  }

  @Test
  void printsTheMembershipsOfALiveRun(@TempDir Path dir) throws Exception {
    Files.writeString(nsDir(dir).resolve("lab0.groups"), status(ProcessHandle.current().pid(),
        "group gw wan 239.9.9.9 reported 257\n", "group h1 eth0 239.1.1.1 joined -\n"));
    StackCommandTest.Run r = StackCommandTest.run("stack", "groups", "--status-dir", dir.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).matches("lan on lab0 \\(pid \\d+, \\d+\\.\\d s ago\\): 2 memberships\\n"
        + "  gw wan 239\\.9\\.9\\.9 \\(reported, 257 s left\\)\\n"
        + "  h1 eth0 239\\.1\\.1\\.1 \\(joined\\)\\n");
    // the age in the header moves between the two calls: compare without it
    String age = "\\d+\\.\\d s ago";
    assertThat(StackCommandTest.run("stack", "groups", "--tun", "lab0", "--status-dir", dir.toString())
        .out().replaceAll(age, "AGE")).isEqualTo(r.out().replaceAll(age, "AGE"));
  }

  @Test
  void noRunStaleRunGarbageAndAmbiguityAreErrors(@TempDir Path dir) throws Exception {
    StackCommandTest.Run none = StackCommandTest.run("stack", "groups", "--status-dir", dir.toString());
    assertThat(none.rc()).isEqualTo(ExitCodes.ERROR);
    assertThat(none.err()).contains("no 'icmpkit stack run' is running");
    assertThat(StackCommandTest.run("stack", "groups", "--tun", "x0", "--status-dir", dir.toString())
        .err()).contains("no 'icmpkit stack run' is serving x0");
    // a run killed without cleaning up: its pid is gone (a finished child's pid)
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Files.writeString(nsDir(dir).resolve("lab0.groups"), status(p.pid()));
    StackCommandTest.Run stale = StackCommandTest.run("stack", "groups", "--status-dir", dir.toString());
    assertThat(stale.rc()).isEqualTo(ExitCodes.ERROR);
    assertThat(stale.err()).contains("(pid " + p.pid() + ") is no longer running");
    Files.writeString(nsDir(dir).resolve("lab0.groups"), status(ProcessHandle.current().pid(),
        "group gw wan 239.9.9.9 sometimes 3\n"));
    assertThat(StackCommandTest.run("stack", "groups", "--status-dir", dir.toString()).err())
        .contains("lab0.groups:6: bad group line");
    Files.writeString(nsDir(dir).resolve("lab0.groups"), "hello\n");
    assertThat(StackCommandTest.run("stack", "groups", "--status-dir", dir.toString()).err())
        .contains("not an icmpkit stack status file");
    Files.writeString(nsDir(dir).resolve("lab1.groups"), status(ProcessHandle.current().pid()));
    assertThat(StackCommandTest.run("stack", "groups", "--status-dir", dir.toString()).err())
        .contains("several runs in").contains("lab0, lab1").contains("--tun");
    StackCommandTest.Run one = StackCommandTest.run("stack", "groups", "--tun", "lab1", "--status-dir",
        dir.toString());
    assertThat(one.rc()).as(one.err()).isZero();
    assertThat(one.out()).endsWith(": 0 memberships\n");
  }
}
