package io.icmpkit.cli.command;

import io.icmpkit.cli.render.TraceFormat;
import io.icmpkit.engine.trace.PathMtuResult;
import io.icmpkit.engine.trace.PathMtuTracer;
import io.icmpkit.nativeio.NativeException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code icmpkit tracepath}: iputils tracepath 20221126's options and output (unprivileged path
 * MTU discovery over UDP), plus {@code -I} for ICMP echo probes. Exit codes as tracepath: 0 when
 * the run ended (reached or not), 1 for an unknown host, 255 for usage errors.
 */
@Command(
    name = "tracepath",
    sortOptions = false,
    description = {
      "Trace the path to a host, discovering its MTU (iputils tracepath's options and output).",
      "",
      "Examples:",
      "  icmpkit tracepath -n 192.0.2.7",
      "  icmpkit tracepath -b -l 1500 example.net",
      "  icmpkit tracepath -I 2001:db8::7",
      "",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:the trace ran", " 1:unknown host or socket error", "255:usage error"})
public final class TracepathCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "-n", description = "No DNS name resolution.")
  boolean numeric;

  @Option(names = "-b", description = "Print both name and IP.")
  boolean both;

  @Option(names = "-l", paramLabel = "length", description = "Use packet <length> (default 65535).")
  int length = 65535;

  @Option(names = "-m", paramLabel = "hops", description = "Use maximum <hops> (default 30).")
  int maxHops = 30;

  @Option(names = "-p", paramLabel = "port", description = "Use destination <port> (default 44444).")
  int port = 44444;

  @Option(names = "-I",
      description = "Probe with ICMP echo instead of UDP (ping socket; raw when refused).")
  boolean icmp;

  @Parameters(index = "0", paramLabel = "destination", description = "DNS name or IP address.")
  String host;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxHops < 1 || maxHops > 255 || length < 68 || length > 65535 || port < 0
        || port > 65535) {
      err.println("tracepath: argument out of range");
      return 255;
    }
    InetAddress target;
    try {
      target = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      err.println("tracepath: " + host + ": Name or service not known");
      return 1;
    }
    Map<InetAddress, String> names = new HashMap<>();
    Function<InetAddress, String> name = numeric ? null : a -> names.computeIfAbsent(a, x -> {
      String n = x.getCanonicalHostName();
      return n.equals(x.getHostAddress()) ? null : n;
    });
    try {
      PathMtuResult r = PathMtuTracer.run(target, icmp, length, maxHops, port,
          Duration.ofSeconds(1), e -> {
            out.println(TraceFormat.tracepathLine(e, name, both));
            out.flush();
          });
      out.println(TraceFormat.tracepathEnd(r));
      out.flush();
    } catch (NativeException e) {
      out.flush();
      err.println("tracepath: " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
