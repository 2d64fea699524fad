package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.pcap.io.CaptureReader;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code icmpkit stack run} in a test namespace, pinged by iputils ping, then stopped. */
@Tag("integration")
class StackRunCommandTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  @Test
  void servesUntilTheDurationAndPrintsCounters(@TempDir Path dir) throws Exception {
    NetnsTopology net = NET.topology();
    Path pcap = dir.resolve("stack.pcap");
    AtomicReference<StackCommandTest.Run> result = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> result.set(net.call("client",
        () -> StackCommandTest.run("stack", "run", "--duration", "10", "--pcap", pcap.toString(), StackCommandTest.PATH5))));
    String ping = "";
    AtomicInteger tries = new AtomicInteger();
    while (tries.incrementAndGet() <= 20 && !ping.contains(" 0% packet loss")) {
      Thread.sleep(200);
      ping = net.exec("client", "ping", "-n", "-c", "2", "-i", "0.2", "-W", "1", "198.18.4.2")
          .output();
    }
    assertThat(ping).contains("ttl=60").contains("2 received, 0% packet loss");
    // our own ping sees the same network: 4 routers, r2 the second
    StackCommandTest.Run ours = net.call("client", () -> StackCommandTest.run("ping", "-n", "-c", "2",
        "-i", "0.2", "-W", "2", "198.18.4.2"));
    assertThat(ours.out()).contains("64 bytes from 198.18.4.2: icmp_seq=1 ttl=60")
        .contains("2 received, 0% packet loss");
    StackCommandTest.Run ttl = net.call("client", () -> StackCommandTest.run("ping", "-n", "-c", "1",
        "-W", "2", "-t", "2", "198.18.4.2"));
    assertThat(ttl.out()).contains("From 198.18.1.2 icmp_seq=1 Time to live exceeded");
    StackCommandTest.Run df = net.call("client", () -> StackCommandTest.run("ping", "-n", "-c", "1",
        "-W", "2", "-M", "do", "-s", "1472", "198.18.4.2"));
    assertThat(df.out()).contains("From 198.18.2.2 icmp_seq=1 Frag needed and DF set (mtu = 1400)");
    t.join(25_000);
    StackCommandTest.Run r = result.get();
    assertThat(r).isNotNull();
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("icmpkit stack: serving path5 on icmpkit0 (198.18.0.1/24 2001:db8::1/64): "
        + "5 nodes, 5 links").containsPattern("link r3-r4: sent [1-9]")
        .containsPattern("node target:\\n(  .*\\n)*  IcmpMsgOutType0 +[2-9]")
        .contains("multicast groups:");
    long frames = 0;
    try (CaptureReader reader = CaptureReader.open(pcap)) {
      while (reader.next()) {
        frames++;
      }
    }
    assertThat(frames).isGreaterThanOrEqualTo(4);
  }
}
