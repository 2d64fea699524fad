package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.engine.trace.HopStatistics;
import java.net.InetAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The layouts of mtr 0.95, compared with what {@code mtr -n --report/--json/--csv} printed
 * (copied from its output on 127.0.0.1, round trips 51 and 58 microseconds, host "vm").
 */
class MtrFormatTest {
  private static final InetAddress LO = InetAddress.ofLiteral("127.0.0.1");
  private static final Function<InetAddress, String> NTOP = PingFormat::ntop;

  private static HopStatistics hop(int ttl, InetAddress a, long... micros) {
    HopStatistics h = new HopStatistics(ttl);
    for (long us : micros) {
      h.sent();
      h.reply(a, us * 1000, false, null);
    }
    return h;
  }

  @Test
  void reportAsMtr() {
    String r = MtrFormat.report(ZonedDateTime.of(2026, 11, 23, 16, 58, 13, 0, ZoneOffset.UTC),
        "vm", List.of(hop(1, LO, 51, 58)), MtrFormat.DEFAULT_ORDER, NTOP, false);
    assertThat(r).isEqualTo("""
        Start: 2026-11-23T16:58:13+0000
        HOST: vm                          Loss%   Snt   Last   Avg  Best  Wrst StDev
          1.|-- 127.0.0.1                  0.0%     2    0.1   0.1   0.1   0.1   0.0
        """);
  }

  @Test
  void reportWithEveryColumnAsMtr() {
    String r = MtrFormat.report(ZonedDateTime.of(2026, 11, 23, 16, 58, 2, 0, ZoneOffset.UTC),
        "vm", List.of(hop(1, LO, 51)), "LSDRNBAWVGJMXI", NTOP, false);
    assertThat(r).isEqualTo("""
        Start: 2026-11-23T16:58:02+0000
        HOST: vm                          Loss%   Snt Drop   Rcv  Last  Best   Avg  Wrst StDev Gmean Jttr Javg Jmax Jint
          1.|-- 127.0.0.1                  0.0%     1    0     1   0.1   0.1   0.1   0.1   0.0   0.1  0.0  0.0  0.0  0.0
        """);
  }

  @Test
  void reportListsEveryResponderAndUnansweredHops() {
    HopStatistics two = hop(2, InetAddress.ofLiteral("10.0.0.2"), 100);
    two.sent();
    two.reply(InetAddress.ofLiteral("10.0.0.3"), 200_000, false, null);
    HopStatistics dead = new HopStatistics(3);
    dead.sent();
    dead.lost();
    List<String> lines = MtrFormat.report(ZonedDateTime.now(), "vm", List.of(two, dead),
        MtrFormat.DEFAULT_ORDER, NTOP, false).lines().toList();
    assertThat(lines.get(2)).startsWith("  2.|-- 10.0.0.2 ");
    assertThat(lines.get(3)).isEqualTo("    |  `|-- 10.0.0.3");
    assertThat(lines.get(4)).isEqualTo(
        "  3.|-- ???                       100.0%     1    0.0   0.0   0.0   0.0   0.0");
  }

  @Test
  void wideReportAsMtr() {
    String r = MtrFormat.report(ZonedDateTime.of(2026, 11, 23, 16, 58, 8, 0, ZoneOffset.UTC),
        "vm", List.of(hop(1, LO, 51)), MtrFormat.DEFAULT_ORDER, NTOP, false, true);
    // mtr -w: the header is two columns short of the hop lines (report.c's own layout)
    assertThat(r).isEqualTo("""
        Start: 2026-11-23T16:58:08+0000
        HOST: vm        Loss%   Snt   Last   Avg  Best  Wrst StDev
          1.|-- 127.0.0.1  0.0%     1    0.1   0.1   0.1   0.1   0.0
        """);
  }

  @Test
  void longNamesAreCutAtTheColumns() {
    List<String> lines = MtrFormat.report(ZonedDateTime.now(), "a-very-long-local-host-name.example",
        List.of(hop(1, LO, 51)), MtrFormat.DEFAULT_ORDER, a -> "router-with-a-long-name.example.net",
        false).lines().toList();
    assertThat(lines.get(1)).startsWith("HOST: a-very-long-local-host-name Loss%");
    assertThat(lines.get(2)).startsWith("  1.|-- router-with-a-long-name.e  0.0%");
  }

  @Test
  void mplsLabelsAndFurtherResponders() {
    HopStatistics h = new HopStatistics(2);
    var ext = io.icmpkit.wire.ext.IcmpExtensions.of(io.icmpkit.wire.ext.MplsLabelStack.of(
        new io.icmpkit.wire.ext.MplsLabelStack.Entry(16005, 0, true, 1)));
    h.sent();
    h.reply(InetAddress.ofLiteral("10.0.0.2"), 100_000, false, ext);
    List<String> one = MtrFormat.reportHop(h, 2, MtrFormat.DEFAULT_ORDER, NTOP, true);
    assertThat(one.subList(1, one.size()))
        .containsExactly("    |   +-- [MPLS: Lbl 16005 TC 0 S 1 TTL 1]");
    for (String a : List.of("10.0.0.3", "10.0.0.4")) {
      h.sent();
      h.reply(InetAddress.ofLiteral(a), 100_000, false, null);
    }
    List<String> three = MtrFormat.reportHop(h, 2, MtrFormat.DEFAULT_ORDER, NTOP, true);
    assertThat(three.subList(1, three.size())).containsExactly(
        "    |  |+-- [MPLS: Lbl 16005 TC 0 S 1 TTL 1]",
        "    |  `|-- 10.0.0.3",
        "    |   |-- 10.0.0.4");
    assertThat(MtrFormat.reportHop(h, 2, MtrFormat.DEFAULT_ORDER, NTOP, false)).hasSize(3);
  }

  @Test
  void jsonAsMtr() {
    String j = MtrFormat.json("vm", "127.0.0.1", 0, 2, 64, List.of(hop(1, LO, 51, 58)),
        "LSDRNBAWVGJMXI", NTOP);
    assertThat(j).isEqualTo("""
        {
            "report": {
                "mtr": {
                    "src": "vm",
                    "dst": "127.0.0.1",
                    "tos": 0,
                    "tests": 2,
                    "psize": "64",
                    "bitpattern": "0x00"
                },
                "hubs": [
                    {
                        "count": 1,
                        "host": "127.0.0.1",
                        "Loss%": 0.0,
                        "Snt": 2,
                        "Drop": 0,
                        "Rcv": 2,
                        "Last": 0.058,
                        "Best": 0.051,
                        "Avg": 0.054,
                        "Wrst": 0.058,
                        "StDev": 0.004,
                        "Gmean": 0.054,
                        "Jttr": 0.007,
                        "Javg": 0.003,
                        "Jmax": 0.007,
                        "Jint": 0.007
                    }
                ]
            }
        }
        """);
  }

  @Test
  void csvAsMtr() {
    String c = MtrFormat.csv(1795453036L, "127.0.0.1", List.of(hop(1, LO, 46, 54)),
        "LSDNBAWVJMXI", NTOP);
    assertThat(c).isEqualTo("""
        Mtr_Version,Start_Time,Status,Host,Hop,Ip,Loss%,Snt,Drop,Last,Best,Avg,Wrst,StDev,Jttr,Javg,Jmax,Jint,
        MTR.0.95,1795453036,OK,127.0.0.1,1,127.0.0.1,0.00,2,0,0.05,0.05,0.05,0.05,0.01,0.01,0.00,0.01,0.01
        """);
    assertThat(MtrFormat.csv(1L, "h", List.of(hop(1, LO, 60)), MtrFormat.DEFAULT_ORDER, NTOP))
        .isEqualTo("Mtr_Version,Start_Time,Status,Host,Hop,Ip,Loss%,Snt, ,Last,Avg,Best,Wrst,StDev,\n"
            + "MTR.0.95,1,OK,h,1,127.0.0.1,0.00,1,0,0.06,0.06,0.06,0.06,0.00\n");
  }

  @Test
  void unknownFieldIsRejected() {
    assertThatThrownBy(() -> MtrFormat.checkOrder("LSQ")).isInstanceOf(IllegalArgumentException.class);
  }
}
