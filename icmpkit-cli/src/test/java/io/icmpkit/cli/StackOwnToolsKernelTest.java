package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.socket.tun.TunDevice;
import io.icmpkit.stack.phy.tun.HostSetup;
import io.icmpkit.stack.phy.tun.TunNetwork;
import io.icmpkit.stack.topology.Prefix;
import io.icmpkit.stack.topology.Topology;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.testing.Requirements;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our own traceroute, tracepath and sweep (in-process, {@link Main#run} on a thread inside the
 * namespace holding the TUN) against icmpkit-stack serving samples/topologies: every output shows
 * what the topology file says, and the same as Debian's traceroute / iputils tracepath there.
 * Expectations are read from the topology file itself, not restated.
 */
@Tag("integration")
class StackOwnToolsKernelTest {
  static final Path SAMPLES = Path.of("..", "samples", "topologies");

  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  /** A topology served on a TUN in the client namespace until closed. */
  record Served(TunDevice tun, TunNetwork network, Thread thread) implements AutoCloseable {
    static Served start(NetnsTopology net, Topology t) {
      TunDevice tun = net.call("client", () -> TunDevice.open(t.host().tun()));
      try {
        HostSetup.of(t, tun.name()).apply(List.of(Requirements.ipTool().orElseThrow().toString(),
            "-n", net.namespace("client")));
        TunNetwork n = new TunNetwork(tun, t, TunNetwork.PacketTap.NONE);
        return new Served(tun, n, Thread.ofPlatform().daemon().name("stack-" + t.name()).start(n::run));
      } catch (RuntimeException e) {
        tun.close();
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      network.stop();
      network.awaitStopped(Duration.ofSeconds(5));
      tun.close();
      thread.join(5_000);
    }
  }

  /**
   * {@code t} without ICMP rate limiting: traceroute keeps 16 probes in flight, so the target's
   * Port Unreachables would otherwise follow its per-destination bucket (burst 6), as they do from
   * a Linux host — a later trace in the same second then shows '*' at the last hop.
   */
  static Topology withoutRateLimit(Topology t) {
    Topology.Config off = new Topology.Config(Optional.of(false), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    List<Topology.NodeSpec> nodes = t.nodes().stream().map(n -> new Topology.NodeSpec(n.name(),
        n.router(), n.interfaces(), n.routes(), n.autoRoutes(), n.udpListeners(), n.prohibit(),
        off.over(n.config()))).toList();
    return new Topology(t.name(), t.host(), nodes, t.links(), t.defaults());
  }

  static StackCommandTest.Run ours(NetnsTopology net, String... args) {
    return net.call("client", () -> StackCommandTest.run(args));
  }

  static String v4(Topology t, String node) {
    return t.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow()
        .interfaces().getFirst().addresses().stream().filter(p -> p.address() instanceof Inet4Address)
        .findFirst().orElseThrow().address().getHostAddress();
  }

  /** The hop lines the topology implies: the ingress address of each node, MPLS labels if any. */
  static List<String> expectedHops(Topology t, List<String> path) {
    return path.stream().map(node -> {
      Topology.InterfaceSpec in = t.nodes().stream().filter(n -> n.name().equals(node))
          .findFirst().orElseThrow().interfaces().getFirst();
      String labels = in.mplsLabels().stream().map(l -> " <MPLS:L=" + l + ",E=0,S=1,T=1>")
          .collect(Collectors.joining());
      return (path.indexOf(node) + 1) + "  " + v4(t, node) + labels + "  ";
    }).toList();
  }

  static void assertHops(String out, List<String> hops) {
    for (String h : hops) {
      assertThat(out).containsPattern("\\n ?" + Pattern.quote(h) + "\\d");
    }
    assertThat(out).doesNotContainPattern("\\n ?" + (hops.size() + 1) + "  ");
    assertThat(out.lines().filter(l -> l.contains("MPLS")).count())
        .isEqualTo(hops.stream().filter(h -> h.contains("MPLS")).count());
  }

  @Test
  void tracerouteTracepathOverPath5() throws Exception {
    Topology t = withoutRateLimit(Topology.load(SAMPLES.resolve("path5.yaml")));
    NetnsTopology net = NET.topology();
    List<String> hops = expectedHops(t, List.of("r1", "r2", "r3", "r4", "target"));
    assertThat(hops.get(2)).contains("<MPLS:L=16003,");
    assertThat(hops.get(3)).contains("<MPLS:L=16004,");
    String target = v4(t, "target");
    try (Served s = Served.start(net, t)) {
      for (String mode : new String[] {"", "-U", "-I"}) {
        List<String> args = new java.util.ArrayList<>(List.of("traceroute", "-n", "-e", "-w", "2", "-q", "1"));
        if (!mode.isEmpty()) {
          args.add(mode);
        }
        args.add(target);
        StackCommandTest.Run r = ours(net, args.toArray(String[]::new));
        System.out.println("icmpkit " + args + "\n" + r.out() + r.err());
        assertThat(r.rc()).as(r.err()).isZero();
        assertHops(r.out(), hops);
        // Debian's traceroute (the oracle) agrees hop for hop
        List<String> cmd = new java.util.ArrayList<>(args);
        String debian = net.exec("client", cmd.toArray(String[]::new)).output();
        System.out.println(debian);
        assertHops(debian, hops);
      }
      // TCP SYN probes: the same hops. Not the labels: our -T (a TCP socket, "privileged": false
      // even as root) shows none with -e, while Debian's -T -e (a raw socket) shows the stack's
      // labels: reported to the traceroute owners, not asserted here
      StackCommandTest.Run tcp = ours(net, "traceroute", "-n", "-T", "-w", "2", "-q", "1", target);
      System.out.println(tcp.out() + tcp.err());
      assertThat(tcp.rc()).as(tcp.err()).isZero();
      List<String> path = List.of("r1", "r2", "r3", "r4", "target");
      for (int i = 0; i < path.size(); i++) {
        assertThat(tcp.out()).containsPattern("\\n ?" + (i + 1) + "  " + Pattern.quote(v4(t, path.get(i))) + " ");
      }
      assertThat(tcp.out()).doesNotContainPattern("\\n ?6  ");
      // IPv6 Packet Too Big from r3 (the r3-r4 link's MTU), as iputils ping prints it
      net.exec("client", "ip", "-6", "route", "flush", "cache");
      StackCommandTest.Run ptb = ours(net, "ping", "-6", "-n", "-c", "1", "-W", "2", "-M", "do",
          "-s", "1400", "2001:db8:4::2");
      System.out.println(ptb.out() + ptb.err());
      assertThat(ptb.out()).contains("From 2001:db8:2::2 icmp_seq=1 Packet too big: mtu=1400");
      assertThat(ptb.rc()).isEqualTo(1);
      // tracepath: r3's Frag Needed (the r3-r4 link's MTU) to the hop-4 probe, then reached at 5
      int mtu = t.links().stream().filter(l -> l.name().equals("r3-r4")).findFirst().orElseThrow().mtu();
      for (String dst : List.of(target, "2001:db8:4::2")) {
        net.exec("client", "ip", "route", "flush", "cache");
        net.exec("client", "ip", "-6", "route", "flush", "cache");
        StackCommandTest.Run r = ours(net, "tracepath", "-n", dst);
        System.out.println(r.out() + r.err());
        assertThat(r.rc()).as(r.err()).isZero();
        String r3 = dst.contains(":") ? "2001:db8:2::2" : v4(t, "r3");
        assertThat(r.out()).containsPattern(" 4:  " + Pattern.quote(r3) + " .* pmtu " + mtu + "\\s*\\n")
            .contains("Resume: pmtu " + mtu + " hops 5 back 5");
      }
    }
  }

  @Test
  void sweepFindsExactlyTheLanHosts() throws Exception {
    Topology t = Topology.load(SAMPLES.resolve("lan.yaml"));
    NetnsTopology net = NET.topology();
    for (boolean six : new boolean[] {false, true}) {
      Prefix lan = t.virtualPrefixes().stream()
          .filter(p -> (p.address() instanceof Inet6Address) == six).findFirst().orElseThrow();
      Set<InetAddress> defined = new HashSet<>();
      t.nodes().forEach(n -> n.interfaces().forEach(i -> i.addresses().forEach(a -> {
        if (lan.contains(a.address())) {
          defined.add(a.address());
        }
      })));
      assertThat(defined).hasSize(4); // gw, h1, h2, h3
      // the /64 is too large to sweep: a /120 holds every address the sample gives
      String range = six ? Prefix.format(lan.address()) + "/120" : lan.toString();
      try (Served s = Served.start(net, t)) {
        StackCommandTest.Run r = ours(net, "sweep", "-a", "-s", range);
        System.out.println(r.out() + r.err());
        Set<InetAddress> found = new HashSet<>();
        for (String l : r.out().lines().filter(l -> !l.isBlank()).toList()) {
          found.add(InetAddress.getByName(l.strip()));
        }
        assertThat(found).as(r.out()).isEqualTo(defined);
        assertThat(r.err()).contains(" 4 alive");
      }
    }
  }
}
