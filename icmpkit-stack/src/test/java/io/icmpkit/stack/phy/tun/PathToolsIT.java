package io.icmpkit.stack.phy.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** iputils ping, traceroute and tracepath through samples/topologies/path5.yaml. */
@Tag("integration")
class PathToolsIT {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  static StackFixture stack;

  @BeforeAll
  static void start() {
    stack = StackFixture.sample(NET.topology(), "path5.yaml");
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void freshHost() {
    stack.flushRouteCache();
  }

  @Test
  void pingReachesTheTargetOverFiveHops() {
    String out = stack.run("ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "198.18.4.2");
    System.out.println(out);
    assertThat(out).contains("64 bytes from 198.18.4.2: icmp_seq=1 ttl=60")
        .contains("3 packets transmitted, 3 received, 0% packet loss");
    String out6 = stack.run("ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", "2001:db8:4::2");
    System.out.println(out6);
    assertThat(out6).contains("64 bytes from 2001:db8:4::2: icmp_seq=1 ttl=60")
        .contains("2 packets transmitted, 2 received");
  }

  @Test
  void largePingsAreFragmentedAndReassembled() {
    String out = stack.run("ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", "-s", "4000", "198.18.4.2");
    System.out.println(out);
    assertThat(out).contains("4008 bytes from 198.18.4.2: icmp_seq=1 ttl=60")
        .contains("2 packets transmitted, 2 received");
  }

  @Test
  void dontFragmentAcrossThe1400LinkGetsFragNeeded() {
    var r = stack.exec("ping", "-n", "-c", "1", "-W", "2", "-M", "do", "-s", "1472", "198.18.4.2");
    System.out.println(r.output());
    assertThat(r.output()).contains("From 198.18.2.2 icmp_seq=1 Frag needed and DF set (mtu = 1400)");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void ttlTwoExpiresAtTheSecondRouter() {
    var r = stack.exec("ping", "-n", "-c", "1", "-W", "2", "-t", "2", "198.18.4.2");
    System.out.println(r.output());
    assertThat(r.output()).contains("From 198.18.1.2 icmp_seq=1 Time to live exceeded");
  }

  @Test
  void tracerouteUdpIcmpTcp() {
    for (String mode : new String[] {"-U", "-I", "-T"}) {
      String out = stack.run("traceroute", "-n", mode, "-w", "2", "-q", "1", "198.18.4.2");
      System.out.println(out);
      assertThat(out).containsPattern("\\n 1  198\\.18\\.0\\.2 ")
          .containsPattern("\\n 2  198\\.18\\.1\\.2 ")
          .containsPattern("\\n 3  198\\.18\\.2\\.2 ")
          .containsPattern("\\n 4  198\\.18\\.3\\.2 ")
          .containsPattern("\\n 5  198\\.18\\.4\\.2 ");
    }
  }

  @Test
  void tracerouteShowsMplsLabels() {
    String out = stack.run("traceroute", "-n", "-e", "-I", "-w", "2", "-q", "1", "198.18.4.2");
    System.out.println(out);
    assertThat(out).containsPattern(" 3  198\\.18\\.2\\.2 .*<MPLS:L=16003,E=0,S=1,T=1>")
        .containsPattern(" 4  198\\.18\\.3\\.2 .*<MPLS:L=16004,E=0,S=1,T=1>");
    assertThat(out).doesNotContainPattern(" 2  198\\.18\\.1\\.2 .*MPLS");
  }

  @Test
  void tracepathFindsThePmtu() {
    String out = stack.run("tracepath", "-n", "198.18.4.2");
    System.out.println(out);
    // tracepath learns the PMTU from r3's Frag Needed to its hop-4 probe, then goes on at 1400
    assertThat(out).containsPattern(": +198\\.18\\.2\\.2 .* pmtu 1400\\n")
        .contains("Resume: pmtu 1400 hops 5 back 5");
  }
}
