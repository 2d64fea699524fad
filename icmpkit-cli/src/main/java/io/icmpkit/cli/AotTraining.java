package io.icmpkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The training run of the JDK's AOT cache (JEP 483, 514, 515): the {@code ./icmpkit} launcher runs
 * {@code java -XX:AOTCacheOutput=icmpkit.aot -cp icmpkit.jar io.icmpkit.cli.AotTraining} once per
 * build, and the classes this run loads and links (and the method profiles it collects) are mapped
 * by every later start instead of being parsed, verified and linked again.
 *
 * <p>It runs the commands users start most, in one JVM, with their output thrown away: help,
 * ping, sweep, traceroute, tracepath, mtr (loopback only, numeric, so no DNS traffic either),
 * decode of a bundled capture and stack check of a bundled topology. Each step is bounded by its
 * arguments and by {@link #STEP_LIMIT_MS}; a step that fails (no permission to open an ICMP socket,
 * no IPv6) is skipped. Training must never fail the launcher, so {@link #main} always exits 0.
 */
public final class AotTraining {
  /** A step still running after this is abandoned (its thread is a daemon). */
  static final long STEP_LIMIT_MS = 5_000;

  private AotTraining() {}

  /** One step's command line and outcome: its exit code, or -1 when it threw or timed out. */
  public record Step(List<String> args, int exitCode) {}

  public static void main(String[] args) {
    try {
      train();
    } catch (RuntimeException | Error e) {
      // a partial training still gives a useful cache
    }
    System.exit(0); // also ends abandoned steps; the JVM writes the cache on exit
  }

  /** Runs every step and returns their outcomes; never throws for a failing step. */
  public static List<Step> train() {
    Path dir;
    try {
      dir = Files.createTempDirectory("icmpkit-aot");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      String pcap = copy("sample.pcap", dir).toString();
      String topology = copy("lan.yaml", dir).toString();
      List<List<String>> steps = List.of(
          List.of("--help"),
          List.of("--version"),
          List.of("ping", "--help"),
          List.of("ping", "-c", "2", "-i", "0.01", "-n", "127.0.0.1"),
          List.of("ping", "-c", "2", "-i", "0.01", "-n", "-q", "::1"),
          List.of("ping", "--no-such-option"), // the usage-error path of a typo
          List.of("sweep", "-t", "200", "-r", "0", "127.0.0.0/29"),
          List.of("sweep", "--json", "-a", "-s", "-t", "100", "-r", "0", "127.0.0.1-127.0.0.3"),
          List.of("traceroute", "-n", "-m", "2", "127.0.0.1"),
          List.of("tracepath", "-n", "-m", "2", "127.0.0.1"),
          List.of("mtr", "--report", "-n", "-c", "1", "-i", "0.1", "127.0.0.1"),
          List.of("decode", pcap),
          List.of("decode", "--json", pcap),
          List.of("stack", "check", topology));
      List<Step> done = new ArrayList<>();
      for (List<String> args : steps) {
        done.add(new Step(args, run(args)));
      }
      return done;
    } finally {
      delete(dir);
    }
  }

  private static int run(List<String> args) {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CompletableFuture<Integer> rc = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().daemon().name("aot-training").start(() -> {
      try {
        rc.complete(Main.run(none, none, args.toArray(String[]::new)));
      } catch (RuntimeException | Error e) {
        rc.complete(-1);
      }
    });
    try {
      return rc.get(STEP_LIMIT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      t.interrupt();
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Path copy(String resource, Path dir) {
    Path to = dir.resolve(resource);
    try (InputStream in = AotTraining.class.getResourceAsStream("training/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource training/" + resource);
      }
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
