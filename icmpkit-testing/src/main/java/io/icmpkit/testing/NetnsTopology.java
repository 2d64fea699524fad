package io.icmpkit.testing;

import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.lib.Linux;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A chain of Linux network namespaces joined by veth pairs, with IPv4 and IPv6 forwarding on the
 * inner nodes: for {@code chain("client", "r1", "r2", "target")}
 *
 * <pre>
 *  client ──link 1── r1 ──link 2── r2 ──link 3── target
 *  10.200.1.1  10.200.1.2  10.200.2.1  10.200.2.2  10.200.3.1  10.200.3.2
 *  fd00:200:1::1 ...                                            fd00:200:3::2
 * </pre>
 *
 * Link {@code j} joins node {@code j-1} (address {@code .1}, interface {@code vethJa}) and node
 * {@code j} ({@code .2}, {@code vethJb}); prefixes are {@code 10.200.j.0/24} and
 * {@code fd00:200:j::/64}. Every node routes every other link's prefix through its neighbours, so
 * any node reaches any address of the topology; nothing routes anywhere else. Tests must only use
 * the addresses this class returns.
 *
 * <p>Every namespace gets {@code net.ipv4.ping_group_range="0 2147483647"} (ping sockets for all
 * groups), forwarding on, and ICMP rate limits off (per-destination limits 0, global limit 10^6/s) (so error tests are deterministic). Namespace
 * names are {@code ikt-<pid>-<random>-<node>}: unique per run, and a later run deletes leftovers of
 * a crashed one (whose pid is gone). {@link #close()} deletes everything, also after a failed test;
 * a JVM shutdown hook covers an interrupted run.
 *
 * <p>{@link #call(String, Callable)} runs code inside a namespace on a dedicated platform thread
 * that joined it with {@code setns(2)}; sockets opened there stay in that namespace and may be used
 * from any thread afterwards.
 */
public final class NetnsTopology implements AutoCloseable {
  /** Prefix of every namespace this fixture creates. */
  public static final String PREFIX = "ikt-";
  private static final Path NETNS_DIR = Path.of("/var/run/netns");

  private final String ip;
  private final String runId;
  private final List<String> nodes;
  private final Map<String, String> namespaces = new LinkedHashMap<>();
  private final Map<Integer, Integer> mtus;
  private final Thread shutdownHook;
  private volatile boolean closed;

  /** A topology builder for a chain of nodes (at least two), in order. */
  public static Builder chain(String... nodes) {
    return new Builder(List.of(nodes));
  }

  /** Settings of a topology before it is created. */
  public static final class Builder {
    private final List<String> nodes;
    private final Map<Integer, Integer> mtus = new LinkedHashMap<>();

    private Builder(List<String> nodes) {
      if (nodes.size() < 2 || nodes.size() > 250) {
        throw new IllegalArgumentException("a chain needs 2 to 250 nodes");
      }
      if (nodes.stream().distinct().count() != nodes.size()) {
        throw new IllegalArgumentException("node names must be distinct: " + nodes);
      }
      for (String n : nodes) {
        if (!n.matches("[a-z0-9]{1,12}")) {
          throw new IllegalArgumentException("node name must be [a-z0-9]{1,12}: " + n);
        }
      }
      this.nodes = nodes;
    }

    /** Sets the MTU of link {@code link} (1-based; both ends). */
    public Builder linkMtu(int link, int mtu) {
      if (link < 1 || link >= nodes.size()) {
        throw new IllegalArgumentException("no link " + link);
      }
      if (mtu < 68 || mtu > 65535) {
        throw new IllegalArgumentException("MTU out of range: " + mtu);
      }
      mtus.put(link, mtu);
      return this;
    }

    /** Creates the namespaces, links, addresses and routes (needs root: see {@link Requirements}). */
    public NetnsTopology build() {
      return new NetnsTopology(nodes, Map.copyOf(mtus));
    }
  }

  private NetnsTopology(List<String> nodes, Map<Integer, Integer> mtus) {
    this.ip = Requirements.ipTool().orElseThrow(() -> new IllegalStateException("no ip tool"))
        .toString();
    this.nodes = List.copyOf(nodes);
    this.mtus = mtus;
    this.runId = ProcessHandle.current().pid() + "-"
        + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    for (String n : nodes) {
      namespaces.put(n, PREFIX + runId + "-" + n);
    }
    deleteLeftovers(ip);
    this.shutdownHook = new Thread(this::deleteAll, "icmpkit-netns-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      create();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void create() {
    int n = nodes.size();
    for (String node : nodes) {
      String ns = namespaces.get(node);
      ip("netns", "add", ns);
      ip("-n", ns, "link", "set", "lo", "up");
      // -e: ignore keys an older kernel lacks; the essential ones are checked below
      Shell.check(List.of(ip, "netns", "exec", ns, "sysctl", "-q", "-e", "-w",
          "net.ipv4.ping_group_range=0 2147483647",
          "net.ipv4.ip_forward=1",
          "net.ipv6.conf.all.forwarding=1",
          "net.ipv4.icmp_ratelimit=0",
          "net.ipv4.icmp_msgs_per_sec=1000000",
          "net.ipv4.icmp_msgs_burst=1000000",
          "net.ipv6.icmp.ratelimit=0",
          "net.ipv6.conf.default.accept_dad=0",
          "net.ipv6.conf.all.accept_dad=0"));
    }
    for (int j = 1; j < n; j++) {
      String left = namespaces.get(nodes.get(j - 1));
      String right = namespaces.get(nodes.get(j));
      String a = "veth" + j + "a";
      String b = "veth" + j + "b";
      ip("link", "add", a, "netns", left, "type", "veth", "peer", "name", b, "netns", right);
      for (String[] end : new String[][] {{left, a, "1"}, {right, b, "2"}}) {
        if (mtus.containsKey(j)) {
          ip("-n", end[0], "link", "set", end[1], "mtu", Integer.toString(mtus.get(j)));
        }
        ip("-n", end[0], "addr", "add", "10.200." + j + "." + end[2] + "/24", "dev", end[1]);
        ip("-n", end[0], "addr", "add", "fd00:200:" + j + "::" + end[2] + "/64", "dev", end[1],
            "nodad");
        ip("-n", end[0], "link", "set", end[1], "up");
      }
    }
    // routes: node i reaches link k (not adjacent) left via link i, right via link i+1
    for (int i = 0; i < n; i++) {
      String ns = namespaces.get(nodes.get(i));
      for (int k = 1; k < n; k++) {
        if (k == i || k == i + 1) {
          continue;
        }
        boolean leftward = k < i;
        String gw4 = leftward ? "10.200." + i + ".1" : "10.200." + (i + 1) + ".2";
        String gw6 = leftward ? "fd00:200:" + i + "::1" : "fd00:200:" + (i + 1) + "::2";
        ip("-n", ns, "route", "add", "10.200." + k + ".0/24", "via", gw4);
        ip("-6", "-n", ns, "route", "add", "fd00:200:" + k + "::/64", "via", gw6);
      }
    }
  }

  private String ip(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ip);
    cmd.addAll(List.of(args));
    return Shell.check(cmd);
  }

  /** The node names in chain order. */
  public List<String> nodes() {
    return nodes;
  }

  /** The namespace name of {@code node} (for {@code ip netns exec}). */
  public String namespace(String node) {
    String ns = namespaces.get(node);
    if (ns == null) {
      throw new IllegalArgumentException("no node " + node + " in " + nodes);
    }
    return ns;
  }

  private int index(String node) {
    namespace(node);
    return nodes.indexOf(node);
  }

  /** Link numbers of {@code node}: the one toward the first node, then the other (1 or 2). */
  public List<Integer> links(String node) {
    int i = index(node);
    List<Integer> l = new ArrayList<>();
    if (i > 0) {
      l.add(i);
    }
    if (i < nodes.size() - 1) {
      l.add(i + 1);
    }
    return l;
  }

  /** The IPv4 address of {@code node} on {@code link}. */
  public InetAddress ipv4(String node, int link) {
    return addr("10.200." + link + "." + end(node, link));
  }

  /** The IPv6 address of {@code node} on {@code link}. */
  public InetAddress ipv6(String node, int link) {
    return addr("fd00:200:" + link + "::" + end(node, link));
  }

  /**
   * The primary IPv4 address of {@code node}: on its link toward the first node (for the first
   * node: its only link). For a router this is the source of the ICMP errors it sends toward the
   * first node.
   */
  public InetAddress ipv4(String node) {
    return ipv4(node, links(node).getFirst());
  }

  /** The primary IPv6 address of {@code node} (see {@link #ipv4(String)}). */
  public InetAddress ipv6(String node) {
    return ipv6(node, links(node).getFirst());
  }

  /** The interface name of {@code node} on {@code link} ({@code vethJa} or {@code vethJb}). */
  public String interfaceName(String node, int link) {
    return "veth" + link + (end(node, link) == 1 ? "a" : "b");
  }

  private int end(String node, int link) {
    int i = index(node);
    if (link == i + 1) {
      return 1;
    }
    if (link == i) {
      return 2;
    }
    throw new IllegalArgumentException(node + " is not on link " + link);
  }

  private static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s); // a literal: no name lookup
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Sets a sysctl inside {@code node}'s namespace ({@code ip netns exec NS sysctl -w k=v}). */
  public void sysctl(String node, String key, String value) {
    Shell.check(List.of(ip, "netns", "exec", namespace(node), "sysctl", "-q", "-w",
        key + "=" + value));
  }

  /** Runs a command inside {@code node}'s namespace; returns exit code and output. */
  public ExecResult exec(String node, String... command) {
    List<String> cmd = new ArrayList<>(List.of(ip, "netns", "exec", namespace(node)));
    cmd.addAll(List.of(command));
    Shell.Result r = Shell.run(cmd);
    return new ExecResult(r.exitCode(), r.output());
  }

  /** Exit code and combined stdout/stderr of {@link #exec}. */
  public record ExecResult(int exitCode, String output) {}

  /** Code run in a namespace. */
  @FunctionalInterface
  public interface NetnsCallable<T> {
    T call() throws Exception;
  }

  /** Code run in a namespace, without a result. */
  @FunctionalInterface
  public interface NetnsRunnable {
    void run() throws Exception;
  }

  /**
   * Runs {@code task} on a new platform thread that first joins {@code node}'s network namespace
   * ({@code setns(fd of /var/run/netns/NS, CLONE_NEWNET)}), and returns its result. Exceptions of
   * the task are rethrown as they are (checked ones wrapped in a RuntimeException).
   */
  public <T> T call(String node, NetnsCallable<T> task) {
    String ns = namespace(node);
    FutureTask<T> f = new FutureTask<>((Callable<T>) () -> {
      enter(ns);
      return task.call();
    });
    Thread t = Thread.ofPlatform().daemon().name("netns-" + node).start(f);
    try {
      return f.get();
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running in " + ns, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new RuntimeException(c);
    }
  }

  /** {@link #call} without a result. */
  public void run(String node, NetnsRunnable task) {
    call(node, () -> {
      task.run();
      return null;
    });
  }

  /** Moves the calling thread into namespace {@code ns} (a name under /var/run/netns). */
  static void enter(String ns) {
    LibC c = Native.libc();
    try (Arena arena = Arena.ofConfined()) {
      int fd = NativeException.check("open " + NETNS_DIR.resolve(ns), c.open(
          arena.allocateFrom(NETNS_DIR.resolve(ns).toString()), Linux.O_RDONLY | Linux.O_CLOEXEC,
          0));
      try {
        NativeException.check("setns", c.setns(fd, Linux.CLONE_NEWNET));
      } finally {
        c.close(fd);
      }
    }
  }

  /** Deletes every namespace of this topology. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    deleteAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or ran
    }
  }

  private synchronized void deleteAll() {
    if (closed) {
      return;
    }
    closed = true;
    for (String ns : namespaces.values()) {
      if (Files.exists(NETNS_DIR.resolve(ns))) {
        Shell.run(List.of(ip, "netns", "del", ns)); // veths die with their namespace
      }
    }
  }

  /** Deletes {@code ikt-<pid>-...} namespaces whose process is gone (a crashed earlier run). */
  static void deleteLeftovers(String ip) {
    if (!Files.isDirectory(NETNS_DIR)) {
      return;
    }
    List<String> stale = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(NETNS_DIR, PREFIX + "*")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        String[] parts = name.split("-");
        if (parts.length < 4) {
          continue;
        }
        try {
          long pid = Long.parseLong(parts[1]);
          if (ProcessHandle.of(pid).isEmpty()) {
            stale.add(name);
          }
        } catch (NumberFormatException e) {
          // not ours
        }
      }
    } catch (IOException e) {
      return;
    }
    for (String name : stale) {
      System.err.println("[icmpkit-testing] deleting leftover namespace " + name);
      Shell.run(List.of(ip, "netns", "del", name));
    }
  }
}
