package io.icmpkit.stack.phy.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.socket.tun.TunDevice;
import io.icmpkit.stack.topology.Topology;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.testing.Requirements;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * A topology served on a TUN device inside the "client" namespace of a test {@link NetnsTopology}:
 * tools run there with {@link #exec} reach the virtual network and nothing else. Every packet
 * crossing the TUN is kept (bounded) for assertions.
 */
final class StackFixture implements AutoCloseable {
  static final Path SAMPLES = Path.of("..", "samples", "topologies");
  static final int MAX_KEPT = 20_000;

  /** A packet seen on the TUN device. */
  record Seen(boolean fromHost, byte[] bytes) {
    int version() {
      return (bytes[0] >> 4) & 0xf;
    }

    /** The ICMP (v4) type, or -1 when not ICMPv4. */
    int icmpType() {
      if (version() != 4 || bytes.length < 22 || bytes[9] != 1) {
        return -1;
      }
      int ihl = (bytes[0] & 0xf) * 4;
      int off = ((bytes[6] & 0x1f) << 8 | bytes[7] & 0xff);
      return off != 0 || bytes.length <= ihl ? -1 : bytes[ihl] & 0xff;
    }

    /** An ICMPv4 or ICMPv6 error (types 3, 4, 5, 11, 12; ICMPv6 1 to 4). */
    boolean isIcmpError() {
      int t = icmpType();
      if (t >= 0) {
        return t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
      }
      if (version() == 6 && bytes.length > 40 && (bytes[6] & 0xff) == 58) {
        int t6 = bytes[40] & 0xff;
        return t6 >= 1 && t6 <= 4;
      }
      return false;
    }
  }

  final NetnsTopology net;
  final Topology topology;
  final TunDevice tun;
  final TunNetwork served;
  final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;

  StackFixture(NetnsTopology net, Topology topology) {
    this.net = net;
    this.topology = topology;
    this.tun = net.call("client", () -> TunDevice.open(topology.host().tun()));
    try {
      HostSetup.of(topology, tun.name()).apply(List.of(ip(), "-n", net.namespace("client")));
      this.served = new TunNetwork(tun, topology, (fromHost, p, now) -> {
        if (seen.size() < MAX_KEPT) {
          seen.add(new Seen(fromHost, p.toArray(ValueLayout.JAVA_BYTE)));
        }
      });
      this.thread = Thread.ofPlatform().daemon().name("stack-" + topology.name())
          .start(served::run);
    } catch (RuntimeException e) {
      tun.close();
      throw e;
    }
  }

  static StackFixture sample(NetnsTopology net, String file) {
    return new StackFixture(net, Topology.load(SAMPLES.resolve(file)));
  }

  /**
   * {@code topology} with ICMP rate limiting off on every node: for tests of tools that send
   * many probes in a burst (traceroute, mtr), whose answers would otherwise follow the
   * per-destination bucket (1/s, burst 6) as they do from Linux routers.
   */
  static Topology withoutRateLimit(Topology t) {
    Topology.Config off = new Topology.Config(java.util.Optional.of(false),
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.Optional.empty());
    List<Topology.NodeSpec> nodes = t.nodes().stream().map(n -> new Topology.NodeSpec(n.name(),
        n.router(), n.interfaces(), n.routes(), n.autoRoutes(), n.udpListeners(), n.prohibit(),
        off.over(n.config()))).toList();
    return new Topology(t.name(), t.host(), nodes, t.links(), t.defaults());
  }

  static String ip() {
    return Requirements.ipTool().orElseThrow().toString();
  }

  /** Runs a command in the client namespace; returns its output (exit code checked by caller). */
  NetnsTopology.ExecResult exec(String... command) {
    return net.exec("client", command);
  }

  /** Runs a command that must exit 0; returns its output. */
  String run(String... command) {
    NetnsTopology.ExecResult r = exec(command);
    assertThat(r.exitCode()).as(String.join(" ", command) + "\n" + r.output()).isZero();
    return r.output();
  }

  /**
   * Runs a Scapy script (Debian's /usr/bin/python3) in the client namespace; {@code from
   * scapy.all import *} is done. Returns its output; fails on a non-zero exit.
   */
  String scapy(String script) {
    return run("/usr/bin/python3", "-c", "import logging\n"
        + "logging.getLogger('scapy.runtime').setLevel(logging.ERROR)\n"
        + "from scapy.all import *\nconf.verb = 0\n" + script);
  }

  /** Waits until the network has delivered what is in flight (the topologies' RTTs are < 50 ms). */
  static void settle() throws InterruptedException {
    Thread.sleep(400);
  }

  /** Forgets the host's learned path MTUs (so every test starts as a fresh host would). */
  void flushRouteCache() {
    exec(ip(), "route", "flush", "cache");
    exec(ip(), "-6", "route", "flush", "cache");
  }

  long count(Predicate<Seen> p) {
    synchronized (seen) {
      return seen.stream().filter(p).count();
    }
  }

  void clearSeen() {
    seen.clear();
  }

  static MemorySegment copy(byte[] b) {
    return MemorySegment.ofArray(b.clone());
  }

  @Override
  public void close() throws Exception {
    served.stop();
    tun.close();
    served.awaitStopped(Duration.ofSeconds(5));
    thread.join(5_000);
  }
}
