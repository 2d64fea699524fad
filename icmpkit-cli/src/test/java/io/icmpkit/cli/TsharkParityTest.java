package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code icmpkit decode} prints the same line as {@code tshark -r} for every ICMP, ICMPv6 and IGMP frame
 * of the sample (other protocols are tshark's business). Needs tshark: tagged integration (./test
 * and CI run it; {@code -Pfast} skips it); skipped when tshark is not installed.
 */
@Tag("integration")
class TsharkParityTest {
  @Test
  void icmpAndIgmpLinesEqualTsharks() throws IOException, InterruptedException {
    Path tshark = Path.of("/usr/bin/tshark");
    assumeTrue(Files.isExecutable(tshark), "tshark not installed");
    Path sample = DecodeCommandTest.SAMPLE;
    Process p = new ProcessBuilder(tshark.toString(), "-n", "-r", sample.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> theirs = out.lines().toList();
    List<String> ours = DecodeCommandTest.run("decode", sample.toString()).lines();
    assertThat(ours).hasSameSizeAs(theirs);
    List<String> compared = new ArrayList<>();
    for (int i = 0; i < theirs.size(); i++) {
      String t = theirs.get(i);
      if (t.contains(" ICMP ") || t.contains(" ICMPv6 ") || t.contains(" IGMPv")) {
        assertThat(ours.get(i)).isEqualTo(t);
        compared.add(t);
      }
    }
    assertThat(compared).hasSizeGreaterThan(15);
  }
}
