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
        () -> StackCommandTest.run("stack", "run", "--duration", "6", "--pcap", pcap.toString(), StackCommandTest.PATH5))));
    String ping = "";
    AtomicInteger tries = new AtomicInteger();
    while (tries.incrementAndGet() <= 20 && !ping.contains(" 0% packet loss")) {
      Thread.sleep(200);
      ping = net.exec("client", "ping", "-n", "-c", "2", "-i", "0.2", "-W", "1", "198.18.4.2")
          .output();
    }
    assertThat(ping).contains("ttl=60").contains("2 received, 0% packet loss");
    t.join(15_000);
    StackCommandTest.Run r = result.get();
    assertThat(r).isNotNull();
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("icmpkit stack: serving path5 on icmpkit0 (198.18.0.1/24 2001:db8::1/64): "
        + "5 nodes, 5 links").containsPattern("link r3-r4: sent [1-9]")
        .containsPattern("node target:\\n(  .*\\n)*  IcmpMsgOutType0 +[2-9]");
    long frames = 0;
    try (CaptureReader reader = CaptureReader.open(pcap)) {
      while (reader.next()) {
        frames++;
      }
    }
    assertThat(frames).isGreaterThanOrEqualTo(4);
  }
}
