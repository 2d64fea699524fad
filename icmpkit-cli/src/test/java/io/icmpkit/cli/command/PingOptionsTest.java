package io.icmpkit.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.icmpkit.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Option errors: the same message as iputils ping (run side by side when /usr/bin/ping exists;
 * no packet is sent, every case fails before the first send) and exit code 2.
 */
class PingOptionsTest {
  private static final Path IPUTILS = Path.of("/usr/bin/ping");

  record Result(int rc, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "ping";
    System.arraycopy(args, 0, all, 1, args.length);
    int rc = Main.run(new PrintWriter(out), new PrintWriter(err), all);
    return new Result(rc, out.toString(), err.toString());
  }

  static Result iputils(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(IPUTILS.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private final java.util.function.IntSupplier realUid = PingCommand.uid;

  @AfterEach
  void restoreUid() {
    PingCommand.uid = realUid;
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "-c 0", "-c x", "-c -1", "-c 999999999999999999999", "-s -1", "-s x", "-t 256", "-t -1",
    "-w -1", "-w x", "-W -1", "-i 3000000", "-M foo", "-p zz", "-p 0a1z", "-Q 300", "-Q zz",
    "-l 0", "-l 70000", "-m -1", "-4 -6", "-e x", "-e 70000",
  })
  void optionErrorsSayWhatIputilsSays(String opts) throws Exception {
    String[] args = (opts + " 127.0.0.1").split(" ");
    Result ours = run(args);
    assertThat(ours.rc()).as(ours.err()).isEqualTo(2);
    assertThat(ours.out()).isEmpty();
    assertThat(ours.err()).startsWith("icmpkit ping: ");
    assumeTrue(Files.isExecutable(IPUTILS), "iputils ping not installed");
    Result theirs = iputils(args);
    assertThat(theirs.rc()).isIn(1, 2);
    String theirMessage = theirs.err().lines().findFirst().orElseThrow();
    // iputils prefixes its invocation name ("/usr/bin/ping: "), we "icmpkit ping: "
    assertThat(ours.err().lines().findFirst().orElseThrow().substring("icmpkit ping: ".length()))
        .isEqualTo(theirMessage.substring(theirMessage.indexOf(": ") + 2));
  }

  @Test
  void missingDestination() {
    Result r = run("-c", "1");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("icmpkit ping: usage error: Destination address required\n");
  }

  @Test
  void unknownHostAndWrongFamily() {
    assertThat(run("-c", "1", "nosuch.invalid").err()).isEqualTo("icmpkit ping: nosuch.invalid: Name or service not known\n");
    assertThat(run("-6", "-c", "1", "127.0.0.1").err()).isEqualTo("icmpkit ping: 127.0.0.1: Address family for hostname not supported\n");
    assertThat(run("-4", "-c", "1", "::1").err()).isEqualTo("icmpkit ping: ::1: Address family for hostname not supported\n");
  }

  @Test
  void userLimitsWithoutPrivilege() {
    PingCommand.uid = () -> 1000;
    Result preload = run("-l", "4", "-c", "1", "127.0.0.1");
    assertThat(preload.err()).isEqualTo("icmpkit ping: cannot set preload to value greater than 3: 4\n");
    assertThat(preload.rc()).isEqualTo(2);
    // the interval check comes after the header, as in iputils' setup()
    Result fast = run("-i", "0.001", "-c", "1", "127.0.0.1");
    assertThat(fast.out()).isEqualTo("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");
    assertThat(fast.err()).isEqualTo("icmpkit ping: cannot flood; minimal interval allowed for user is 2ms\n");
    assertThat(fast.rc()).isEqualTo(2);
    assertThat(run("-f", "-c", "1", "127.0.0.1").err()).contains("cannot flood");
  }

  @Test
  void parsingHelpers() {
    assertThat(PingOptions.pattern("abc")).containsExactly(0xab, 0x0c);
    assertThat(PingOptions.pattern("00112233445566778899aabbccddeeff0011")).hasSize(16);
    assertThat(PingOptions.tos("0x10")).isEqualTo(16);
    StringBuilder w = new StringBuilder();
    assertThat(PingOptions.intervalMillis("0.2", w)).isEqualTo(200);
    assertThat(w).isEmpty();
    assertThat(PingOptions.intervalMillis("abc", w)).isZero();
    assertThat(w.toString()).isEqualTo("option argument contains garbage: abc\nthis will become fatal error in the future\n");
    assertThat(PingCommand.literal("127.1")).isNotNull();
    assertThat(PingCommand.literal("localhost")).isNull();
    assertThat(PingCommand.literal("::1")).isNotNull();
  }
}
