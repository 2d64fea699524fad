package io.icmpkit.stack.phy.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** iputils ping, traceroute and tracepath through samples/topologies/path5.yaml. */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PathToolsKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  static StackFixture stack;
  static Path capture;
  static Process tcpdump;

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.sample(NET.topology(), "path5.yaml");
    // a kernel capture of the TUN for the whole class, decoded by tshark at the end
    capture = Files.createTempFile("icmpkit-path5-", ".pcap");
    tcpdump = new ProcessBuilder(StackFixture.ip(), "netns", "exec",
        NET.topology().namespace("client"), "tcpdump", "-i", "icmpkit0", "-U", "-n", "-s", "0",
        "-w", capture.toString()).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(tcpdump.getInputStream(),
        StandardCharsets.UTF_8));
    String line = r.readLine(); // "listening on icmpkit0, link-type RAW ..."
    assertThat(line).as("tcpdump").contains("listening on icmpkit0");
    Thread.ofPlatform().daemon().start(() -> {
      try {
        r.lines().forEach(l -> { });
      } catch (java.io.UncheckedIOException e) {
        // closed when tcpdump is stopped
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (tcpdump != null) {
      tcpdump.destroyForcibly();
    }
    if (stack != null) {
      stack.close();
    }
    if (capture != null) {
      Files.deleteIfExists(capture);
    }
  }

  /** Last: the capture of every test above decodes in tshark without malformed packets or bad checksums. */
  @Test
  @Order(Integer.MAX_VALUE)
  void tsharkFindsNothingMalformedOrBadlyChecksummed() throws Exception {
    Thread.sleep(300);
    tcpdump.destroy(); // SIGTERM: tcpdump flushes and exits
    assertThat(tcpdump.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String filter = "_ws.malformed || _ws.expert.severity >= \"Error\" || ip.checksum.status == \"Bad\""
        + " || icmp.checksum.status == \"Bad\" || icmpv6.checksum.status == \"Bad\""
        + " || udp.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\"";
    List<String> base = List.of("tshark", "-n", "-r", capture.toString(), "-o", "ip.check_checksum:TRUE",
        "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE");
    String all = tshark(base, List.of());
    long frames = all.lines().filter(l -> !l.isBlank()).count();
    System.out.println(frames + " frames captured on icmpkit0");
    assertThat(frames).isGreaterThan(100);
    assertThat(all).contains("Time-to-live exceeded").contains("Destination unreachable (Fragmentation needed)")
        .contains("Echo (ping) reply").contains("ICMPv6");
    assertThat(tshark(base, List.of("-Y", filter))).as("frames tshark flags").isBlank();
  }

  static String tshark(List<String> base, List<String> extra) throws Exception {
    List<String> cmd = new ArrayList<>(base);
    cmd.addAll(extra);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    return out;
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
  void ipv6DontFragmentAcrossThe1400LinkGetsPacketTooBig() {
    // IPv6 never fragments on the way (RFC 8200 5): r3 answers Packet Too Big with the r3-r4
    // link's MTU (RFC 4443 3.1) from the interface the packet came in on
    var r = stack.exec("ping", "-6", "-n", "-c", "2", "-i", "0.3", "-W", "2", "-M", "do", "-s", "1400",
        "2001:db8:4::2");
    System.out.println(r.output());
    assertThat(r.output()).contains("From 2001:db8:2::2 icmp_seq=1 Packet too big: mtu=1400")
        .contains("2 packets transmitted, 0 received, +2 errors");
    assertThat(r.exitCode()).isEqualTo(1);
    // the host learned it: its route to the target now carries mtu 1400
    assertThat(stack.run(StackFixture.ip(), "-6", "route", "get", "2001:db8:4::2")).contains("mtu 1400");
    // a packet that fits the link (1352 bytes of data + 48 of headers = 1400) goes through
    String fits = stack.run("ping", "-6", "-n", "-c", "1", "-W", "2", "-M", "do", "-s", "1352", "2001:db8:4::2");
    assertThat(fits).contains("1360 bytes from 2001:db8:4::2: icmp_seq=1 ttl=60");
  }

  @Test
  void tracepath6FindsThePmtu() {
    String out = stack.run("tracepath", "-n", "2001:db8:4::2");
    System.out.println(out);
    assertThat(out).containsPattern(" 4:  2001:db8:2::2 .* pmtu 1400\\s*\\n")
        .contains("Resume: pmtu 1400 hops 5 back 5");
  }

  @Test
  void ttlTwoExpiresAtTheSecondRouter() {
    var r = stack.exec("ping", "-n", "-c", "1", "-W", "2", "-t", "2", "198.18.4.2");
    System.out.println(r.output());
    assertThat(r.output()).contains("From 198.18.1.2 icmp_seq=1 Time to live exceeded");
  }

  @Test
  void tracerouteUdpIcmpTcp() {
    // UDP to ports 33434 up (the default), ICMP echo, TCP SYN to port 80
    for (String mode : new String[] {"-UL", "-I", "-T"}) {
      String out = mode.equals("-UL")
          ? stack.run("traceroute", "-n", "-w", "2", "-q", "1", "198.18.4.2")
          : stack.run("traceroute", "-n", mode, "-w", "2", "-q", "1", "198.18.4.2");
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
