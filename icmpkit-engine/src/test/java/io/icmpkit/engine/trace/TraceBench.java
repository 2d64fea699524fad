package io.icmpkit.engine.trace;

import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Time to a complete trace, the Tracer (in a warm JVM) against Linux traceroute (default
 * {@code -N 16}) and {@code mtr --report -c 1}, in one run on one topology: {@code client - r1 -
 * r2 - r3 - target} (4 hops), and a 30-hop path that stops answering after r3 (r3 drops what it
 * would forward to 10.205.0.0/24, so hops 4 to 30 are stars). Run by tools/bench/trace_vs_peers.sh;
 * figures in docs/BENCHMARKS.md, section (h). Peers run through {@code ip netns exec} (its cost, measured
 * with {@code true}, is printed so it can be subtracted).
 */
public final class TraceBench {
  private TraceBench() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("trace.runs", 5);
    try (NetnsTopology t = NetnsTopology.chain("client", "r1", "r2", "r3", "target").build()) {
      String r1 = t.ipv4("r1", 1).getHostAddress();
      t.exec("client", "ip", "route", "add", "10.205.0.0/24", "via", r1);
      t.exec("r1", "ip", "route", "add", "10.205.0.0/24", "via", t.ipv4("r2", 2).getHostAddress());
      t.exec("r2", "ip", "route", "add", "10.205.0.0/24", "via", t.ipv4("r3", 3).getHostAddress());
      t.exec("r3", "ip", "route", "add", "blackhole", "10.205.0.0/24");
      String target = t.ipv4("target").getHostAddress();
      InetAddress dark = InetAddress.getByName("10.205.0.1");
      System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s%n", "case (ms, median of " + runs + ")",
          "median", "min", "max");
      row("ip netns exec true (process overhead)", runs, () -> exec(t, "true"));
      for (ProbeMethod m : List.of(ProbeMethod.UDP, ProbeMethod.ICMP, ProbeMethod.TCP)) {
        InetAddress dst = t.ipv4("target");
        row("Tracer " + m + " 4 hops", runs, () -> t.call("client", () -> timed(() ->
            Tracer.trace(TraceRequest.to(dst).method(m).build()))));
      }
      row("traceroute -n 4 hops", runs, () -> exec(t, "traceroute", "-n", target));
      row("traceroute -n -I 4 hops", runs, () -> exec(t, "traceroute", "-n", "-I", target));
      row("traceroute -n -T 4 hops", runs, () -> exec(t, "traceroute", "-n", "-T", target));
      row("mtr -n --report -c 1 4 hops", runs,
          () -> exec(t, "mtr", "-n", "--report", "-c", "1", target));
      int darkRuns = Math.min(runs, 2);
      row("Tracer UDP 30 hops, 27 silent (-w 1)", darkRuns, () -> t.call("client", () -> timed(
          () -> Tracer.trace(TraceRequest.to(dark).waitMax(Duration.ofSeconds(1)).build()))));
      row("traceroute -n -w 1, 30 hops, 27 silent", darkRuns,
          () -> exec(t, "traceroute", "-n", "-w", "1", "10.205.0.1"));
      row("mtr -n --report -c 1, 30 hops, 27 silent", darkRuns,
          () -> exec(t, "mtr", "-n", "--report", "-c", "1", "10.205.0.1"));
    }
  }

  private static double timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double exec(NetnsTopology t, String... cmd) {
    long t0 = System.nanoTime();
    NetnsTopology.ExecResult r = t.exec("client", cmd);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (r.exitCode() != 0) {
      throw new IllegalStateException(Arrays.toString(cmd) + ": " + r.output());
    }
    return ms;
  }

  private static void row(String name, int runs, Supplier<Double> one) {
    one.get(); // warm-up, not counted
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      v.add(one.get());
    }
    v.sort(null);
    System.out.printf(Locale.ROOT, "%-44s %10.1f %10.1f %10.1f%n", name, v.get(v.size() / 2),
        v.getFirst(), v.getLast());
  }
}
