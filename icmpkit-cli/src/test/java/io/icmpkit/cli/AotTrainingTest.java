package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.cli.AotTraining.Step;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The launcher's training run (./icmpkit, AOT cache): bounded, and no step may throw or hang. */
class AotTrainingTest {
  @Test
  void everyStepEndsWithAnExitCodeAndThePrivilegeFreeOnesSucceed() {
    long start = System.nanoTime();
    List<Step> steps = AotTraining.train();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    // ping and sweep may fail without ICMP permission (exit code, not an exception)
    assertThat(steps).allSatisfy(s -> assertThat(s.exitCode()).as(s.args().toString()).isNotNegative());
    Map<String, Integer> rc = steps.stream().collect(Collectors.toMap(
        s -> String.join(" ", s.args()).replaceAll("/\\S*/", ""), Step::exitCode, (a, b) -> a));
    assertThat(rc).containsEntry("--help", ExitCodes.OK).containsEntry("--version", ExitCodes.OK)
        .containsEntry("decode sample.pcap", ExitCodes.OK)
        .containsEntry("decode --json sample.pcap", ExitCodes.OK)
        .containsEntry("stack check lan.yaml", ExitCodes.OK)
        .containsEntry("ping --no-such-option", ExitCodes.ERROR);
    assertThat(seconds).as("training time, s").isLessThan(30);
  }

  @Test
  void bundledInputsAreTheSamples() throws Exception {
    assertThat(resource("sample.pcap")).isEqualTo(Files.readAllBytes(Path.of("../samples/icmp-sample.pcap")));
    assertThat(resource("lan.yaml")).isEqualTo(Files.readAllBytes(Path.of("../samples/topologies/lan.yaml")));
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = AotTraining.class.getResourceAsStream("training/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
