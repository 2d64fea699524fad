package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCommandTest {
  static final String PATH5 = "../samples/topologies/path5.yaml";

  record Run(int rc, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(rc, out.toString(), err.toString());
  }

  @Test
  void checkPrintsNodesRoutesAndHostCommands() {
    Run r = run("stack", "check", "../samples/topologies/ecmp-diamond.yaml");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("ecmp-diamond: 5 nodes, 6 links; host 198.18.0.1/24 2001:db8::1/64 on icmpkit0\n")
        .contains("    route 198.18.14.0/24 via 198.18.10.2 dev a | via 198.18.11.2 dev b\n")
        .contains("  ip -6 addr add 2001:db8::1/64 dev icmpkit0 nodad\n")
        .contains("  ip -4 route add 198.18.14.0/24 dev icmpkit0\n");
  }

  @Test
  void badTopologyIsAUsageErrorNamingLineAndField(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, Files.readString(Path.of(PATH5)).replace("mtu: 1400", "mtu: 14"));
    Run r = run("stack", "check", f.toString());
    assertThat(r.rc()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err()).matches("(?s)icmpkit stack: .*bad\\.yaml:\\d+:\\d+: links\\[3\\]\\.mtu: "
        + "must be 68\\.\\.65535, got 14\\n");
    assertThat(run("stack", "run", dir.resolve("none.yaml").toString()).err())
        .contains("none.yaml:0:0: no such file");
  }

  @Test
  void stackWithoutSubcommandIsAUsageError() {
    assertThat(run("stack").rc()).isEqualTo(ExitCodes.ERROR);
  }
}
