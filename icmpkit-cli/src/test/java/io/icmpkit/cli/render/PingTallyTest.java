package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.cli.render.PingRenderer.Header;
import io.icmpkit.cli.render.PingRenderer.Reply;
import org.junit.jupiter.api.Test;

/** Counters, duplicates, errors and the lines built from them, as iputils would print them. */
class PingTallyTest {
  private static final Header V4 = new Header("10.0.0.2", "10.0.0.2", false, null, null, 56);

  @Test
  void duplicatesAndErrorsShowInTheCountsLine() {
    PingTally t = new PingTally();
    t.sent(1, 0);
    assertThat(t.reply(1, 100, false)).isFalse();
    assertThat(t.reply(1, 120, false)).isTrue(); // (DUP!)
    t.sent(2, 1_000_000_000L);
    t.error(2);
    t.sent(3, 2_000_000_000L);
    assertThat(t.reply(3, 50, true)).isFalse(); // bad checksum: corrupted, not received
    String block = PingTextRenderer.statisticsBlock("10.0.0.2", t, false);
    assertThat(block).isEqualTo("""

        --- 10.0.0.2 ping statistics ---
        3 packets transmitted, 1 received, +1 duplicates, +1 corrupted, +1 errors, 66.6667% packet loss, time 2000ms
        rtt min/avg/max/mdev = 0.100/0.110/0.120/0.010 ms
        """);
  }

  @Test
  void noReplyGivesTheEmptyRttLine() {
    PingTally t = new PingTally();
    t.sent(1, 0);
    t.sent(2, 1_000_000_000L);
    assertThat(PingTextRenderer.statisticsBlock("h", t, false))
        .isEqualTo("\n--- h ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1000ms\n\n");
    assertThat(PingTextRenderer.statusLine(t)).isEqualTo("0/2 packets, 100% loss");
  }

  @Test
  void statusLineHasEwma() {
    PingTally t = new PingTally();
    t.sent(1, 0);
    t.reply(1, 1000, false);
    t.sent(2, 0);
    t.reply(2, 2000, false);
    // ewma: 8000, then 8000 + 2000 - 1000 = 9000 -> 1.125 ms
    assertThat(PingTextRenderer.statusLine(t)).isEqualTo("2/2 packets, 0% loss, min/avg/ewma/max = 1.000/1.500/1.125/2.000 ms");
  }

  @Test
  void outstandingUsesTheReceivedTable() {
    PingTally t = new PingTally();
    t.sent(1, 0);
    assertThat(t.answered(1)).isFalse();
    t.reply(1, 10, false);
    assertThat(t.answered(1)).isTrue();
    t.sent(65537, 0); // same 16-bit slot as 1: cleared when sent again
    assertThat(t.answered(1)).isFalse();
  }

  @Test
  void absurdRttsStayFinite() {
    PingTally t = new PingTally();
    t.sent(1, 0);
    t.reply(1, Long.MAX_VALUE / 2, false);
    t.sent(2, 0);
    t.reply(2, Long.MAX_VALUE / 2, false);
    assertThat(t.avgMicros()).isPositive();
    assertThat(t.mdevMicros()).isNotNegative();
    assertThat(t.ewmaMicros()).isPositive();
    assertThat(PingTextRenderer.statisticsBlock("h", t, true)).contains("rtt min/avg/max/mdev = ");
  }

  @Test
  void llsqrtIsIputilsNewtonIteration() {
    assertThat(PingTally.llsqrt(0)).isZero();
    assertThat(PingTally.llsqrt(16)).isEqualTo(4);
    // iputils returns the last iterate, one above floor(sqrt(15)) = 3: mdev must do the same
    assertThat(PingTally.llsqrt(15)).isEqualTo(4);
    assertThat(PingTally.llsqrt(99)).isEqualTo(10);
  }

  @Test
  void replyLineFlags() {
    Reply dup = new Reply(3, 64, "10.0.0.2", 63, 12_345, true, false, false, false);
    assertThat(PingTextRenderer.replyLine(dup, false)).isEqualTo("64 bytes from 10.0.0.2: icmp_seq=3 ttl=63 time=12.3 ms (DUP!)");
    Reply bad = new Reply(4, 64, "10.0.0.2", 63, 500, false, true, false, false);
    assertThat(PingTextRenderer.replyLine(bad, false)).endsWith("time=0.500 ms (BAD CHECKSUM!)");
    Reply cut = new Reply(5, 40, "10.0.0.2", 63, 500, false, false, true, false);
    assertThat(PingTextRenderer.replyLine(cut, false)).isEqualTo("40 bytes from 10.0.0.2: icmp_seq=5 ttl=63 (truncated)");
    Reply other = new Reply(6, 64, "fd00::9", 64, 500, false, false, false, true);
    assertThat(PingTextRenderer.replyLine(other, false)).endsWith(" (DIFFERENT ADDRESS!)");
  }

  @Test
  void errorLinesOfBothFamilies() {
    assertThat(PingTextRenderer.errorLine(false, 1, "10.0.1.1", 11, 0, 0))
        .isEqualTo("From 10.0.1.1 icmp_seq=1 Time to live exceeded");
    assertThat(PingTextRenderer.errorLine(false, 2, "10.0.1.1", 3, 4, 1400))
        .isEqualTo("From 10.0.1.1 icmp_seq=2 Frag needed and DF set (mtu = 1400)");
    assertThat(PingTextRenderer.errorLine(true, 1, "fd00:1::1", 1, 3, 0))
        .isEqualTo("From fd00:1::1 icmp_seq=1 Destination unreachable: Address unreachable");
    assertThat(PingTextRenderer.headerLine(V4)).isEqualTo("PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.");
  }
}
