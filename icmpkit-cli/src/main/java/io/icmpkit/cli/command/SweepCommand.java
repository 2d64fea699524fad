package io.icmpkit.cli.command;

import io.icmpkit.cli.render.SweepRenderer;
import io.icmpkit.engine.sweep.ProbeType;
import io.icmpkit.engine.sweep.SweepRequest;
import io.icmpkit.engine.sweep.SweepResult;
import io.icmpkit.engine.sweep.SweepStatus;
import io.icmpkit.engine.sweep.Sweeper;
import io.icmpkit.engine.sweep.TargetSet;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code icmpkit sweep}: host discovery over address ranges, with fping's output and exit codes
 * and zmap's design (permuted order, shards, stateless validation). Logic lives in {@link Sweeper}.
 */
@Command(
    name = "sweep",
    sortOptions = false,
    exitCodeOnInvalidInput = 3, // fping's "invalid arguments"
    description = {
      "Find the hosts that answer ICMP in address ranges (fping -a/-u style, zmap speed).",
      "",
      "Examples:",
      "  icmpkit sweep -a 192.0.2.0/24",
      "  icmpkit sweep -u --rate 20000 10.0.0.0/16 --exclude 10.0.128.0/17",
      "  icmpkit sweep --json --probe echo,timestamp 192.0.2.1-192.0.2.50 | jq -c 'select(.status==\"alive\")'",
      "  icmpkit sweep --shard 2/4 --seed 42 -s 10.0.0.0/8     # machine 2 of 4",
      "  icmpkit sweep -f targets.txt -a                     # '-f -' reads standard input",
      "",
    },
    footer = {
      "",
      "Targets: addresses, prefixes (IPv4; IPv6 /96 or longer), ranges a.b.c.d-e.f.g.h",
      "or a.b.c.d-h, host names. Every address of a prefix is probed (zmap's way).",
      "",
      "Exit codes (as fping): 0 all targets alive, 1 some unreachable or without",
      "answer, 2 a host name not found, 3 invalid arguments, 4 system call failure",
      "(e.g. no permission to open an ICMP socket).",
      "",
      "JSON Lines (--json): one object per target with target, name, status",
      "(alive|unreachable|no_answer), probe, rtt_ms, ttl, from (when another address",
      "answered), icmp_type, icmp_code, error (local send failure).",
    })
public final class SweepCommand implements Callable<Integer> {
  static final int ALL_ALIVE = 0;
  static final int SOME_UNREACHABLE = 1;
  static final int NAME_NOT_FOUND = 2;
  static final int INVALID_ARGS = 3;
  static final int SYSCALL_FAILURE = 4;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Addresses, prefixes, ranges, names.")
  List<String> targets = new ArrayList<>();

  @Option(names = "-g", description = "fping's generate: 'START END' is a range; a prefix skips its network and broadcast addresses.")
  boolean generate;

  @Option(names = "-f", paramLabel = "FILE", description = "Read targets from FILE, one per line ('-': stdin; '#' comments).")
  String file;

  @Option(names = "--exclude", paramLabel = "SPEC", description = "Exclude addresses (same syntax; repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--exclude-file", paramLabel = "FILE", description = "Exclusions, one per line.")
  String excludeFile;

  @Option(names = "-a", description = "Show only the targets that are alive.")
  boolean alive;

  @Option(names = "-u", description = "Show only the targets that are unreachable (no answer included).")
  boolean unreachable;

  @Option(names = "-s", description = "Print the summary on stderr at the end.")
  boolean summary;

  @Option(names = "--json", description = "JSON Lines: one object per target.")
  boolean json;

  @Option(names = "--csv", description = "CSV with a header line.")
  boolean csv;

  @Option(names = "--rate", paramLabel = "PPS", description = "Packets per second (default 10000).")
  String rate = "10000";

  @Option(names = {"-T", "--senders"}, paramLabel = "N",
      description = "Sending threads, each with its own socket (default: one per 50000 pps, at most one per core and 4).")
  String senders = "0";

  @Option(names = "-r", paramLabel = "N", description = "Retries for targets without answer (default 1).")
  String retries = "1";

  @Option(names = "-t", paramLabel = "MS", description = "Wait for answers before a retry, ms (default 500).")
  String timeout = "500";

  @Option(names = "--cooldown", paramLabel = "MS", description = "Wait after the last probe, ms (default: -t).")
  String cooldown;

  @Option(names = "-b", paramLabel = "BYTES", description = "Echo data bytes, at least 24 (default 56).")
  String size = "56";

  @Option(names = "-H", paramLabel = "TTL", description = "TTL / hop limit of the probes.")
  String ttl;

  @Option(names = "-O", paramLabel = "TOS", description = "Type of service / traffic class.")
  String tos;

  @Option(names = "-S", paramLabel = "ADDR", description = "Source address.")
  String source;

  @Option(names = "-I", paramLabel = "IFACE", description = "Bind to interface (SO_BINDTODEVICE).")
  String iface;

  @Option(names = "--probe", paramLabel = "TYPES", split = ",", description = "echo, timestamp, mask (comma-separated; default echo).")
  List<String> probes = new ArrayList<>();

  @Option(names = "--shard", paramLabel = "I/N", description = "Sweep shard I (1-based) of N; needs --seed, the same on every shard.")
  String shard;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the probe order (reproducible order).")
  Long seed;

  @Option(names = "--socket", paramLabel = "KIND", description = "auto (default), raw or datagram.")
  String socket = "auto";

  @Option(names = "--progress", negatable = true, description = "Progress bar on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SweepRequest request;
    try {
      request = request();
    } catch (IllegalArgumentException | IOException e) {
      err.println("icmpkit sweep: " + e.getMessage());
      err.flush();
      return INVALID_ARGS;
    }
    TargetSet set = request.targets();
    for (String name : set.unresolved()) {
      err.println(name + ": Name or service not known");
    }
    SweepRenderer.Format format = json ? SweepRenderer.Format.JSON : csv ? SweepRenderer.Format.CSV
        : alive ? SweepRenderer.Format.ALIVE : unreachable ? SweepRenderer.Format.UNREACHABLE
        : SweepRenderer.Format.TEXT;
    SweepRenderer renderer = new SweepRenderer(format, out);
    renderer.start();
    long noAnswer = 0;
    boolean allAlive = true;
    Sweeper sweeper;
    try {
      sweeper = Sweeper.start(request);
    } catch (NativeException e) {
      err.println("icmpkit sweep: " + e.getMessage());
      err.flush();
      return SYSCALL_FAILURE;
    }
    boolean bar = progress != null ? progress : stderrIsTerminal();
    Thread painter = null;
    if (bar) {
      painter = Thread.ofPlatform().daemon().name("sweep-progress").start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          synchronized (err) {
            err.print(SweepRenderer.progressLine(sweeper.progress(), request.rate()));
            err.flush();
          }
          try {
            Thread.sleep(250);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }
    try (sweeper; Stream<SweepResult> results = sweeper.results()) {
      for (SweepResult r : (Iterable<SweepResult>) results::iterator) {
        if (r.status() == SweepStatus.NO_ANSWER) {
          noAnswer++;
        }
        allAlive &= r.alive();
        renderer.result(r);
      }
    } catch (NativeException e) {
      err.println("icmpkit sweep: " + e.getMessage());
      return SYSCALL_FAILURE;
    } finally {
      if (painter != null) {
        painter.interrupt();
        synchronized (err) {
          err.print("\r" + " ".repeat(79) + "\r");
        }
      }
      out.flush();
    }
    if (summary) {
      SweepRenderer.summary(err, sweeper.progress(), noAnswer, set.unresolved().size());
    }
    err.flush();
    if (!set.unresolved().isEmpty()) {
      return NAME_NOT_FOUND;
    }
    return allAlive ? ALL_ALIVE : SOME_UNREACHABLE;
  }

  private SweepRequest request() throws IOException {
    if (alive && unreachable || json && csv) {
      throw new IllegalArgumentException("choose one of -a, -u / one of --json, --csv");
    }
    TargetSet.Builder b = TargetSet.builder();
    if (generate) {
      generate(b);
    } else {
      for (String t : targets) {
        b.add(t);
      }
    }
    if (file != null) {
      for (String line : lines(file)) {
        b.add(line);
      }
    }
    for (String e : exclude) {
      b.exclude(e);
    }
    if (excludeFile != null) {
      for (String line : lines(excludeFile)) {
        b.exclude(line);
      }
    }
    TargetSet set = b.build();
    if (set.size() == 0 && set.unresolved().isEmpty()) {
      throw new IllegalArgumentException("no targets (give addresses, prefixes, ranges or -f FILE)");
    }
    SweepRequest.Builder r = SweepRequest.builder(set)
        .rate(number(rate, "--rate"))
        .retries((int) number(retries, "-r"))
        .timeout(Duration.ofMillis((long) number(timeout, "-t")))
        .payloadSize((int) number(size, "-b"))
        .senders((int) number(senders, "--senders"));
    if (cooldown != null) {
      r.cooldown(Duration.ofMillis((long) number(cooldown, "--cooldown")));
    }
    if (ttl != null) {
      r.ttl((int) number(ttl, "-H"));
    }
    if (tos != null) {
      r.tos((int) number(tos, "-O"));
    }
    if (source != null) {
      r.source(java.net.InetAddress.getByName(source));
    }
    if (iface != null) {
      r.device(iface);
    }
    if (!probes.isEmpty()) {
      Set<ProbeType> types = EnumSet.noneOf(ProbeType.class);
      for (String p : probes) {
        types.add(switch (p.strip().toLowerCase(Locale.ROOT)) {
          case "echo", "pe" -> ProbeType.ECHO;
          case "timestamp", "pp" -> ProbeType.TIMESTAMP;
          case "mask", "address-mask", "pm" -> ProbeType.ADDRESS_MASK;
          default -> throw new IllegalArgumentException("unknown probe type: " + p);
        });
      }
      r.probes(types);
    }
    if (shard != null) {
      String[] parts = shard.split("/");
      if (parts.length != 2) {
        throw new IllegalArgumentException("--shard wants I/N, e.g. 1/4");
      }
      r.shard((int) number(parts[0], "--shard") - 1, (int) number(parts[1], "--shard"));
    }
    r.seed(seed);
    r.socketKind(switch (socket.toLowerCase(Locale.ROOT)) {
      case "auto" -> IcmpSocket.Kind.AUTO;
      case "raw" -> IcmpSocket.Kind.RAW;
      case "datagram", "dgram" -> IcmpSocket.Kind.DATAGRAM;
      default -> throw new IllegalArgumentException("--socket must be auto, raw or datagram");
    });
    return r.build();
  }

  /** isatty(2) on stderr (the JDK only tells whether stdin/stdout are a terminal); false on failure. */
  static boolean stderrIsTerminal() {
    try {
      java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
      java.lang.invoke.MethodHandle isatty = linker.downcallHandle(
          linker.defaultLookup().find("isatty").orElseThrow(),
          java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
              java.lang.foreign.ValueLayout.JAVA_INT));
      return (int) isatty.invokeExact(2) == 1;
    } catch (Throwable e) {
      return false;
    }
  }

  /** fping -g: {@code START END}, or prefixes without their network and broadcast addresses. */
  private void generate(TargetSet.Builder b) {
    if (targets.size() == 2 && !targets.get(0).contains("/") && !targets.get(1).contains("/")) {
      b.add(targets.get(0) + "-" + targets.get(1));
      return;
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("-g needs START END or a prefix");
    }
    for (String t : targets) {
      b.add(t);
      TargetSet one = TargetSet.of(t);
      int slash = t.indexOf('/');
      if (slash > 0 && one.ipv4Count() == one.size() && one.size() > 2) {
        b.exclude(one.address(0).getHostAddress());
        b.exclude(one.address(one.size() - 1).getHostAddress());
      }
    }
  }

  private static double number(String s, String option) {
    try {
      double v = Double.parseDouble(s);
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a number: " + s);
    }
  }

  private static List<String> lines(String file) throws IOException {
    List<String> raw;
    if (file.equals("-")) {
      raw = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
    } else {
      try {
        raw = Files.readAllLines(Path.of(file));
      } catch (IOException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    }
    List<String> out = new ArrayList<>();
    for (String line : raw) {
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
