package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code icmpkit mtr} against Debian's mtr 0.95 on {@code client - r1 - r2 - r3 - target}, both
 * run in the client namespace with the same arguments: the same hops and Snt, no loss on the clean
 * path, the same JSON keys; and with random drops (nftables {@code numgen random}) on r2, the loss
 * per hop equals what the nftables counters say was dropped.
 */
@Tag("integration")
class MtrSideBySideTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(
      NetnsTopology.chain("client", "r1", "r2", "r3", "target"));

  private static final Pattern HOP =
      Pattern.compile("^ +(\\d+)\\.\\|-- (\\S+) +(\\d+\\.\\d)% +(\\d+) .*");

  private static NetnsTopology t() {
    return NET.topology();
  }

  record Row(int hop, String host, double loss, int sent) {}

  private static List<Row> rows(String report) {
    List<Row> rows = new ArrayList<>();
    for (String line : report.lines().toList()) {
      Matcher m = HOP.matcher(line);
      if (m.matches()) {
        rows.add(new Row(Integer.parseInt(m.group(1)), m.group(2),
            Double.parseDouble(m.group(3)), Integer.parseInt(m.group(4))));
      }
    }
    return rows;
  }

  private static String theirs(String... args) {
    List<String> cmd = new ArrayList<>(List.of("mtr"));
    cmd.addAll(List.of(args));
    NetnsTopology.ExecResult r = t().exec("client", cmd.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r.output();
  }

  private static String ours(String... args) {
    List<String> cmd = new ArrayList<>(List.of("mtr"));
    cmd.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = t().call("client", () -> Main.run(new PrintWriter(out), new PrintWriter(err),
        cmd.toArray(String[]::new)));
    assertThat(rc).as(err.toString()).isZero();
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4", "6", "4w"})
  void cleanPathAsMtr(String family) {
    java.net.InetAddress address = family.startsWith("4") ? t().ipv4("target") : t().ipv6("target");
    String target = address.getHostAddress();
    String[] args = {"-n", family.endsWith("w") ? "--report-wide" : "--report", "-c", "5", "-i",
        "0.2", target};
    String theirText = theirs(args);
    String ourText = ours(args);
    // the header (HOST: and the titles) is the same; times differ
    assertThat(ourText.lines().skip(1).findFirst())
        .isEqualTo(theirText.lines().skip(1).findFirst());
    List<Row> theirs = rows(theirText);
    List<Row> ours = rows(ourText);
    assertThat(theirs).hasSize(4);
    assertThat(ours).isEqualTo(theirs);
    assertThat(ours).allSatisfy(r -> {
      assertThat(r.loss()).isZero();
      assertThat(r.sent()).isEqualTo(5);
    });
    assertThat(java.net.InetAddress.ofLiteral(ours.getLast().host())).isEqualTo(address);
  }

  @Test
  void jsonHasMtrsStructure() throws Exception {
    String target = t().ipv4("target").getHostAddress();
    String[] args = {"-n", "--json", "-c", "3", "-i", "0.2", "-o", "LSDRNBAWVGJMXI", target};
    ObjectMapper m = new ObjectMapper();
    JsonNode theirs = m.readTree(theirs(args));
    JsonNode ours = m.readTree(ours(args));
    assertThat(names(ours)).isEqualTo(names(theirs));
    assertThat(names(ours.get("report"))).isEqualTo(names(theirs.get("report")));
    assertThat(names(ours.get("report").get("mtr")))
        .isEqualTo(names(theirs.get("report").get("mtr")));
    assertThat(ours.get("report").get("mtr").get("psize"))
        .isEqualTo(theirs.get("report").get("mtr").get("psize"));
    JsonNode hubs = ours.get("report").get("hubs");
    JsonNode theirHubs = theirs.get("report").get("hubs");
    assertThat(hubs).hasSameSizeAs(theirHubs);
    for (int i = 0; i < hubs.size(); i++) {
      assertThat(names(hubs.get(i))).isEqualTo(names(theirHubs.get(i)));
      assertThat(hubs.get(i).get("host")).isEqualTo(theirHubs.get(i).get("host"));
      assertThat(hubs.get(i).get("Snt")).isEqualTo(theirHubs.get(i).get("Snt"));
    }
  }

  @Test
  void csvAsMtr() {
    String target = t().ipv4("target").getHostAddress();
    String[] args = {"-n", "--csv", "-c", "2", "-i", "0.2", target};
    List<String> theirs = theirs(args).lines().toList();
    List<String> ours = ours(args).lines().toList();
    assertThat(ours.getFirst()).isEqualTo(theirs.getFirst());
    assertThat(ours).hasSameSizeAs(theirs);
    for (int i = 1; i < ours.size(); i++) {
      // version, start, status, host, hop, ip, loss, snt, drop: the same; times differ
      String[] a = ours.get(i).split(",");
      String[] b = theirs.get(i).split(",");
      assertThat(List.of(a).subList(2, 9)).isEqualTo(List.of(b).subList(2, 9));
    }
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> i = n.fieldNames(); i.hasNext(); ) {
      out.add(i.next());
    }
    return out;
  }

  private static long counter(String node, String chain) {
    String text = t().exec(node, "nft", "list", "chain", "inet", "iktloss", chain).output();
    Matcher m = Pattern.compile("counter packets (\\d+)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return Long.parseLong(m.group(1));
  }

  /**
   * r2 drops about 20% of its own time exceeded messages (loss at hop 2 only) and about 20% of the
   * echo requests it forwards to the target for hops 3 and 4 (the TTL seen in the forward hook is
   * already decremented: 1 and 2; the first cycle's probes beyond the destination do not count):
   * the drops our columns show are exactly what the nftables counters counted.
   */
  @Test
  void lossAtTheRightHop() {
    NetnsTopology t = t();
    String target = t.ipv4("target").getHostAddress();
    NetnsTopology.ExecResult r = t.exec("r2", "nft", String.join("; ",
        "add table inet iktloss",
        "add chain inet iktloss outc { type filter hook output priority 0; }",
        "add chain inet iktloss fwdc { type filter hook forward priority 0; }",
        "add rule inet iktloss outc icmp type time-exceeded numgen random mod 5 0 counter drop",
        "add rule inet iktloss fwdc ip daddr " + target
            + " ip ttl 1-2 icmp type echo-request numgen random mod 5 0 counter drop"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    try {
      int cycles = 40;
      String report = ours("-n", "--report", "-c", "" + cycles, "-i", "0.05", "-o", "LSDR",
          target);
      long outDrops = counter("r2", "outc");
      long fwdDrops = counter("r2", "fwdc");
      Pattern p = Pattern.compile("^ +(\\d+)\\.\\|-- (\\S+) +(\\d+\\.\\d)% +(\\d+) +(\\d+) +(\\d+)$");
      List<long[]> rows = new ArrayList<>();
      for (String line : report.lines().toList()) {
        Matcher m = p.matcher(line);
        if (m.matches()) {
          rows.add(new long[] {Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
              Long.parseLong(m.group(6))});
        }
      }
      assertThat(rows).as(report).hasSize(4);
      assertThat(rows).allSatisfy(row -> {
        assertThat(row[0]).isEqualTo(cycles);
        assertThat(row[1] + row[2]).isEqualTo(cycles); // dropped + received
      });
      assertThat(rows.get(0)[1]).as(report).isZero();
      assertThat(rows.get(1)[1]).as(report).isEqualTo(outDrops).isPositive();
      assertThat(rows.get(2)[1] + rows.get(3)[1]).as(report).isEqualTo(fwdDrops).isPositive();
      // mtr itself sees the loss at hop 2 and none at hop 1
      List<Row> theirs = rows(theirs("-n", "--report", "-c", "" + cycles, "-i", "0.05", "-G", "1",
          target));
      assertThat(theirs.get(0).loss()).isZero();
      assertThat(theirs.get(1).loss()).isPositive();
    } finally {
      t.exec("r2", "nft", "delete table inet iktloss");
    }
  }
}
