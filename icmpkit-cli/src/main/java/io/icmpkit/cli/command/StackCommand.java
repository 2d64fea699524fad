package io.icmpkit.cli.command;

import io.icmpkit.cli.InputException;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.pcap.io.PcapWriter;
import io.icmpkit.socket.tun.TunDevice;
import io.icmpkit.stack.Node;
import io.icmpkit.stack.iface.Membership;
import io.icmpkit.stack.phy.tun.HostSetup;
import io.icmpkit.stack.phy.tun.TunNetwork;
import io.icmpkit.stack.topology.EmulatedLink;
import io.icmpkit.stack.topology.Prefix;
import io.icmpkit.stack.topology.RoutePlanner;
import io.icmpkit.stack.topology.RoutePlanner.PlannedRoute;
import io.icmpkit.stack.topology.Topology;
import io.icmpkit.stack.topology.TopologyException;
import io.icmpkit.stack.topology.VirtualNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code icmpkit stack}: a virtual network of ICMP hosts and routers behind one TUN device. */
@Command(
    name = "stack",
    sortOptions = false,
    description = {
      "A virtual network of user-space ICMP hosts and routers (icmpkit-stack), described in a",
      "topology file and reached from this machine through one TUN interface.",
      "",
      "Examples:",
      "  icmpkit stack check samples/topologies/path5.yaml",
      "  sudo icmpkit stack run samples/topologies/path5.yaml",
      "  sudo icmpkit stack run --pcap stack.pcap samples/topologies/lan.yaml",
      "  icmpkit stack groups",
      "",
    },
    subcommands = {StackCommand.Run.class, StackCommand.Check.class, StackCommand.Groups.class})
public final class StackCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing command (try: icmpkit stack run FILE, or icmpkit stack --help)");
  }

  static Topology load(String file) {
    try {
      return Topology.load(Path.of(file));
    } catch (TopologyException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  /** {@code icmpkit stack check}: load a topology and print its nodes, links and routes. */
  @Command(
      name = "check",
      sortOptions = false,
      description = {
        "Check a topology file and print what it builds: nodes, links and every node's routes",
        "(computed shortest-path routes included). Needs no privileges.",
        "",
        "Example:",
        "  icmpkit stack check samples/topologies/ecmp-diamond.yaml",
        "",
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "FILE", description = "The topology file (YAML).")
    String file;

    @Override
    public Integer call() {
      Topology t = load(file);
      VirtualNetwork.build(t, (p, now) -> { }); // every node must build
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s: %d nodes, %d links; host %s on %s%n", t.name(), t.nodes().size(),
          t.links().size(), t.host().addresses().stream().map(Prefix::toString)
              .collect(Collectors.joining(" ")), t.host().tun());
      for (Topology.LinkSpec l : t.links()) {
        out.printf("  link %s %s mtu %d delay %s jitter %s loss %s%n", l.name(), l.ends(), l.mtu(),
            millis(l.delay()), millis(l.jitter()), percent(l.loss()));
      }
      Map<String, List<PlannedRoute>> plan = RoutePlanner.plan(t);
      for (Topology.NodeSpec n : t.nodes()) {
        out.printf("  %s %s%n", n.router() ? "router" : "host", n.name());
        for (Topology.InterfaceSpec i : n.interfaces()) {
          out.printf("    %s %s%s%n", i.name(), i.addresses().stream().map(Prefix::toString)
              .collect(Collectors.joining(" ")), i.mplsLabels().isEmpty() ? ""
                  : " mpls " + i.mplsLabels());
        }
        for (PlannedRoute r : plan.get(n.name())) {
          out.printf("    route %s %s%n", r.to(), switch (r.kind()) {
            case UNREACHABLE -> "unreachable";
            case PROHIBIT -> "prohibit";
            case FORWARD -> r.hops().stream().map(h -> (h.via() == null ? "" : "via "
                + Prefix.format(h.via()) + " ") + "dev " + h.iface())
                .collect(Collectors.joining(" | "));
          });
        }
      }
      out.println("host routes:");
      for (String line : HostSetup.of(t, t.host().tun()).lines()) {
        out.println("  " + line);
      }
      return 0;
    }
  }

  /** {@code icmpkit stack run}: serve a topology on a TUN device until stopped. */
  @Command(
      name = "run",
      sortOptions = false,
      description = {
        "Serve the virtual network of a topology file: create the TUN interface, give",
        "it the host addresses, route the virtual subnets into it (with ip), and answer",
        "until SIGINT or SIGTERM; then print the counters (kill -USR1 prints them, with",
        "the multicast group memberships, while it runs; 'icmpkit stack groups' lists",
        "the memberships from the status file the run keeps in /run/icmpkit). Needs",
        "root (CAP_NET_ADMIN).",
        "",
        "Examples:",
        "  sudo icmpkit stack run samples/topologies/path5.yaml &",
        "  ping -c 3 198.18.4.2; traceroute -e 198.18.4.2; tracepath 198.18.4.2",
        "  sudo icmpkit stack run --tun lab0 --pcap lab.pcap --duration 60 samples/topologies/lan.yaml",
        "",
      })
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--tun", paramLabel = "NAME",
        description = "TUN interface name (default: the topology's host.tun, else icmpkit0).")
    String tun;

    @Option(names = "--pcap", paramLabel = "FILE",
        description = "Record every packet in and out of the TUN interface (pcap, raw IP).")
    Path pcap;

    @Option(names = "--no-setup",
        description = "Create the TUN interface only: no addresses, no routes (set them yourself).")
    boolean noSetup;

    @Option(names = "--duration", paramLabel = "SECONDS",
        description = "Stop by itself after this many seconds (default: run until stopped).")
    double duration;

    @Option(names = "--status-dir", paramLabel = "DIR",
        description = "Keep the status file that 'icmpkit stack groups' reads here, as"
            + " DIR/net-<netns inode>/<tun>.groups, refreshed every second (default: /run/icmpkit).")
    Path statusDir = StackStatus.DEFAULT_DIR;

    @Parameters(paramLabel = "FILE", description = "The topology file (YAML).")
    String file;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (duration < 0 || Double.isNaN(duration)) {
        throw new ParameterException(spec.commandLine(), "--duration must be positive");
      }
      Topology t = load(file);
      PrintWriter out = spec.commandLine().getOut();
      String name = tun != null ? tun : t.host().tun();
      TunDevice device;
      try {
        device = TunDevice.open(name);
      } catch (NativeException | IllegalArgumentException e) {
        throw new InputException("cannot create TUN interface " + name + ": " + e.getMessage(), e);
      }
      try (device; PcapTap tap = pcap == null ? null : new PcapTap(pcap)) {
        if (!noSetup) {
          try {
            HostSetup.of(t, device.name()).apply(List.of("ip"));
          } catch (IllegalStateException e) {
            throw new InputException("cannot configure " + device.name() + ": " + e.getMessage(), e);
          }
        }
        TunNetwork served = new TunNetwork(device, t, tap == null ? TunNetwork.PacketTap.NONE : tap);
        out.printf("icmpkit stack: serving %s on %s (%s): %d nodes, %d links%n", t.name(),
            device.name(), t.host().addresses().stream().map(Prefix::toString)
                .collect(Collectors.joining(" ")), t.nodes().size(), t.links().size());
        if (!noSetup) {
          out.printf("  routed into %s: %s%n", device.name(), t.virtualPrefixes().stream()
              .map(Prefix::toString).collect(Collectors.joining(" ")));
        }
        List<Signal> signals = new ArrayList<>();
        List<SignalHandler> previous = new ArrayList<>();
        for (String sig : List.of("INT", "TERM")) {
          try {
            Signal s = new Signal(sig);
            previous.add(Signal.handle(s, x -> served.stop()));
            signals.add(s);
          } catch (IllegalArgumentException e) {
            // ignored when the JVM started (a background job of a script ignores SIGINT), or
            // kept by the JVM (-Xrs): the default action applies
          }
        }
        try {
          Signal usr1 = new Signal("USR1");
          previous.add(Signal.handle(usr1, x -> served.execute(() -> printCounters(out, served))));
          signals.add(usr1);
        } catch (IllegalArgumentException e) {
          // not available: no status on demand
        }
        out.println("  stop with " + (signals.isEmpty() ? "kill" : signals.stream()
            .filter(s -> !s.getName().equals("USR1"))
            .map(s -> s.getName().equals("INT") ? "Ctrl-C (SIGINT)" : "SIG" + s.getName())
            .collect(Collectors.joining(" or "))) + (duration > 0 ? ", or wait " + duration + " s" : "")
            + (signals.stream().anyMatch(s -> s.getName().equals("USR1"))
                ? "; kill -USR1 prints the counters and groups" : ""));
        out.flush();
        Path nsStatusDir = StackStatus.namespaceDir(statusDir); // here: this thread is in the netns
        Thread status = Thread.ofVirtual().name("stack-status").start(
            () -> keepStatus(served, t.name(), device.name(), nsStatusDir, spec.commandLine().getErr()));
        Thread timer = null;
        if (duration > 0) {
          long ms = (long) Math.ceil(duration * 1000);
          timer = Thread.ofVirtual().start(() -> {
            try {
              Thread.sleep(ms);
              served.stop();
            } catch (InterruptedException e) {
              // stopped otherwise
            }
          });
        }
        try {
          served.run();
        } finally {
          for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
          }
          if (timer != null) {
            timer.interrupt();
          }
          status.interrupt();
          status.join(2_000);
          StackStatus.delete(nsStatusDir, device.name());
        }
        printCounters(out, served);
        if (tap != null && tap.failure != null) {
          throw new InputException(pcap + ": " + tap.failure.getMessage(), tap.failure);
        }
        return 0;
      }
    }

    /**
     * Rewrites the status file every second until interrupted: the memberships are read on the
     * serving thread (the network is not thread-safe), the file is written here. A directory
     * that cannot be written costs one warning, not the run.
     */
    private static void keepStatus(TunNetwork served, String topology, String tun, Path dir,
        PrintWriter err) {
      boolean warned = false;
      while (!Thread.currentThread().isInterrupted()) {
        java.util.concurrent.CompletableFuture<StackStatus> snap = new java.util.concurrent.CompletableFuture<>();
        served.execute(() -> snap.complete(StackStatus.of(topology, tun, served.network().groups(),
            System.nanoTime())));
        try {
          snap.get(5, java.util.concurrent.TimeUnit.SECONDS).write(dir);
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          return;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          // the serving thread has stopped: nothing more to report
          return;
        } catch (IOException e) {
          if (e instanceof java.nio.channels.ClosedByInterruptException
              || Thread.currentThread().isInterrupted()) {
            return; // stopped while writing
          }
          if (!warned) {
            warned = true;
            err.println("icmpkit stack: cannot write the status file in " + dir + " ('stack groups'"
                + " will not see this run): " + e.getMessage());
            err.flush();
          }
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException x) {
            return;
          }
        }
      }
    }

    private static void printCounters(PrintWriter out, TunNetwork served) {
      out.printf("%s: %d packets from the host, %d to the host%s%n", served.device().name(),
          served.packetsFromHost(), served.packetsToHost(), served.writeErrors() == 0 ? ""
              : ", " + served.writeErrors() + " refused by the kernel");
      VirtualNetwork net = served.network();
      for (Map.Entry<String, EmulatedLink> e : net.links().entrySet()) {
        out.printf("link %s: %s%n", e.getKey(), e.getValue().counters());
      }
      for (Topology.NodeSpec n : net.topology().nodes()) {
        Node node = net.node(n.name());
        Map<String, Long> c = node.counters().snapshot();
        out.printf("node %s:%s%n", n.name(), c.isEmpty() ? " (no traffic)" : "");
        c.forEach((k, v) -> out.printf("  %-28s %d%n", k, v));
      }
      Map<String, List<Membership>> groups = net.groups();
      out.println("multicast groups:" + (groups.isEmpty() ? " none" : ""));
      groups.forEach((node, list) -> list.forEach(m -> out.printf("  %s %s %s (%s)%n", node,
          m.iface(), Prefix.format(m.group()), m.local() ? "joined" : "reported")));
      out.flush();
    }
  }

  /** {@code icmpkit stack groups}: the multicast memberships of a running {@code stack run}. */
  @Command(
      name = "groups",
      sortOptions = false,
      description = {
        "List the multicast group memberships of a running 'icmpkit stack run': groups",
        "its nodes joined, and groups their IGMP/MLD queriers learned from reports (a",
        "process on this machine joining a group on the TUN interface shows up there).",
        "Reads the status file the run keeps (DIR/net-<netns inode>/<tun>.groups, at",
        "most a second old): run it in the network namespace of the 'stack run'.",
        "",
        "Examples:",
        "  icmpkit stack groups",
        "  icmpkit stack groups --tun lab0",
        "",
        "Exit codes:",
        "   0   the memberships were printed (possibly none)",
        "   2   no running 'stack run' for that TUN interface (or usage error)",
        "",
      })
  static final class Groups implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--tun", paramLabel = "NAME",
        description = "The TUN interface of the run (default: the only run in the status directory).")
    String tun;

    @Option(names = "--status-dir", paramLabel = "DIR",
        description = "Where the runs keep their status files (default: /run/icmpkit).")
    Path statusDir = StackStatus.DEFAULT_DIR;

    @Override
    public Integer call() throws IOException {
      Path statusDir = StackStatus.namespaceDir(this.statusDir);
      Path file;
      if (tun != null) {
        file = StackStatus.file(statusDir, tun);
      } else {
        List<Path> files;
        try (var s = java.nio.file.Files.list(statusDir)) {
          files = s.filter(p -> p.getFileName().toString().endsWith(StackStatus.SUFFIX)).sorted().toList();
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
          files = List.of();
        }
        if (files.size() > 1) {
          throw new InputException("several runs in " + statusDir + " ("
              + files.stream().map(p -> p.getFileName().toString().replace(StackStatus.SUFFIX, ""))
                  .collect(Collectors.joining(", ")) + "): choose one with --tun");
        }
        if (files.isEmpty()) {
          throw new InputException("no 'icmpkit stack run' is running (nothing in " + statusDir + ")");
        }
        file = files.getFirst();
      }
      StackStatus st;
      try {
        st = StackStatus.read(file);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new InputException("no 'icmpkit stack run' is serving " + tun + " (no " + file + ")", e);
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage(), e);
      }
      if (!st.alive()) {
        throw new InputException("the 'icmpkit stack run' of " + file + " (pid " + st.pid()
            + ") is no longer running");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s on %s (pid %d, %.1f s ago): %d membership%s%n", st.topology(), st.tun(), st.pid(),
          Math.max(0, System.currentTimeMillis() - st.writtenMillis()) / 1000.0, st.groups().size(),
          st.groups().size() == 1 ? "" : "s");
      for (StackStatus.Group g : st.groups()) {
        out.println("  " + g);
      }
      out.flush();
      return 0;
    }
  }

  /** Writes every TUN packet to a pcap file (raw IP), stamped with wall-clock time. */
  private static final class PcapTap implements TunNetwork.PacketTap, AutoCloseable {
    private final PcapWriter writer;
    private final long epochNanosAtZero;
    IOException failure;

    PcapTap(Path file) {
      try {
        this.writer = PcapWriter.create(file, LinkType.RAW, true);
      } catch (IOException e) {
        throw new InputException(file + ": cannot write: " + e.getMessage(), e);
      }
      this.epochNanosAtZero = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    }

    @Override
    public void packet(boolean fromHost, MemorySegment packet, long nowNanos) {
      if (failure != null) {
        return;
      }
      long epoch = epochNanosAtZero + nowNanos;
      try {
        writer.write(Math.floorDiv(epoch, 1_000_000_000L), (int) Math.floorMod(epoch, 1_000_000_000L),
            packet);
      } catch (IOException e) {
        failure = e; // reported on exit; the network keeps serving
      }
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  static String millis(Duration d) {
    return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + "ms" : (d.toNanos() / 1e6) + "ms";
  }

  static String percent(double p) {
    return (p * 100) + "%";
  }
}
