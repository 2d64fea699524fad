package io.icmpkit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@code chain("client", "r1", "r2", "target")} topology into an ECMP diamond: a second
 * router {@code r2b} (its own namespace, 10.210.1.2 towards r1, 10.210.2.1 towards the target)
 * and a two-way multipath route on r1 to the target's subnet, hashed on layer 4
 * ({@code fib_multipath_hash_policy=1}). {@link #close()} deletes r2b's namespace; the chain's own
 * namespaces go with the chain.
 */
public final class EcmpDiamond implements AutoCloseable {
  /** r2b's address on the r1 side: the second branch's hop-2 responder. */
  public static final String SECOND_BRANCH = "10.210.1.2";

  private final String ip;
  private final String namespace;

  private EcmpDiamond(String ip, String namespace) {
    this.ip = ip;
    this.namespace = namespace;
  }

  /**
   * Adds r2b to {@code t}; {@code tag} (a few letters) names its namespace and veths so that
   * several test classes can build diamonds side by side.
   */
  public static EcmpDiamond add(NetnsTopology t, String tag) {
    String ip = Requirements.ipTool().orElseThrow().toString();
    String r2b = NetnsTopology.PREFIX + ProcessHandle.current().pid() + "-" + tag + "-r2b";
    EcmpDiamond d = new EcmpDiamond(ip, r2b);
    String r1 = t.namespace("r1");
    String target = t.namespace("target");
    d.ip("netns", "add", r2b);
    d.ip("-n", r2b, "link", "set", "lo", "up");
    check(List.of(ip, "netns", "exec", r2b, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
        "net.ipv4.icmp_ratelimit=0", "net.ipv4.icmp_msgs_per_sec=1000000",
        "net.ipv4.icmp_msgs_burst=1000000"));
    d.ip("link", "add", tag + "a", "netns", r1, "type", "veth", "peer", "name", tag + "b", "netns",
        r2b);
    d.ip("link", "add", tag + "c", "netns", r2b, "type", "veth", "peer", "name", tag + "d",
        "netns", target);
    d.ip("-n", r1, "addr", "add", "10.210.1.1/24", "dev", tag + "a");
    d.ip("-n", r2b, "addr", "add", SECOND_BRANCH + "/24", "dev", tag + "b");
    d.ip("-n", r2b, "addr", "add", "10.210.2.1/24", "dev", tag + "c");
    d.ip("-n", target, "addr", "add", "10.210.2.2/24", "dev", tag + "d");
    d.ip("-n", r1, "link", "set", tag + "a", "up");
    d.ip("-n", r2b, "link", "set", tag + "b", "up");
    d.ip("-n", r2b, "link", "set", tag + "c", "up");
    d.ip("-n", target, "link", "set", tag + "d", "up");
    d.ip("-n", r2b, "route", "add", "10.200.3.0/24", "via", "10.210.2.2");
    d.ip("-n", r2b, "route", "add", "10.200.1.0/24", "via", "10.210.1.1");
    d.ip("-n", r1, "route", "replace", "10.200.3.0/24",
        "nexthop", "via", t.ipv4("r2", 2).getHostAddress(), "nexthop", "via", SECOND_BRANCH);
    t.sysctl("r1", "net.ipv4.fib_multipath_hash_policy", "1");
    return d;
  }

  private void ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ip));
    cmd.addAll(List.of(args));
    check(cmd);
  }

  /** Runs a command (bounded: 30 s), failing with its output when it fails. */
  private static void check(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(cmd + ": " + out);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    check(List.of(ip, "netns", "delete", namespace));
  }
}
