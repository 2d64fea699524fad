package io.icmpkit.stack.phy.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.stack.iface.Membership;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** nmap host discovery, broadcast ping and filters on samples/topologies/lan.yaml. */
@Tag("integration")
class LanToolsKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  static StackFixture stack;

  @BeforeAll
  static void start() {
    stack = StackFixture.sample(NET.topology(), "lan.yaml");
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void nmapEchoDiscoveryFindsEveryHost() {
    String out = stack.run("nmap", "-n", "-sn", "-PE", "-PP", "--max-retries", "2", "198.18.20.0/28");
    System.out.println(out);
    for (String h : new String[] {"198.18.20.1", "198.18.20.11", "198.18.20.12", "198.18.20.13"}) {
      assertThat(out).contains("Nmap scan report for " + h + "\n");
    }
    assertThat(out).contains("16 IP addresses (4 hosts up)");
  }

  @Test
  void nmapTimestampProbesAreAnswered() {
    String out = stack.run("nmap", "-n", "-sn", "-PP", "--reason", "--max-retries", "2",
        "198.18.20.11", "198.18.20.12");
    System.out.println(out);
    assertThat(out).contains("Host is up, received timestamp-reply")
        .contains("2 IP addresses (2 hosts up)");
  }

  @Test
  void broadcastPingGetsNoAnswer() {
    var r = stack.exec("ping", "-n", "-b", "-c", "2", "-i", "0.2", "-W", "1", "198.18.20.255");
    System.out.println(r.output());
    assertThat(r.output()).contains("2 packets transmitted, 0 received");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void filteredUdpIsAdministrativelyProhibited() {
    // traceroute's UDP probes to h3 meet its filter rule: !X (communication administratively prohibited)
    String out = stack.run("traceroute", "-n", "-q", "1", "-w", "2", "198.18.20.13");
    System.out.println(out);
    assertThat(out).containsPattern(" 2  198\\.18\\.20\\.13 .*!X");
    // and h2 answers UDP probes to closed ports with port unreachable (the trace ends there)
    String out2 = stack.run("traceroute", "-n", "-q", "1", "-w", "2", "198.18.20.12");
    assertThat(out2).containsPattern(" 2  198\\.18\\.20\\.12 ").doesNotContain("!X");
  }

  /** The memberships of {@code node}, read on the serving thread. */
  static List<String> groups(String node) throws Exception {
    CompletableFuture<List<String>> f = new CompletableFuture<>();
    stack.served.execute(() -> f.complete(stack.served.network().groups()
        .getOrDefault(node, List.of()).stream().map(Membership::toString).toList()));
    return f.get(5, TimeUnit.SECONDS);
  }

  static List<String> awaitGroups(String node, Predicate<List<String>> until) throws Exception {
    List<String> g = groups(node);
    for (int i = 0; i < 50 && !until.test(g); i++) {
      Thread.sleep(200);
      g = groups(node);
    }
    return g;
  }

  @Test
  void igmpAndMldMembershipsOfAProcessOnTheHostComeAndGo() throws Exception {
    // the topology's own: h1 joined 239.1.1.1, and gw heard its report on the LAN
    assertThat(awaitGroups("h1", g -> !g.isEmpty())).contains("eth0 239.1.1.1 (joined)");
    assertThat(awaitGroups("gw", g -> g.contains("lan 239.1.1.1 (reported)")))
        .contains("lan 239.1.1.1 (reported)");
    // a process in the namespace joins a group (IGMPv3) and an IPv6 group (MLDv2) on the TUN
    Process member = new ProcessBuilder(StackFixture.ip(), "netns", "exec",
        NET.topology().namespace("client"), "/usr/bin/python3", "-c", """
            import socket, struct, sys
            idx = socket.if_nametoindex('icmpkit0')
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack('4s4si',
                socket.inet_aton('239.9.9.9'), socket.inet_aton('0.0.0.0'), idx))
            s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                socket.inet_pton(socket.AF_INET6, 'ff15::1234') + struct.pack('@I', idx))
            print('joined', flush=True)
            sys.stdin.read()
            """).redirectErrorStream(true).start();
    try {
      assertThat(new String(member.getInputStream().readNBytes(6))).isEqualTo("joined");
      List<String> joined = awaitGroups("gw", g -> g.contains("wan 239.9.9.9 (reported)")
          && g.stream().anyMatch(x -> x.startsWith("wan ff15:")));
      System.out.println("gw groups with the process joined: " + joined);
      assertThat(joined).contains("wan 239.9.9.9 (reported)")
          .anyMatch(x -> x.startsWith("wan ff15:") && x.endsWith("(reported)"));
    } finally {
      member.getOutputStream().close(); // the process exits: the kernel leaves both groups
      member.waitFor(10, TimeUnit.SECONDS);
    }
    // leave reports, the querier's group-specific queries unanswered: the memberships expire
    // (the namespace's kernel stays in ff02::2, all routers, since it forwards)
    Predicate<String> theProcess = x -> x.startsWith("wan 239.9.9.9") || x.startsWith("wan ff15:");
    List<String> left = awaitGroups("gw", g -> g.stream().noneMatch(theProcess));
    System.out.println("gw groups after the leave: " + left);
    assertThat(left).noneMatch(theProcess).contains("lan 239.1.1.1 (reported)");
  }
}
