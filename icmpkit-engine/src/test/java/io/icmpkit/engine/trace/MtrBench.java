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
 * Time to an mtr report of one cycle ({@code -c 1}, interval 1 s, grace 5 s, mtr's defaults):
 * {@link MtrSession} in a warm JVM against {@code mtr -n --report -c 1}, on TraceBench's
 * topology (4 hops; and a 30-hop path silent after r3). Figures in docs/BENCHMARKS.md, section (h); run by
 * tools/bench/mtr_vs_peers.sh (root).
 */
public final class MtrBench {
  private MtrBench() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("mtr.runs", 3);
    try (NetnsTopology t = NetnsTopology.chain("client", "r1", "r2", "r3", "target").build()) {
      String r1 = t.ipv4("r1", 1).getHostAddress();
      t.exec("client", "ip", "route", "add", "10.205.0.0/24", "via", r1);
      t.exec("r1", "ip", "route", "add", "10.205.0.0/24", "via", t.ipv4("r2", 2).getHostAddress());
      t.exec("r2", "ip", "route", "add", "10.205.0.0/24", "via", t.ipv4("r3", 3).getHostAddress());
      t.exec("r3", "ip", "route", "add", "blackhole", "10.205.0.0/24");
      InetAddress target = t.ipv4("target");
      InetAddress dark = InetAddress.getByName("10.205.0.1");
      System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s%n", "case (ms, median of " + runs + ")",
          "median", "min", "max");
      row("MtrSession ICMP -c 1, 4 hops", runs, () -> session(t, target));
      row("mtr -n --report -c 1, 4 hops", runs,
          () -> exec(t, "mtr", "-n", "--report", "-c", "1", target.getHostAddress()));
      row("MtrSession ICMP -c 1, 30 hops, 27 silent", runs, () -> session(t, dark));
      row("mtr -n --report -c 1, 30 hops, 27 silent", runs,
          () -> exec(t, "mtr", "-n", "--report", "-c", "1", dark.getHostAddress()));
    }
  }

  private static double session(NetnsTopology t, InetAddress dst) {
    return t.call("client", () -> {
      long t0 = System.nanoTime();
      try (MtrSession s = new MtrSession(TraceRequest.to(dst).method(ProbeMethod.ICMP)
          .packetLength(64).waitMax(Duration.ofSeconds(5)).build(), Duration.ofSeconds(1))) {
        s.cycle();
        s.drain(Duration.ofSeconds(5));
        if (s.hops().isEmpty()) {
          throw new IllegalStateException("no hops");
        }
      }
      return (System.nanoTime() - t0) / 1e6;
    });
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
