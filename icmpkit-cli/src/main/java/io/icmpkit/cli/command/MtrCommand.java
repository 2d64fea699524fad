package io.icmpkit.cli.command;

import io.icmpkit.cli.ExitCodes;
import io.icmpkit.cli.render.MtrFormat;
import io.icmpkit.cli.render.PingFormat;
import io.icmpkit.engine.trace.HopStatistics;
import io.icmpkit.engine.trace.MtrSession;
import io.icmpkit.engine.trace.ProbeMethod;
import io.icmpkit.engine.trace.TraceRequest;
import io.icmpkit.nativeio.NativeException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code icmpkit mtr}: mtr 0.95's options and outputs. On a terminal (and without a report
 * option) a live view redrawn in place once per cycle (keys {@code q} quit, {@code p} pause /
 * resume, {@code r} reset); otherwise {@code -c} cycles, then {@code --report}, {@code --json} or
 * {@code --csv} (report when none is given). ICMP echo by default, flow-stable: one echo
 * identifier for the whole session ({@code -u}: Paris UDP, one 5-tuple; {@code -T}: TCP SYN).
 * Exit codes: 0 when the run ended, 1 when a probe cannot be sent, 2 on usage errors and unknown
 * hosts.
 */
@Command(
    name = "mtr",
    sortOptions = false,
    description = {
      "Trace a path continuously and keep per-hop statistics (mtr's options and outputs).",
      "",
      "Examples:",
      "  icmpkit mtr 192.0.2.7",
      "  icmpkit mtr -n --report -c 10 192.0.2.7",
      "  icmpkit mtr --json -c 5 -o 'LSNABWVJMXI' 2001:db8::7",
      "  icmpkit mtr -u --csv -c 20 -i 0.2 192.0.2.7",
      "",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:the run ended (destination reached or not)",
      " 1:a probe could not be sent (no route, socket refused)",
      " 2:usage error or unknown host"})
public final class MtrCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // mtr's own option names, not a mixin shared with TracerouteCommand (see the note there).
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-r", "--report"}, description = "Report mode: run -c cycles, print a report.")
  boolean report;

  @Option(names = {"-w", "--report-wide"}, description = "Report mode, host names never cut.")
  boolean wide;

  @Option(names = {"-j", "--json"}, description = "Print the result as mtr's JSON.")
  boolean json;

  @Option(names = {"-C", "--csv"}, description = "Print the result as mtr's CSV.")
  boolean csv;

  @Option(names = {"-c", "--report-cycles"}, paramLabel = "COUNT", description = "Cycles (default 10; live view: unlimited).")
  Integer cycles;

  @Option(names = {"-n", "--no-dns"}, description = "Do not resolve host names.")
  boolean numeric;

  @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", description = "Time between cycles (default 1).")
  double interval = 1;

  @Option(names = {"-G", "--gracetime"}, paramLabel = "SECONDS", description = "Wait for the last answers (default 5); a probe unanswered this long is lost.")
  double grace = 5;

  @Option(names = {"-f", "--first-ttl"}, paramLabel = "NUMBER", description = "First TTL (default 1).")
  int first = 1;

  @Option(names = {"-m", "--max-ttl"}, paramLabel = "NUMBER", description = "Maximum TTL (default 30).")
  int maxTtl = 30;

  @Option(names = {"-s", "--psize"}, paramLabel = "BYTES", description = "Packet size, IP header included (default 64).")
  int packetSize = 64;

  @Option(names = {"-u", "--udp"}, description = "UDP probes, one constant 5-tuple (Paris).")
  boolean udp;

  @Option(names = {"-T", "--tcp"}, description = "TCP SYN probes.")
  boolean tcp;

  @Option(names = {"-P", "--port"}, paramLabel = "PORT", description = "Destination port (UDP, TCP).")
  Integer port;

  @Option(names = {"-Q", "--tos"}, paramLabel = "NUMBER", description = "TOS / traffic class.")
  int tos;

  @Option(names = {"-a", "--address"}, paramLabel = "ADDRESS", description = "Source address.")
  String source;

  @Option(names = {"-I", "--interface"}, paramLabel = "NAME", description = "Interface to send on.")
  String device;

  @Option(names = {"-o", "--order"}, paramLabel = "FIELDS", description = "Columns (default \"LS NABWV\"; J M X I: jitter, G gmean, D drop, R received).")
  String order = MtrFormat.DEFAULT_ORDER;

  @Option(names = {"-e", "--mpls"}, description = "Show MPLS labels (RFC 4950) in the report.")
  boolean mpls;

  @Option(names = "-4", description = "IPv4 only.")
  boolean ipv4;

  @Option(names = "-6", description = "IPv6 only.")
  boolean ipv6;

  @Parameters(index = "0", paramLabel = "HOST", description = "The host to trace.")
  String host;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (udp && tcp) {
      err.println("mtr: -u and -T are mutually exclusive");
      return ExitCodes.ERROR;
    }
    if ((json ? 1 : 0) + (csv ? 1 : 0) + (report || wide ? 1 : 0) > 1) {
      err.println("mtr: only one of --report, --json and --csv");
      return ExitCodes.ERROR;
    }
    if (cycles != null && cycles < 1 || interval < 0 || grace < 0 || maxTtl < 1 || maxTtl > 255
        || first < 1 || first > maxTtl) {
      err.println("mtr: option out of range");
      return ExitCodes.ERROR;
    }
    try {
      MtrFormat.checkOrder(order);
    } catch (IllegalArgumentException e) {
      err.println("mtr: " + e.getMessage());
      return ExitCodes.ERROR;
    }
    InetAddress target;
    try {
      target = resolve(host);
    } catch (UnknownHostException e) {
      err.println("mtr: Failed to resolve host: " + host + ": Name or service not known");
      return ExitCodes.ERROR;
    }
    ProbeMethod method = tcp ? ProbeMethod.TCP : udp ? ProbeMethod.UDP_PARIS : ProbeMethod.ICMP;
    TraceRequest request;
    try {
      TraceRequest.Builder b = TraceRequest.to(target).method(method).firstTtl(first)
          .maxTtl(maxTtl).packetLength(packetSize).tos(tos).interfaceName(device)
          .waitMax(Duration.ofNanos(Math.max(1_000_000L, (long) (grace * 1e9))));
      if (port != null) {
        b.port(port);
      }
      if (source != null) {
        b.source(InetAddress.getByName(source));
      }
      request = b.build();
    } catch (IllegalArgumentException | UnknownHostException e) {
      err.println("mtr: " + e.getMessage());
      return ExitCodes.ERROR;
    }
    Map<InetAddress, String> names = new HashMap<>();
    Function<InetAddress, String> name = numeric ? PingFormat::ntop
        : a -> names.computeIfAbsent(a, x -> x.getHostName());
    String local = localHostName();
    Duration step = Duration.ofNanos((long) (interval * 1e9));
    report |= wide;
    boolean live = !report && !json && !csv && System.console() != null
        && System.console().isTerminal();
    ZonedDateTime start = ZonedDateTime.now();
    try (MtrSession session = new MtrSession(request, step)) {
      if (live) {
        return live(session, out, local, name);
      }
      int n = cycles != null ? cycles : 10;
      for (int i = 0; i < n; i++) {
        session.cycle();
      }
      session.drain(request.waitMax());
      List<HopStatistics> hops = session.hops();
      if (json) {
        out.print(MtrFormat.json(local, host, tos, n, packetSize, hops, order, name));
      } else if (csv) {
        out.print(MtrFormat.csv(start.toEpochSecond(), host, hops, order, name));
      } else {
        out.print(MtrFormat.report(start, local, hops, order, name, mpls, wide));
      }
      out.flush();
      return ExitCodes.OK;
    } catch (NativeException e) {
      out.flush();
      err.println("mtr: " + e.getMessage());
      return ExitCodes.NO_RESULT;
    }
  }

  private InetAddress resolve(String h) throws UnknownHostException {
    for (InetAddress a : InetAddress.getAllByName(h)) {
      if (ipv4 && !(a instanceof Inet4Address) || ipv6 && !(a instanceof Inet6Address)) {
        continue;
      }
      return a;
    }
    throw new UnknownHostException(h);
  }

  private static String localHostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      return "localhost";
    }
  }

  /**
   * The live view on the terminal: keys read in non-canonical mode without echo ({@code stty
   * -icanon -echo}), the terminal's settings restored on exit, also when the JVM ends on SIGINT.
   */
  private int live(MtrSession session, PrintWriter out, String local,
      Function<InetAddress, String> name) {
    String saved = stty("-g");
    Thread restore = new Thread(() -> {
      if (saved != null) {
        stty(saved);
      }
    });
    Runtime.getRuntime().addShutdownHook(restore);
    stty("-icanon", "-echo", "min", "1");
    try {
      return new MtrLiveView(session, out, System.in, local, host, order, name, mpls).run(cycles);
    } finally {
      if (saved != null) {
        stty(saved);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(restore);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs
      }
    }
  }

  private static String stty(String... args) {
    try {
      List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).start();
      String text = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor() == 0 ? text : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
