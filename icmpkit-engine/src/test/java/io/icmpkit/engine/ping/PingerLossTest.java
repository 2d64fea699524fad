package io.icmpkit.engine.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.engine.ping.HostileResponder.Mode;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loss on a router: nftables on {@code r1} drops a random 20% of the echo requests it forwards
 * ({@code numgen random mod 100 < 20}) and counts them. The Pinger's loss must equal the
 * counter exactly, and its final timeouts must name exactly the dropped sequence numbers, which a
 * raw socket on {@code target} (recording only: the kernel answers) tells apart from the others.
 */
@Tag("integration")
class PingerLossTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "r1",
      "target"));
  private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes");

  private static NetnsTopology t() {
    return NET.topology();
  }

  private static void nft(String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "nft";
    System.arraycopy(args, 0, cmd, 1, args.length);
    NetnsTopology.ExecResult r = t().exec("r1", cmd);
    assertThat(r.exitCode()).as("nft %s: %s", String.join(" ", args), r.output()).isZero();
  }

  @ParameterizedTest(name = "v6={0} {1}")
  @CsvSource({"false,DATAGRAM", "false,RAW", "true,DATAGRAM", "true,RAW"})
  void lossEqualsTheRoutersDropCounterAndTimeoutsNameTheDroppedProbes(boolean ipv6,
      IcmpSocket.Kind kind) throws Exception {
    InetAddress target = ipv6 ? t().ipv6("target") : t().ipv4("target");
    nft("add", "table", "inet", "t");
    nft("add", "chain", "inet", "t", "f", "{ type filter hook forward priority 0; }");
    nft("add", "rule", "inet", "t", "f", ipv6 ? "icmpv6" : "icmp", "type", "echo-request",
        "numgen", "random", "mod", "100", "<", "20", "counter", "drop");
    try (HostileResponder seen = new HostileResponder(t(), "target", ipv6);
        Pinger p = t().call("client", () -> Pinger.builder().socketKind(kind).build())) {
      seen.reset(Mode.RECORD);
      PingerKernelTest.Recorder rec = new PingerKernelTest.Recorder();
      // interval > timeout: the linger after the last probe (max(2 x max RTT, interval), as
      // iputils) outlasts the last probe's timeout, so every lost probe gets its Timeout
      PingResult r = p.ping(PingRequest.builder(target).count(50)
          .interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(90)).build(), rec)
          .get(60, TimeUnit.SECONDS);
      String list = t().exec("r1", "nft", "list", "table", "inet", "t").output();
      Matcher m = COUNTER.matcher(list);
      assertThat(m.find()).as(list).isTrue();
      long dropped = Long.parseLong(m.group(1));
      assertThat(dropped).as("20%% of 50 dropped: none with probability 0.8^50 = 1.4e-5")
          .isPositive();

      PingStatistics s = r.statistics();
      assertThat(s.transmitted()).isEqualTo(50);
      assertThat(s.transmitted() - s.received()).isEqualTo(dropped);
      assertThat(s.duplicates()).isZero();
      assertThat(s.lossPercent()).isEqualTo((float) (dropped * 100.0 / 50));

      Set<Integer> droppedSeqs = new TreeSet<>();
      for (int seq = 1; seq <= 50; seq++) {
        if (!seen.seen.contains(seq)) {
          droppedSeqs.add(seq);
        }
      }
      assertThat(droppedSeqs).hasSize((int) dropped);
      List<PingEvent.Reply> replies = rec.of(PingEvent.Reply.class);
      Set<Integer> replied = new HashSet<>();
      replies.forEach(x -> replied.add(x.seq()));
      // a Timeout may be followed by a late Reply (loaded machine): final timeouts are the others
      Set<Integer> timedOut = new TreeSet<>();
      rec.of(PingEvent.Timeout.class).forEach(x -> timedOut.add(x.seq()));
      timedOut.removeAll(replied);
      assertThat(timedOut).isEqualTo(droppedSeqs);
      assertThat(replied).doesNotContainAnyElementsOf(droppedSeqs);
    } finally {
      nft("delete", "table", "inet", "t");
    }
  }
}
