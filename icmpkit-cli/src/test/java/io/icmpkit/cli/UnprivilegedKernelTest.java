package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.testing.Requirements;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every command run as user nobody (no capabilities) in a namespace whose {@code
 * net.ipv4.ping_group_range} is closed ("1 0"): it must say why it cannot open its socket and what
 * to change, and exit with its peer's code. The peer runs the same way in the same test, from a
 * copy of its binary: a copy carries no file capabilities (Debian's ping and mtr-packet have
 * {@code cap_net_raw}), so it meets the refusal a user of a distribution without them meets.
 * Root, outside the closed range too, falls back to a raw socket ({@code tracepath -I}).
 *
 * <pre>
 *  client ──1── target        (every command runs in client, as uid/gid 65534)
 * </pre>
 */
@Tag("integration")
class UnprivilegedKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "target"));

  private static final String NOBODY = "65534";
  private static final String GUIDE = "cannot open an ICMP socket.";

  /** World-readable copies: the test's classpath, peers, a topology file. */
  private static Path dir;
  private static String classpath;

  record Run(int rc, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  @BeforeAll
  static void setUp() throws IOException {
    NET.topology().sysctl("client", "net.ipv4.ping_group_range", "1 0");
    dir = Files.createTempDirectory("ikt-unpriv");
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(e);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = dir.resolve("cp").resolve(i++ + (Files.isDirectory(from) ? "" : ".jar"));
      copyTree(from, to);
      entries.add(to.toString());
    }
    classpath = String.join(File.pathSeparator, entries);
    copyTree(Path.of("../samples/topologies/path5.yaml"), dir.resolve("path5.yaml"));
    readable(dir);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void pingPrintsIputilsLinesThenWhatToDoAndExits2() throws Exception {
    String target = NET.topology().ipv4("target").getHostAddress();
    Run ours = ours("ping", "-c", "1", target);
    assertThat(ours.out()).as("no header, no statistics").isEmpty();
    assertThat(ours.errLines()).as(ours.err()).containsExactly(
        "ping: socktype: SOCK_RAW",
        "ping: socket: Operation not permitted",
        "ping: => missing cap_net_raw+p capability or setuid?",
        ours.errLines().getLast());
    assertGuide(ours.errLines().getLast(), "icmpkit ping: ");
    assertThat(ours.rc()).isEqualTo(2);

    Run theirs = peer(Requirements.peer("ping", "iputils-ping"), Map.of(), "-c", "1", target);
    assertThat(ours.rc()).as("exit code as iputils; its stderr: %s", theirs.err()).isEqualTo(theirs.rc());
    assertThat(ours.errLines()).startsWith(theirs.errLines().toArray(String[]::new));
  }

  @Test
  void tracerouteIcmpPrintsTraceroutesLinesThenWhatToDoAndExits1() throws Exception {
    String target = NET.topology().ipv4("target").getHostAddress();
    Run ours = ours("traceroute", "-I", "-n", "-q", "1", "-w", "1", target);
    assertThat(ours.out()).as("no header").isEmpty();
    assertThat(ours.errLines()).as(ours.err()).hasSize(3).startsWith(
        "You do not have enough privileges to use this traceroute method.",
        "socket: Operation not permitted");
    assertGuide(ours.errLines().getLast(), "icmpkit traceroute: ");
    assertThat(ours.rc()).isEqualTo(1);

    Run theirs = peer(Requirements.peer("traceroute", "traceroute"), Map.of(),
        "-I", "-n", "-q", "1", "-w", "1", target);
    assertThat(ours.rc()).as("exit code as traceroute; its stderr: %s", theirs.err()).isEqualTo(theirs.rc());
    assertThat(ours.errLines()).startsWith(theirs.errLines().toArray(String[]::new));
  }

  @Test
  void mtrSaysWhatToDoAndExits1() throws Exception {
    String target = NET.topology().ipv4("target").getHostAddress();
    Run ours = ours("mtr", "-r", "-n", "-c", "1", target);
    assertThat(ours.out()).isEmpty();
    assertThat(ours.errLines()).as(ours.err()).hasSize(1);
    assertGuide(ours.errLines().getFirst(), "mtr: socket(ICMP): EPERM (1) Operation not permitted; ");
    assertThat(ours.rc()).isEqualTo(1);

    // mtr runs mtr-packet (the one with the capability) from $MTR_PACKET when set
    Path mtr = Requirements.peer("mtr", "mtr-tiny");
    Path packet = copyPeer(Requirements.peer("mtr-packet", "mtr-tiny"));
    Run theirs = peer(mtr, Map.of("MTR_PACKET", packet.toString()), "-r", "-n", "-c", "1", target);
    assertThat(theirs.err()).contains("Permission denied");
    assertThat(ours.rc()).as("exit code as mtr; its stderr: %s", theirs.err()).isEqualTo(theirs.rc());
  }

  @Test
  void tracepathNeedsNoPrivilegeButItsIcmpModeSaysWhatToDo() throws Exception {
    String target = NET.topology().ipv4("target").getHostAddress();
    // UDP probes: no privilege needed, by either
    Run ours = ours("tracepath", "-n", target);
    Run theirs = peer(Requirements.peer("tracepath", "iputils-tracepath"), Map.of(), "-n", target);
    assertThat(theirs.rc()).as(theirs.err()).isZero();
    assertThat(ours.rc()).as(ours.err()).isEqualTo(theirs.rc());
    assertThat(ours.out()).contains("reached");

    // -I (ours only: ping socket, raw when refused) exits 1 like tracepath's own socket errors
    Run icmp = ours("tracepath", "-I", "-n", target);
    assertThat(icmp.out()).isEmpty();
    assertThat(icmp.errLines()).as(icmp.err()).hasSize(1);
    assertGuide(icmp.errLines().getFirst(),
        "tracepath: socket(ICMP): EPERM (1) Operation not permitted; ");
    assertThat(icmp.rc()).isEqualTo(1);

    // as root, the same closed range: the raw socket
    Run root = run(ourCommand("tracepath", "-I", "-n", target), Map.of(), false);
    assertThat(root.rc()).as(root.err()).isZero();
    assertThat(root.out()).contains("reached").contains("Resume: pmtu 1500 hops 1 back 1");
  }

  @Test
  void stackRunSaysItNeedsRoot() throws Exception {
    Run ours = ours("stack", "run", "--duration", "1", dir.resolve("path5.yaml").toString());
    assertThat(ours.err()).as(ours.err())
        .contains("cannot create TUN interface")
        .contains("TUN devices need root (CAP_NET_ADMIN)")
        .doesNotContain("\tat ");
    assertThat(ours.rc()).isEqualTo(ExitCodes.ERROR);
  }

  /** The guiding line: both kinds refused, the sysctl with both numbers, the three ways out. */
  private static void assertGuide(String line, String prefix) {
    assertThat(line).startsWith(prefix)
        .contains(GUIDE)
        .contains("ping_group_range (now \"1 0\")")
        .contains("sudo sysctl -w net.ipv4.ping_group_range=\"" + NOBODY + " " + NOBODY + "\"")
        .contains("setcap cap_net_raw+ep")
        .contains("run as root");
  }

  private static Run ours(String... args) throws Exception {
    return asNobody(ourCommand(args), Map.of());
  }

  private static List<String> ourCommand(String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-cp", classpath, Main.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The peer's copy, found on PATH by its bare name: argv[0] is what its messages start with. */
  private static Run peer(Path tool, Map<String, String> env, String... args) throws Exception {
    Path copy = copyPeer(tool);
    List<String> cmd = new ArrayList<>(List.of(copy.getFileName().toString()));
    cmd.addAll(List.of(args));
    Map<String, String> e = new HashMap<>(env);
    e.put("PATH", copy.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return asNobody(cmd, e);
  }

  /** A copy named as the tool (its messages start with argv[0]), without file capabilities. */
  private static Path copyPeer(Path tool) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path copy = bin.resolve(tool.getFileName());
    if (!Files.exists(copy)) {
      Files.copy(tool, copy); // follows the alternatives symlink; no xattrs, so no capabilities
    }
    readable(dir);
    return copy;
  }

  private static Run asNobody(List<String> command, Map<String, String> env) throws Exception {
    return run(command, env, true);
  }

  /** {@code command} in the client namespace, as nobody or as the test's own user (root). */
  private static Run run(List<String> command, Map<String, String> env, boolean nobody)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Requirements.ipTool().orElseThrow().toString(),
        "netns", "exec", NET.topology().namespace("client")));
    if (nobody) {
      cmd.addAll(List.of(
          "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    cmd.addAll(command);
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** rwx for all on directories, r(x) for all on files, so that nobody reads the copies. */
  private static void readable(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.forEach(p -> {
        try {
          boolean exec = Files.isDirectory(p) || Files.isExecutable(p);
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    if (!Files.isDirectory(from)) {
      Files.copy(from, to);
      return;
    }
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }
}
