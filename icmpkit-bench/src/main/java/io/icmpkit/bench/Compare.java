package io.icmpkit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the checksum and decode benchmarks once (with the GC profiler) and prints the figures side
 * by side: checksum GB/s per size and memory kind, and packets/s and bytes allocated per packet
 * of icmpkit views against pcap4j, with the ratio.
 *
 * <pre>
 * java -cp icmpkit-bench/target/benchmarks.jar io.icmpkit.bench.Compare [JMH options, e.g. -f 1 -wi 3 -i 5]
 * </pre>
 */
public final class Compare {
  private Compare() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    Options opts = new OptionsBuilder()
        .parent(cli)
        .include(cli.getIncludes().isEmpty() ? "io\\.icmpkit\\.bench\\.(Checksum|Decode)Benchmark" : ".*")
        .forks(cli.getForkCount().orElse(1))
        .warmupIterations(cli.getWarmupIterations().orElse(3))
        .measurementIterations(cli.getMeasurementIterations().orElse(5))
        .warmupTime(cli.getWarmupTime().orElse(TimeValue.seconds(1)))
        .measurementTime(cli.getMeasurementTime().orElse(TimeValue.seconds(1)))
        .addProfiler(GCProfiler.class)
        .build();
    print(new Runner(opts).run(), System.out);
  }

  static void print(Collection<RunResult> results, PrintStream out) {
    List<String> checksum = new ArrayList<>();
    Map<String, double[]> decode = new LinkedHashMap<>(); // method -> {packets/us, bytes/op}
    for (RunResult r : results) {
      String bench = r.getParams().getBenchmark();
      String method = bench.substring(bench.lastIndexOf('.') + 1);
      double score = r.getPrimaryResult().getScore();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      double bytesPerOp = alloc == null ? Double.NaN : alloc.getScore();
      if (bench.contains("ChecksumBenchmark")) {
        int size = Integer.parseInt(r.getParams().getParam("size"));
        checksum.add(String.format(Locale.ROOT, "  %-7s %6d B   %8.2f GB/s   %6.1f B/op allocated",
            r.getParams().getParam("memory"), size, score * size / 1000.0, bytesPerOp));
      } else if (bench.contains("DecodeBenchmark")) {
        decode.put(method, new double[] {score, bytesPerOp});
      }
    }
    out.println();
    out.println("Checksum.compute (RFC 1071), one thread:");
    checksum.forEach(out::println);
    out.println();
    out.println("Decode + checksum verify of the bench_mix packets, one thread:");
    double[] base = decode.get("pcap4j");
    for (Map.Entry<String, double[]> e : decode.entrySet()) {
      double[] v = e.getValue();
      String ratio = base == null ? "" : String.format(Locale.ROOT, "   x%.1f vs pcap4j", v[0] / base[0]);
      out.println(String.format(Locale.ROOT, "  %-20s %12.0f packets/s   %8.1f B/packet allocated%s",
          e.getKey(), v[0] * 1e6, v[1], ratio));
    }
  }
}
