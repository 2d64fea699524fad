package io.icmpkit.cli.command;

import io.icmpkit.cli.ExitCodes;
import io.icmpkit.cli.InputException;
import io.icmpkit.cli.render.PingFormat;
import io.icmpkit.cli.render.PingJsonRenderer;
import io.icmpkit.cli.render.PingRenderer;
import io.icmpkit.cli.render.PingRenderer.Header;
import io.icmpkit.cli.render.PingTally;
import io.icmpkit.cli.render.PingTextRenderer;
import io.icmpkit.engine.ping.PingEvent;
import io.icmpkit.engine.ping.PingListener;
import io.icmpkit.engine.ping.PingRequest;
import io.icmpkit.engine.ping.PingResult;
import io.icmpkit.engine.ping.Pinger;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.PmtuMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code icmpkit ping}: a drop-in for iputils ping 20221126 (same options, defaults, user limits,
 * messages and output), plus {@code --json} and several targets per command.
 *
 * <p>Signals: SIGINT stops sending and prints the statistics (exit status as iputils: 0 when a
 * reply arrived); SIGUSR1 prints iputils' SIGQUIT interim status line on stderr. Both are caught
 * with {@code sun.misc.Signal} (module jdk.unsupported). SIGQUIT itself cannot be caught on
 * HotSpot (it is the thread-dump signal; see {@link Signals}). The previous handlers are restored
 * when the command returns.
 */
@Command(
    name = "ping",
    sortOptions = false,
    separator = " ",
    description = {
      "Send ICMP echo requests like iputils ping 20221126: same options, same output.",
      "",
      "Examples:",
      "  icmpkit ping -c 3 127.0.0.1",
      "  icmpkit ping -c 5 -i 0.2 -W 1 ::1",
      "  icmpkit ping -c 3 --json 127.0.0.1 ::1 | jq -c 'select(.event == \"summary\")'",
      "",
    },
    footer = {
      "",
      "SIGINT (Ctrl-C) stops and prints the statistics; SIGUSR1 prints the interim",
      "status line iputils prints on SIGQUIT (the JVM keeps SIGQUIT for thread dumps).",
      "",
      "Several targets are pinged at once through one engine; each gets its header,",
      "its lines and its statistics block (in argument order at the end). The exit",
      "status is the worst one: 0 replies, 1 no reply (or fewer than -c by -w), 2 error.",
      "Option errors print iputils' message and exit 2 (iputils exits 1 for some).",
      "",
      "JSON Lines (--json): objects with \"event\": start, reply, error, timeout, summary;",
      "keys host addr seq bytes from ttl time duplicate corrupted truncated icmp_type",
      "icmp_code error transmitted received duplicates corrupted errors loss time",
      "rtt{min avg max mdev median p90 p99} (times in ms).",
    })
public final class PingCommand implements Callable<Integer> {
  /** Real uid of the process (iputils' user limits apply when it is not 0); replaceable in tests. */
  static IntSupplier uid = PingCommand::realUid;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "-c", paramLabel = "count", description = "Stop after <count> replies.")
  String count;

  @Option(names = "-i", paramLabel = "interval", description = "Seconds between sending each packet (default 1).")
  String interval;

  @Option(names = "-s", paramLabel = "size", description = "Number of data bytes to send (default 56).")
  String size;

  @Option(names = "-t", paramLabel = "ttl", description = "Time to live.")
  String ttl;

  @Option(names = "-W", paramLabel = "timeout", description = "Seconds to wait for a response (default 10).")
  String linger;

  @Option(names = "-w", paramLabel = "deadline", description = "Reply wait <deadline> in seconds.")
  String deadline;

  @Option(names = "-f", description = "Flood ping.")
  boolean flood;

  @Option(names = "-A", description = "Adaptive ping.")
  boolean adaptive;

  @Option(names = "-D", description = "Print timestamps.")
  boolean timestamps;

  @Option(names = "-O", description = "Report outstanding replies.")
  boolean outstanding;

  @Option(names = "-q", description = "Quiet output.")
  boolean quiet;

  @Option(names = "-n", description = "No DNS name resolution.")
  boolean numeric;

  @Option(names = "-p", paramLabel = "pattern", description = "Contents of padding bytes (hex).")
  String pattern;

  @Option(names = "-Q", paramLabel = "tclass", description = "Quality of service <tclass> bits.")
  String tos;

  @Option(names = "-l", paramLabel = "preload", description = "Send <preload> packets while waiting for replies.")
  String preload;

  @Option(names = "-I", paramLabel = "interface", description = "Either interface name or address.")
  String iface;

  @Option(names = "-m", paramLabel = "mark", description = "Tag the packets going out.")
  String mark;

  @Option(names = "-M", paramLabel = "pmtud opt", description = "Path MTU discovery: do, want, probe or dont.")
  String pmtu;

  @Option(names = "-4", description = "Use IPv4.")
  boolean ipv4;

  @Option(names = "-6", description = "Use IPv6.")
  boolean ipv6;

  @Option(names = "-a", description = "Audible ping.")
  boolean audible;

  @Option(names = "-v", description = "Verbose output.")
  boolean verbose;

  @Option(names = "-3", description = "RTT precision (do not round the time).")
  boolean precise;

  @Option(names = "-e", paramLabel = "identifier", description = "Identifier (raw sockets only; ignored with datagram sockets).")
  String identifier;

  @Option(names = "--json", description = "Print JSON Lines (one object per event, a summary per target).")
  boolean json;

  @Parameters(arity = "0..*", paramLabel = "destination", description = "Host names or addresses.")
  List<String> targets = new ArrayList<>();

  /** One target of the run. */
  private static final class Target {
    final String name;
    final InetAddress address;
    final boolean numeric;
    final PingTally tally = new PingTally();
    final CountDownLatch done = new CountDownLatch(1);
    Header header;
    CompletableFuture<PingResult> future;
    int lastSent;
    volatile Throwable failure;
    /** The last address shown and its text: a flood formats the target's address once. */
    InetAddress lastFrom;
    String lastShown;

    Target(String name, InetAddress address, boolean numeric) {
      this.name = name;
      this.address = address;
      this.numeric = numeric;
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StringBuilder warnings = new StringBuilder();
    boolean root = uid.getAsInt() == 0;

    // options, in getopt order of iputils' checks
    if (ipv4 && ipv6) {
      throw new InputException("only one -4 or -6 option may be specified");
    }
    long npackets = count == null ? 0 : PingOptions.integer(count, 1, Long.MAX_VALUE);
    int intervalMs = interval == null ? 1000 : PingOptions.intervalMillis(interval, warnings);
    int datalen = size == null ? 56 : (int) PingOptions.integer(size, 0, Integer.MAX_VALUE);
    int ttlValue = ttl == null ? -1 : (int) PingOptions.integer(ttl, 0, 255);
    int lingerMs = linger == null ? 10_000 : PingOptions.lingerMillis(linger, warnings);
    long deadlineS = deadline == null ? 0 : PingOptions.integer(deadline, 0, Integer.MAX_VALUE);
    int preloadValue = preload == null ? 1 : (int) PingOptions.integer(preload, 1, 65536);
    if (!root && preloadValue > 3) {
      throw new InputException("cannot set preload to value greater than 3: " + preloadValue);
    }
    long markValue = mark == null ? -1 : PingOptions.unsigned32(mark);
    PmtuMode pmtuMode = pmtu == null ? null : switch (pmtu) {
      case "do" -> PmtuMode.DO;
      case "dont" -> PmtuMode.DONT;
      case "want" -> PmtuMode.WANT;
      case "probe" -> PmtuMode.PROBE;
      default -> throw new InputException("invalid -M argument: " + pmtu);
    };
    int tosValue = tos == null ? -1 : PingOptions.tos(tos);
    if (identifier != null) {
      PingOptions.integer(identifier, 0, 65535);
    }
    byte[] fill = pattern == null ? null : PingOptions.pattern(pattern);
    if (!warnings.isEmpty()) {
      for (String w : warnings.toString().split("\n")) {
        err.println("ping: " + w);
      }
      err.flush();
    }
    if (targets.isEmpty()) {
      throw new InputException("usage error: Destination address required");
    }
    // iputils opens its sockets here, before the remaining checks, the lookup and the header
    NativeException refused = openSocket(err, root);
    if (refused != null) {
      SocketRefusal r = new SocketRefusal(refused);
      iputilsSocketLines(err, r, root);
      err.println("icmpkit ping: " + r.guide());
      err.flush();
      return ExitCodes.ERROR;
    }
    if (datalen > PingRequest.MAX_PAYLOAD) {
      throw new InputException("invalid argument: '" + size + "': out of range: 0 <= value <= " + PingRequest.MAX_PAYLOAD);
    }
    if (ttlValue == 0) {
      throw new InputException("cannot set unicast time-to-live: Invalid argument");
    }
    InetAddress source = null;
    String device = null;
    if (iface != null) {
      int pct = iface.indexOf('%');
      if (iface.indexOf(':') >= 0) {
        String addr = pct >= 0 ? iface.substring(0, pct) : iface;
        device = pct >= 0 ? iface.substring(pct + 1) : null;
        source = literal(addr);
        if (!(source instanceof Inet6Address)) {
          throw new InputException("invalid source address: " + iface);
        }
      } else if (literal(iface) instanceof Inet4Address a) {
        source = a;
      } else {
        device = iface;
      }
    }
    if (fill != null && !quiet && !json) {
      out.println(PingOptions.patternLine(fill));
    }

    // resolve every target before sending anything (iputils exits 2 on the first failure)
    List<Target> list = new ArrayList<>();
    for (String name : targets) {
      list.add(resolve(name));
    }

    boolean ipgLine = (interval != null && intervalMs == 0) || flood || adaptive;
    PingRenderer renderer = json ? new PingJsonRenderer(out)
        : new PingTextRenderer(out, err, new PingTextRenderer.Options(quiet, flood, timestamps, audible, precise, ipgLine),
            PingCommand::epochMicros);
    Object lock = new Object();
    boolean timing = datalen >= 16;
    Map<InetAddress, String> names = new HashMap<>();

    try (Pinger pinger = Pinger.create(); Signals signals = Signals.install()) {
      for (Target t : list) {
        // iputils connects a UDP socket to the target to learn the source address (without
        // -I address): no route fails here, before the header
        String local = source == null ? localAddressFor(t.address) : null;
        String src = null;
        if (source != null || device != null) {
          src = source != null ? PingFormat.ntop(source) : local;
        }
        t.header = new Header(t.name, PingFormat.ntop(t.address), t.address instanceof Inet6Address,
            src, device, datalen);
        synchronized (lock) {
          renderer.header(t.header);
        }
      }
      int effectiveInterval = flood && interval == null ? 0 : intervalMs;
      if (!root && effectiveInterval < PingOptions.MIN_USER_INTERVAL_MS) {
        throw new InputException("cannot flood; minimal interval allowed for user is " + PingOptions.MIN_USER_INTERVAL_MS + "ms");
      }
      for (Target t : list) {
        display(t.address, t, names); // the target's reverse lookup now, not on the engine's I/O thread
      }
      for (Target t : list) {
        PingRequest.Builder b = PingRequest.builder(t.address)
            .count(npackets)
            .interval(Duration.ofMillis(effectiveInterval))
            .timeout(Duration.ofMillis(Math.max(1, lingerMs)))
            .payloadSize(datalen)
            .preload(preloadValue)
            .adaptive(adaptive)
            .flood(flood);
        if (deadlineS > 0) {
          b.deadline(Duration.ofSeconds(deadlineS));
        }
        if (fill != null) {
          b.pattern(fill);
        }
        if (ttlValue > 0) {
          b.ttl(ttlValue);
        }
        if (tosValue > 0) {
          b.tos(tosValue);
        }
        if (pmtuMode != null) {
          b.pmtuMode(pmtuMode);
        }
        if (source != null && source.getClass() == t.address.getClass()) {
          b.source(source);
        }
        if (device != null) {
          b.interfaceName(device);
        }
        if (markValue >= 0) {
          b.mark((int) markValue);
        }
        PingRequest request = b.build();
        PingListener listener = listener(t, renderer, lock, timing, names, npackets, deadlineS > 0);
        t.future = pinger.ping(request, listener);
      }
      signals.onInterrupt(() -> list.forEach(t -> pinger.stop(t.future)));
      signals.onStatus(() -> {
        synchronized (lock) {
          for (Target t : list) {
            try {
              renderer.status(t.header, t.tally);
            } catch (IOException e) {
              // stderr gone: nothing to report to
            }
          }
        }
      });
      for (Target t : list) {
        awaitDone(t, pinger);
      }
    }
    int rc = ExitCodes.OK;
    synchronized (lock) {
      for (Target t : list) {
        if (t.failure != null) {
          // the run did not start (a socket, an option refused): iputils exits 2 at that point
          out.flush();
          err.println("icmpkit ping: " + t.failure.getMessage());
          rc = ExitCodes.ERROR;
          continue;
        }
        renderer.statistics(t.header, t.tally);
        PingTally s = t.tally;
        int code = s.received() == 0 || (deadlineS > 0 && npackets > 0 && s.received() < npackets) ? ExitCodes.NO_RESULT : ExitCodes.OK;
        rc = Math.max(rc, code);
      }
      renderer.flush();
    }
    return rc;
  }

  /**
   * Opens and closes an ICMP socket as iputils' {@code create_socket()} does: IPv4 unless -6, then
   * IPv6 when IPv4 failed (and no -4); returns the last refusal, or null when one opened. With -v
   * iputils also reports the IPv4 refusal it then recovers from.
   */
  private NativeException openSocket(PrintWriter err, boolean root) {
    List<StandardProtocolFamily> families = ipv4 ? List.of(StandardProtocolFamily.INET)
        : ipv6 ? List.of(StandardProtocolFamily.INET6)
        : List.of(StandardProtocolFamily.INET, StandardProtocolFamily.INET6);
    NativeException last = null;
    for (StandardProtocolFamily f : families) {
      if (last != null && verbose) {
        SocketRefusal r = new SocketRefusal(last);
        err.println("ping: socktype: " + (r.raw() ? "SOCK_RAW" : "SOCK_DGRAM"));
        err.println("ping: socket: " + r.strerror());
      }
      try (IcmpSocket s = IcmpSocket.open(f, IcmpSocket.Kind.AUTO)) {
        return null;
      } catch (NativeException e) {
        last = e;
      }
    }
    return last;
  }

  /** iputils' lines for a refused socket (stderr, exit 2 follows). */
  private static void iputilsSocketLines(PrintWriter err, SocketRefusal r, boolean root) {
    err.println("ping: socktype: " + (r.raw() ? "SOCK_RAW" : "SOCK_DGRAM"));
    err.println("ping: socket: " + r.strerror());
    if (r.raw() && !root) {
      err.println("ping: => missing cap_net_raw+p capability or setuid?");
    }
  }

  private static void awaitDone(Target t, Pinger pinger) {
    try {
      while (!t.done.await(200, TimeUnit.MILLISECONDS)) {
        if (t.future.isDone() && !t.done.await(1, TimeUnit.SECONDS)) {
          // completed (or cancelled) without onDone: do not wait forever
          return;
        }
      }
    } catch (InterruptedException e) {
      pinger.stop(t.future);
      Thread.currentThread().interrupt();
    }
  }

  private PingListener listener(Target t, PingRenderer r, Object lock, boolean timing,
      Map<InetAddress, String> names, long npackets, boolean hasDeadline) {
    return new PingListener() {
      @Override
      public void onSent(PingEvent.Sent sent) {
        synchronized (lock) {
          int prev = t.lastSent;
          int unanswered = outstanding && prev > 0 && !t.tally.answered(prev) ? prev : -1;
          t.tally.sent(sent.seq(), sent.sentNanos());
          t.lastSent = sent.seq();
          call(() -> r.sent(t.header, sent.seq(), unanswered));
        }
      }

      @Override
      public void onReply(PingEvent.Reply reply) {
        synchronized (lock) {
          long micros = timing ? reply.rttNanos() / 1000 : -1;
          boolean dup = t.tally.reply(reply.seq(), micros, reply.badChecksum());
          boolean truncated = reply.bytes() < t.header.dataLength() + 8;
          boolean different = t.header.ipv6() && !reply.from().equals(t.address) && !t.address.isMulticastAddress();
          int ttlSeen = reply.ttl();
          call(() -> r.reply(t.header, new PingRenderer.Reply(reply.seq(), reply.bytes(), display(reply.from(), t, names),
              ttlSeen, micros, dup, reply.badChecksum(), truncated, different)));
          stopWhenDone();
        }
      }

      @Override
      public void onError(PingEvent.Error e) {
        synchronized (lock) {
          if (e.local()) {
            // a failed send is not announced by Sent; iputils counts it as transmitted
            t.tally.sent(e.seq(), e.receivedNanos());
            t.lastSent = e.seq();
            // iputils counts a local error only when it prints it (not with -q)
            if (!quiet) {
              t.tally.error(-1);
            }
            String msg = "EMSGSIZE".equals(e.errno())
                ? "local error: message too long, mtu" + (t.header.ipv6() ? ": " : "=") + e.info()
                : "local error: " + errnoText(e.errno());
            call(() -> r.localError(t.header, e.seq(), msg));
          } else {
            t.tally.error(e.seq());
            call(() -> r.icmpError(t.header, e.seq(), display(e.from(), t, names), e.icmpType(), e.icmpCode(), e.info()));
          }
          // iputils: with -w, the first error ends the run
          if (hasDeadline) {
            t.future.cancel(false);
          }
          stopWhenDone();
        }
      }

      @Override
      public void onTimeout(PingEvent.Timeout timeout) {
        synchronized (lock) {
          call(() -> r.timeout(t.header, timeout.seq()));
        }
      }

      @Override
      public void onDone(PingResult result, Throwable failure) {
        t.failure = failure;
        t.done.countDown();
      }

      private void stopWhenDone() {
        if (npackets > 0 && t.tally.received() + t.tally.errors() >= npackets && !t.future.isDone()) {
          t.future.cancel(false);
        }
      }
    };
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void call(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * iputils' {@code pr_addr()}: {@code name (addr)} unless numeric (the name is the address again
   * when there is no PTR record, as getnameinfo() returns it), the address alone when numeric.
   * Cached per address; a router's first error costs one reverse lookup on the listener thread, as
   * it costs iputils one in its loop.
   */
  private String display(InetAddress from, Target t, Map<InetAddress, String> names) {
    if (from == null) {
      return "";
    }
    if (from == t.lastFrom) { // the engine hands out the same object for the same sender
      return t.lastShown;
    }
    String shown = show(from, t, names);
    t.lastFrom = from;
    t.lastShown = shown;
    return shown;
  }

  private String show(InetAddress from, Target t, Map<InetAddress, String> names) {
    String addr = PingFormat.ntop(from);
    if (t.numeric || numeric || flood) {
      return addr;
    }
    return names.computeIfAbsent(from, a -> {
      try {
        String name = InetAddress.getByAddress(a.getAddress()).getHostName();
        return name + " (" + addr + ")";
      } catch (UnknownHostException e) {
        return addr;
      }
    });
  }

  private Target resolve(String name) {
    InetAddress lit = literal(name);
    if (lit != null) {
      if (ipv4 && lit instanceof Inet6Address || ipv6 && lit instanceof Inet4Address) {
        throw new InputException(name + ": Address family for hostname not supported");
      }
      // iputils: a numeric target switches off reverse lookups
      return new Target(name, lit, true);
    }
    try {
      InetAddress[] all = InetAddress.getAllByName(name);
      for (InetAddress a : all) {
        if ((!ipv4 || a instanceof Inet4Address) && (!ipv6 || a instanceof Inet6Address)) {
          return new Target(name, a, false);
        }
      }
      throw new InputException(name + ": Address family for hostname not supported");
    } catch (UnknownHostException e) {
      throw new InputException(name + ": Name or service not known", e);
    }
  }

  /** An address literal (dotted IPv4 in the short forms inet_aton takes, or IPv6), else null. */
  static InetAddress literal(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean v6 = s.indexOf(':') >= 0;
    boolean v4 = !v6 && s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    if (!v4 && !v6) {
      return null;
    }
    if (v6 && !s.chars().allMatch(c -> c == ':' || c == '.' || c == '%' || Character.digit(c, 16) >= 0
        || Character.isLetterOrDigit(c))) {
      return null;
    }
    try {
      return InetAddress.getByName(s); // a literal: no resolver call
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * The source address the kernel picks for {@code target}: iputils connects a UDP probe socket
   * to port 1025 and exits 2 with {@code connect: <strerror>} when that fails (no route).
   */
  private static String localAddressFor(InetAddress target) {
    try (DatagramSocket probe = new DatagramSocket(null)) {
      probe.connect(new InetSocketAddress(target, 1025));
      InetAddress local = probe.getLocalAddress();
      return local == null ? "" : PingFormat.ntop(local);
    } catch (IOException | java.io.UncheckedIOException e) {
      String m = String.valueOf(e.getMessage());
      for (String known : List.of("Network is unreachable", "No route to host", "Permission denied",
          "Invalid argument", "Cannot assign requested address")) {
        if (m.contains(known)) {
          throw new InputException("connect: " + known, e);
        }
      }
      throw new InputException("connect: " + m, e);
    }
  }

  private static String errnoText(String errno) {
    return switch (errno == null ? "" : errno) {
      case "ENETUNREACH" -> "Network is unreachable";
      case "EHOSTUNREACH" -> "No route to host";
      case "EACCES" -> "Permission denied";
      case "EPERM" -> "Operation not permitted";
      case "ENOBUFS" -> "No buffer space available";
      case "ECONNREFUSED" -> "Connection refused";
      case "EPROTO" -> "Protocol error";
      default -> errno;
    };
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return ChronoUnit.MICROS.between(Instant.EPOCH, now);
  }

  private static int realUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: apply the user limits
    }
    return -1;
  }
}
