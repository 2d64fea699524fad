package io.icmpkit.cli.command;

import io.icmpkit.cli.ExitCodes;
import io.icmpkit.cli.render.MdaFormat;
import io.icmpkit.cli.render.TraceFormat;
import io.icmpkit.cli.render.TraceJson;
import io.icmpkit.engine.ping.Pinger;
import io.icmpkit.engine.trace.MultipathDetector;
import io.icmpkit.engine.trace.ProbeMethod;
import io.icmpkit.engine.trace.TraceRequest;
import io.icmpkit.engine.trace.TraceResult;
import io.icmpkit.engine.trace.Tracer;
import io.icmpkit.nativeio.NativeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
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
 * {@code icmpkit traceroute}: Linux traceroute 2.1.2's options and output (header, hop lines,
 * {@code *}, annotations, {@code -e} extensions, {@code --mtu}, {@code --back}), plus Paris UDP
 * and {@code --json}. Exit codes as traceroute: 0 when the trace ran (reached or not), 1 when a
 * probe cannot be sent (no route...), 2 on usage errors and unknown hosts.
 */
@Command(
    name = "traceroute",
    sortOptions = false,
    description = {
      "Print the route packets take to a host (Linux traceroute's options and output).",
      "",
      "Examples:",
      "  icmpkit traceroute -n 192.0.2.7",
      "  icmpkit traceroute -I -q 1 -w 1 example.net",
      "  icmpkit traceroute -T -p 443 example.net",
      "  icmpkit traceroute --paris --json 2001:db8::7",
      "  icmpkit traceroute --mtu 192.0.2.7",
      "  icmpkit traceroute --mda -n 192.0.2.7",
      "",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:the trace ran (destination reached or not)",
      " 1:a probe could not be sent (no route, socket refused)",
      " 2:usage error or unknown host"})
public final class TracerouteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // No options shared with MtrCommand through a mixin: traceroute and mtr spell every probe
  // option differently, some with another meaning (-I: ICMP here, interface in mtr; -i:
  // interface here, interval there; --udp: constant port here, Paris there), and each command
  // mirrors its own tool's names, labels and help.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-I", "--icmp"}, description = "Use ICMP ECHO for tracerouting.")
  boolean icmp;

  @Option(names = {"-U", "--udp"}, description = "Use UDP to a constant port (default 53).")
  boolean udpConstant;

  @Option(names = {"-T", "--tcp"}, description = "Use TCP SYN (default port 80).")
  boolean tcp;

  @Option(names = "--paris", description = "Paris traceroute: UDP with one constant 5-tuple (port 33434).")
  boolean paris;

  @Option(names = "-4", description = "Use IPv4.")
  boolean ipv4;

  @Option(names = "-6", description = "Use IPv6.")
  boolean ipv6;

  @Option(names = "-n", description = "Do not resolve IP addresses to their domain names.")
  boolean numeric;

  @Option(names = {"-q", "--queries"}, paramLabel = "nqueries", description = "Probes per hop (default 3).")
  int queries = 3;

  @Option(names = {"-N", "--sim-queries"}, paramLabel = "squeries", description = "Probes in flight at once (default 16).")
  int simultaneous = 16;

  @Option(names = {"-f", "--first"}, paramLabel = "first_ttl", description = "Start from this hop (default 1).")
  int first = 1;

  @Option(names = {"-m", "--max-hops"}, paramLabel = "max_ttl", description = "Maximum hops (default 30).")
  int maxHops = 30;

  @Option(names = {"-w", "--wait"}, paramLabel = "MAX,HERE,NEAR", description = "Wait (default 5.0,3,10).")
  String wait = "5.0,3,10";

  @Option(names = {"-z", "--sendwait"}, paramLabel = "sendwait", description = "Pause between probes (seconds; over 10: milliseconds).")
  String sendWait;

  @Option(names = {"-F", "--dont-fragment"}, description = "Do not fragment packets.")
  boolean dontFragment;

  @Option(names = "--mtu", description = "Discover the path MTU (implies -F -N 1).")
  boolean mtu;

  @Option(names = "--back", description = "Guess the hops of the way back and print them when different.")
  boolean back;

  @Option(names = {"-e", "--extensions"}, description = "Show ICMP extensions (RFC 4884), MPLS included.")
  boolean extensions;

  @Option(names = {"-s", "--source"}, paramLabel = "src_addr", description = "Source address.")
  String source;

  @Option(names = {"-i", "--interface"}, paramLabel = "device", description = "Interface to send on.")
  String device;

  @Option(names = {"-t", "--tos"}, paramLabel = "tos", description = "TOS / traffic class.")
  int tos;

  @Option(names = {"-p", "--port"}, paramLabel = "port", description = "Destination port.")
  Integer port;

  @Option(names = "--mda", description = "Multipath discovery (Paris traceroute's MDA, 95%% confidence): vary the flow, find every next hop.")
  boolean mda;

  @Option(names = "--mda-flows", paramLabel = "N", description = "Most flows --mda may use (default 256).")
  int mdaFlows = 256;

  @Option(names = "--json", description = "Print the trace as one JSON object.")
  boolean json;

  @Parameters(index = "0", paramLabel = "host", description = "The host to trace.")
  String host;

  @Parameters(index = "1", arity = "0..1", paramLabel = "packetlen", description = "Full packet length.")
  Integer length;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (queries < 1 || queries > 10) {
      err.println("no more than 10 probes per hop");
      return ExitCodes.ERROR;
    }
    if (maxHops > 255) {
      err.println("max hops cannot be more than 255");
      return ExitCodes.ERROR;
    }
    if (first < 1 || first > maxHops) {
      err.println("first hop out of range");
      return ExitCodes.ERROR;
    }
    if (simultaneous < 1 || simultaneous > 255) {
      err.println("sim-queries out of range");
      return ExitCodes.ERROR;
    }
    if ((icmp ? 1 : 0) + (tcp ? 1 : 0) + (udpConstant ? 1 : 0) + (paris ? 1 : 0) > 1) {
      err.println("only one of -I, -T, -U and --paris");
      return ExitCodes.ERROR;
    }
    InetAddress target;
    try {
      target = Pinger.resolve(host,
          ipv4 ? StandardProtocolFamily.INET : ipv6 ? StandardProtocolFamily.INET6 : null);
    } catch (UnknownHostException e) {
      err.println(host + ": Name or service not known");
      err.println("Cannot handle \"host\" cmdline arg `" + host + "' on position 1 (argc 1)");
      return ExitCodes.ERROR;
    }
    ProbeMethod method = icmp ? ProbeMethod.ICMP : tcp ? ProbeMethod.TCP
        : udpConstant || paris ? ProbeMethod.UDP_PARIS : ProbeMethod.UDP;
    TraceRequest.Builder b = TraceRequest.to(target).method(method).probesPerHop(queries)
        .simultaneous(mtu ? 1 : simultaneous).firstTtl(first).maxTtl(maxHops).tos(tos)
        .dontFragment(dontFragment || mtu).pathMtu(mtu).interfaceName(device);
    if (port != null) {
      b.port(port);
    } else if (udpConstant) {
      b.port(53);
    }
    if (length != null) {
      b.packetLength(length);
    }
    try {
      String[] w = wait.split("[,/]");
      b.waitMax(Duration.ofNanos((long) (Double.parseDouble(w[0]) * 1e9)));
      if (w.length > 1) {
        b.waitHere(Double.parseDouble(w[1]));
      }
      if (w.length > 2) {
        b.waitNear(Double.parseDouble(w[2]));
      }
      if (sendWait != null) {
        double z = Double.parseDouble(sendWait);
        b.sendInterval(Duration.ofNanos((long) (z > 10 ? z * 1e6 : z * 1e9)));
      }
      if (source != null) {
        b.source(InetAddress.getByName(source));
      }
    } catch (NumberFormatException | UnknownHostException e) {
      err.println("Cannot handle option argument: " + e.getMessage());
      return ExitCodes.ERROR;
    }
    TraceRequest request;
    try {
      request = b.build();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return ExitCodes.ERROR;
    }
    Map<InetAddress, String> names = new HashMap<>();
    Function<InetAddress, String> name = numeric ? null
        : a -> names.computeIfAbsent(a, x -> x.getHostName());
    try {
      Tracer.checkSockets(request); // traceroute opens its sockets before the header
    } catch (NativeException e) {
      return refused(err, e);
    }
    if (!json) {
      out.println(TraceFormat.tracerouteHeader(host, target, maxHops, request.packetLength()));
      out.flush();
    }
    if (mda) {
      return mda(out, err, request, name);
    }
    TraceResult r;
    try {
      r = Tracer.trace(request, hop -> {
        if (!json) {
          out.println(TraceFormat.tracerouteHop(hop, name, extensions, back));
          out.flush();
        }
      });
    } catch (NativeException e) {
      // traceroute: "connect: Network is unreachable" and exit status 1
      out.flush();
      err.println(e.getMessage());
      return ExitCodes.NO_RESULT;
    }
    if (json) {
      TraceJson.write(out, host, r, maxHops);
    }
    return ExitCodes.OK;
  }

  /** traceroute's lines for a socket it cannot open (exit 1), then what to change. */
  private static int refused(PrintWriter err, NativeException e) {
    SocketRefusal r = new SocketRefusal(e);
    if (!r.atSocket()) {
      err.println(e.getMessage());
      return ExitCodes.NO_RESULT;
    }
    if (r.denied()) {
      err.println("You do not have enough privileges to use this traceroute method.");
    }
    err.println("socket: " + r.strerror());
    if (e.hint() != null) {
      err.println("icmpkit traceroute: " + r.guide());
    }
    return ExitCodes.NO_RESULT;
  }

  private int mda(PrintWriter out, PrintWriter err, TraceRequest request,
      Function<InetAddress, String> name) throws IOException {
    if (request.method() == ProbeMethod.TCP || mdaFlows < 1 || mdaFlows > 1024) {
      err.println("--mda needs UDP or ICMP probes and 1..1024 flows");
      return ExitCodes.ERROR;
    }
    MultipathDetector.Result r;
    try {
      r = MultipathDetector.discover(request, mdaFlows);
    } catch (NativeException e) {
      out.flush();
      err.println(e.getMessage());
      return ExitCodes.NO_RESULT;
    }
    if (json) {
      MdaFormat.json(out, host, r);
      return ExitCodes.OK;
    }
    out.println(MdaFormat.summary(r));
    MdaFormat.hops(r, name).forEach(out::println);
    out.flush();
    return ExitCodes.OK;
  }
}
