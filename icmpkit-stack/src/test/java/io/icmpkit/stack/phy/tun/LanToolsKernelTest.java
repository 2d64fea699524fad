package io.icmpkit.stack.phy.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
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
}
