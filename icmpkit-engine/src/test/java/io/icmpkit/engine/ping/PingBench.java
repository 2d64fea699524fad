package io.icmpkit.engine.ping;

import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.testing.NetnsTopology;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ping engine against its peers, in one run, inside fixture namespaces (no traffic leaves them):
 *
 * <ol>
 *   <li>{@code rtt}: median RTT of the Pinger and of iputils {@code ping}, running at the same
 *       time on the same path (client → r1 → r2 → target) and on the namespace's loopback;
 *   <li>{@code flood}: replies per second, Pinger {@code flood(true)} vs {@code ping -f}, one
 *       after the other on the namespace's loopback (the Pinger twice: cold JVM, then warm), and
 *       what a probe costs: CPU and allocation of the engine thread (ThreadMXBean), CPU of
 *       {@code ping} ({@code /usr/bin/time});
 *   <li>{@code many}: N targets (made local with {@code ip route add local 10.202.0.0/18 dev
 *       lo}) pinged once each, through one Pinger vs {@code fping -c 1} over the same list: wall
 *       time, replies, peak heap (sampled) and process peak RSS.
 * </ol>
 *
 * Run by {@code tools/bench/ping_vs_peers.sh}; needs root, iputils-ping and fping. Every part is
 * bounded in count and by a timeout. Arguments: parts to run (default all), sizes by system
 * properties {@code rtt.count} (default 500), {@code flood.count} (100000), {@code many.targets}
 * (10000, at most 16000).
 */
public final class PingBench {
  private static final Pattern TIME = Pattern.compile("time=([0-9.]+) ms");
  private static final Pattern SUMMARY = Pattern.compile(
      "(\\d+) packets transmitted, (\\d+) received.*time (\\d+)ms");

  private PingBench() {}

  public static void main(String[] args) throws Exception {
    List<String> parts = args.length == 0 ? List.of("rtt", "flood", "many") : List.of(args);
    int rttCount = Math.min(Integer.getInteger("rtt.count", 500), 10_000);
    int floodCount = Math.min(Integer.getInteger("flood.count", 100_000), 1_000_000);
    int many = Math.min(Integer.getInteger("many.targets", 10_000), 16_000);
    System.out.printf(Locale.ROOT, "%d cores, load average %s%n",
        Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg"))
            .trim());
    try (NetnsTopology t = NetnsTopology.chain("client", "r1", "r2", "target").build()) {
      if (parts.contains("rtt")) {
        rtt(t, "path (2 routers)", t.ipv4("target"), rttCount);
        rtt(t, "path (2 routers)", t.ipv6("target"), rttCount);
        rtt(t, "loopback (namespace lo)", InetAddress.getByName("127.0.0.1"), rttCount);
      }
      if (parts.contains("flood")) {
        flood(t, floodCount);
      }
      if (parts.contains("many")) {
        many(t, many);
      }
    }
  }

  private static double median(long[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    long[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }

  /**
   * iputils and the Pinger (kernel timestamps, its default) at the same time, one probe per 10 ms
   * each to the same address; then, alone, the Pinger with {@code timestamps(false)} (clock read
   * before the send and when the engine thread handles the reply). Two Pinger runs at once would
   * disturb each other: with two runs at once, one of them measured 17 us and the other 33 us on
   * the 2-router path (each transmit timestamp checked to belong to its own probe; we read it as
   * a warm CPU and caches for the probe sent second), so each run gets its own window.
   */
  static void rtt(NetnsTopology t, String label, InetAddress target, int count)
      throws Exception {
    CompletableFuture<NetnsTopology.ExecResult> iputils = CompletableFuture.supplyAsync(() ->
        t.exec("client", "timeout", "120", "ping", "-c", Integer.toString(count), "-i", "0.01",
            target.getHostAddress()));
    List<Long> kernel = new ArrayList<>();
    List<Long> user = new ArrayList<>();
    try (Pinger p = t.call("client", () -> Pinger.builder().build())) {
      p.ping(PingRequest.builder(target).count(count).interval(Duration.ofMillis(10)).build(),
          collect(kernel)).get(120, TimeUnit.SECONDS);
      String out = iputils.get(150, TimeUnit.SECONDS).output();
      p.ping(PingRequest.builder(target).count(count).interval(Duration.ofMillis(10))
          .timestamps(false).build(), collect(user)).get(120, TimeUnit.SECONDS);
      report(label, target, kernel, user, out);
    }
  }

  private static void report(String label, InetAddress target, List<Long> kernel,
      List<Long> user, String out) {
    List<Long> theirs = new ArrayList<>();
    Matcher m = TIME.matcher(out);
    while (m.find()) {
      theirs.add(Math.round(Double.parseDouble(m.group(1)) * 1_000_000));
    }
    double k = median(kernel) / 1000;
    double u = median(user) / 1000;
    double i = median(theirs) / 1000;
    System.out.printf(Locale.ROOT, "RESULT rtt %-24s %-15s median us: icmpkit %7.1f (%d)"
            + "  iputils %7.1f (%d)  icmpkit-iputils %+7.1f  [icmpkit timestamps(false), after:"
            + " %7.1f (%d)]%n",
        label, target.getHostAddress(), k, kernel.size(), i, theirs.size(), k - i, u,
        user.size());
  }

  private static double median(List<Long> v) {
    return median(v.stream().mapToLong(Long::longValue).toArray());
  }

  private static PingListener collect(List<Long> rtts) {
    return new PingListener() {
      @Override
      public void onEvent(PingEvent e) {
        if (e instanceof PingEvent.Reply r && !r.duplicate() && !r.corrupted()) {
          rtts.add(r.rttNanos()); // engine thread only; read after the run's future completed
        }
      }
    };
  }

  /** CPU (user, system) and allocation of the engine thread over one flood, per probe. */
  record ThreadCost(double userMicros, double sysMicros, double allocBytes) {}

  private static PingStatistics floodOnce(NetnsTopology t, int count, ThreadCost[] cost)
      throws Exception {
    try (Pinger p = t.call("client", () -> Pinger.builder().build())) {
      Thread engine = Thread.getAllStackTraces().keySet().stream()
          .filter(x -> x.getName().equals("icmpkit-pinger")).findFirst().orElseThrow();
      var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long id = engine.threadId();
      long cpu0 = mx.getThreadCpuTime(id);
      long user0 = mx.getThreadUserTime(id);
      long alloc0 = mx.getThreadAllocatedBytes(id);
      PingStatistics s = p.ping(PingRequest.builder(InetAddress.getByName("127.0.0.1"))
          .count(count).flood(true).build(), PingListener.NONE).get(120, TimeUnit.SECONDS)
          .statistics();
      long user = mx.getThreadUserTime(id) - user0;
      long sys = mx.getThreadCpuTime(id) - cpu0 - user;
      cost[0] = new ThreadCost(user / 1e3 / count, sys / 1e3 / count,
          (double) (mx.getThreadAllocatedBytes(id) - alloc0) / count);
      return s;
    }
  }

  private static final Pattern TIME_CPU = Pattern.compile("CPU user ([0-9.]+) sys ([0-9.]+)");

  static void flood(NetnsTopology t, int count) throws Exception {
    for (String run : new String[] {"cold", "warm"}) {
      long t0 = System.nanoTime();
      ThreadCost[] cost = new ThreadCost[1];
      PingStatistics s = floodOnce(t, count, cost);
      double wall = (System.nanoTime() - t0) / 1e9;
      double secs = s.elapsedNanos() / 1e9;
      System.out.printf(Locale.ROOT, "RESULT flood icmpkit (%s JVM)   %d/%d replies in %.3f s"
              + " (own clock; wall %.3f s): %.0f replies/s; engine thread per probe: user %.2f"
              + " us, sys %.2f us, %.0f bytes allocated%n", run, s.received(), s.transmitted(),
          secs, wall, s.received() / secs, cost[0].userMicros(), cost[0].sysMicros(),
          cost[0].allocBytes());
    }
    long t0 = System.nanoTime();
    String out = t.exec("client", "/usr/bin/time", "-f", "CPU user %U sys %S", "timeout", "120",
        "ping", "-f", "-q", "-c", Integer.toString(count), "127.0.0.1").output();
    double wall = (System.nanoTime() - t0) / 1e9;
    Matcher m = SUMMARY.matcher(out);
    Matcher c = TIME_CPU.matcher(out);
    if (m.find()) {
      long rx = Long.parseLong(m.group(2));
      double secs = Long.parseLong(m.group(3)) / 1000.0;
      String cpu = !c.find() ? "" : String.format(Locale.ROOT,
          "; process per probe: user %.2f us, sys %.2f us",
          Double.parseDouble(c.group(1)) * 1e6 / count,
          Double.parseDouble(c.group(2)) * 1e6 / count);
      System.out.printf(Locale.ROOT, "RESULT flood ping -f            %d/%s replies in %.3f s"
          + " (own clock; wall %.3f s): %.0f replies/s%s%n", rx, m.group(1), secs, wall, rx / secs,
          cpu);
    } else {
      System.out.println("RESULT flood ping -f: no summary: " + out);
    }
  }

  static void many(NetnsTopology t, int n) throws Exception {
    t.exec("target", "ip", "route", "add", "local", "10.202.0.0/18", "dev", "lo");
    t.exec("target", "sysctl", "-q", "-w", "net.core.rmem_max=8388608");
    List<InetAddress> targets = new ArrayList<>();
    StringBuilder list = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) 202, (byte) (i >> 8),
          (byte) i});
      targets.add(a);
      list.append(a.getHostAddress()).append('\n');
    }
    Path file = Files.createTempFile("icmpkit-bench-targets", ".txt");
    try {
      Files.writeString(file, list);
      for (IcmpSocket.Kind kind : new IcmpSocket.Kind[] {IcmpSocket.Kind.DATAGRAM,
          IcmpSocket.Kind.RAW}) {
        manyOurs(t, targets, kind);
      }
      for (String interval : new String[] {"1", "0"}) {
        long t0 = System.nanoTime();
        String out = t.exec("target", "timeout", "300", "/usr/bin/time", "-f",
            "TIME %e s %M KB", "fping", "-c", "1", "-q", "-i", interval, "-f", file.toString())
            .output();
        double wall = (System.nanoTime() - t0) / 1e9;
        long ok = out.lines().filter(l -> l.contains("xmt/rcv/%loss = 1/1/")).count();
        String rss = out.lines().filter(l -> l.startsWith("TIME ")).findFirst().orElse("?");
        System.out.printf(Locale.ROOT, "RESULT many fping -c 1 -i %s     %d/%d replied, wall %.3f s,"
            + " peak RSS %s%n", interval, ok, n, wall, rss.replaceAll("^TIME .* s ", ""));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void manyOurs(NetnsTopology t, List<InetAddress> targets, IcmpSocket.Kind kind)
      throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long base = mem.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(base);
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = Thread.ofPlatform().daemon().start(() -> {
      while (sampling.get()) {
        peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    long replied = 0;
    double wall;
    try (Pinger p = t.call("target", () -> Pinger.builder().socketKind(kind).build())) {
      long t0 = System.nanoTime();
      List<CompletableFuture<PingResult>> runs = new ArrayList<>(targets.size());
      for (InetAddress a : targets) {
        runs.add(p.ping(PingRequest.builder(a).count(1).timeout(Duration.ofSeconds(2)).build(),
            PingListener.NONE));
      }
      for (CompletableFuture<PingResult> f : runs) {
        replied += f.get(120, TimeUnit.SECONDS).statistics().received();
      }
      wall = (System.nanoTime() - t0) / 1e9;
    } finally {
      sampling.set(false);
      sampler.join();
    }
    System.out.printf(Locale.ROOT, "RESULT many icmpkit %-8s        %d/%d replied, wall %.3f s,"
            + " peak heap %.1f MB above a %.1f MB base; process peak RSS %s%n", kind, replied,
        targets.size(), wall, (peak.get() - base) / 1e6, base / 1e6, vmHwm());
  }

  private static String vmHwm() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst()
        .orElse("?");
  }
}
