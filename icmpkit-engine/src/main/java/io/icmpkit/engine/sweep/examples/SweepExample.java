package io.icmpkit.engine.sweep.examples;

import io.icmpkit.engine.sweep.SweepRequest;
import io.icmpkit.engine.sweep.SweepResult;
import io.icmpkit.engine.sweep.SweepStatus;
import io.icmpkit.engine.sweep.Sweeper;
import io.icmpkit.engine.sweep.TargetSet;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runnable example: sweeps the targets given on the command line {@code repeat} times in one JVM,
 * as a monitoring service re-sweeping its networks would, and prints per sweep the counts and the
 * time from start to the last result. Arguments: {@code [--repeat N] [--rate PPS] [--timeout MS]
 * TARGET...} (no retries).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp icmpkit.jar \
 *     io.icmpkit.engine.sweep.examples.SweepExample --repeat 3 --rate 10000000 192.0.2.0/24
 * </pre>
 */
public final class SweepExample {
  private SweepExample() {}

  public static void main(String[] args) {
    int repeat = 1;
    double rate = 10_000;
    long timeoutMs = 1000;
    TargetSet.Builder targets = TargetSet.builder();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--timeout" -> timeoutMs = Long.parseLong(args[++i]);
        default -> targets.add(args[i]);
      }
    }
    SweepRequest request = SweepRequest.builder(targets.build()).rate(rate).retries(0)
        .timeout(Duration.ofMillis(timeoutMs)).build();
    for (int run = 1; run <= repeat; run++) {
      long start = System.nanoTime();
      Map<SweepStatus, Long> counts = new EnumMap<>(SweepStatus.class);
      try (Sweeper sweeper = Sweeper.start(request)) {
        sweeper.results().forEach(r -> counts.merge(r.status(), 1L, Long::sum));
      }
      System.out.printf("sweep %d: %.3f s, %d alive, %d unreachable, %d no answer%n", run,
          (System.nanoTime() - start) / 1e9, counts.getOrDefault(SweepStatus.ALIVE, 0L),
          counts.getOrDefault(SweepStatus.UNREACHABLE, 0L),
          counts.getOrDefault(SweepStatus.NO_ANSWER, 0L));
    }
  }
}
