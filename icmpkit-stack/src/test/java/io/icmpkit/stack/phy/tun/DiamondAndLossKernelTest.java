package io.icmpkit.stack.phy.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.topology.Topology;
import io.icmpkit.stack.topology.TopologyLoader;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ECMP seen by traceroute, loss seen by mtr: one namespace, one topology at a time. */
@Tag("integration")
class DiamondAndLossKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));

  /**
   * host - r1 - r2 - target, with 30% loss each way on r1-r2 only; no ICMP rate limiting, or
   * mtr's 10 probes a second would see r1's Time Exceeded limited to 1/s (as from a Linux router).
   */
  static final String LOSSY = """
      name: lossy
      host: {tun: lossy0, addresses: [198.18.0.1/24]}
      defaults: {rateLimit: false}
      nodes:
        r1: {router: true, interfaces: {a: [198.18.0.2/24], b: [198.18.1.1/24]}}
        r2: {router: true, interfaces: {a: [198.18.1.2/24], b: [198.18.2.1/24]}}
        target: {interfaces: {eth0: [198.18.2.2/24]}}
      links:
        - {ends: [host, r1.a]}
        - {name: lossy, ends: [r1.b, r2.a], delay: 2ms, loss: 30%}
        - {ends: [r2.b, target.eth0], delay: 1ms}
      """;

  @Test
  void classicTracerouteSeesBothEcmpBranches() throws Exception {
    try (StackFixture stack = new StackFixture(NET.topology(), StackFixture.withoutRateLimit(
        Topology.load(StackFixture.SAMPLES.resolve("ecmp-diamond.yaml"))))) {
      // a new UDP port per probe: the flow hash spreads the probes of hop 2 over r2a and r2b
      // (8 probes all on one branch: 1 in 128; three runs make a false failure negligible)
      String hops2 = "";
      for (int run = 0; run < 3 && !(hops2.contains("198.18.10.2") && hops2.contains("198.18.11.2"));
          run++) {
        String out = stack.run("traceroute", "-n", "-q", "8", "-w", "2", "198.18.14.2");
        System.out.println(out);
        Matcher hop2 = Pattern.compile("\\n 2  (.*)\\n").matcher(out);
        assertThat(hop2.find()).as(out).isTrue();
        hops2 += hop2.group(1);
        assertThat(out).containsPattern("\\n 4  198\\.18\\.14\\.2 ");
      }
      assertThat(hops2).contains("198.18.10.2").contains("198.18.11.2");
      // ICMP probes of one traceroute are one flow (same id): hop 2 shows one router only
      String icmp = stack.run("traceroute", "-n", "-I", "-q", "4", "-w", "2", "198.18.14.2");
      System.out.println(icmp);
      Matcher h = Pattern.compile("\\n 2  (.*)\\n").matcher(icmp);
      assertThat(h.find()).isTrue();
      assertThat(h.group(1).contains("198.18.10.2") ^ h.group(1).contains("198.18.11.2"))
          .as(h.group(1)).isTrue();
    }
  }

  @Test
  void mtrReportsLossFromTheLossyLinkOn() throws Exception {
    try (StackFixture stack = new StackFixture(NET.topology(),
        TopologyLoader.parse("lossy.yaml", LOSSY))) {
      String out = stack.run("mtr", "-n", "--report", "--report-cycles", "40", "--interval", "0.1",
          "--timeout", "1", "198.18.2.2");
      System.out.println(out);
      double hop1 = loss(out, 1, "198.18.0.2");
      double hop2 = loss(out, 2, "198.18.1.2");
      double hop3 = loss(out, 3, "198.18.2.2");
      assertThat(hop1).isZero();
      // both directions cross the lossy link: 1 - 0.7^2 = 51% expected; 40 cycles: wide bounds
      assertThat(hop2).isBetween(15.0, 85.0);
      assertThat(hop3).isBetween(15.0, 85.0);
      assertThat(stack.served.network().links().get("lossy").counters().lost()).isPositive();
    }
  }

  /** The Loss% column of hop {@code n} in an mtr report. */
  static double loss(String report, int n, String address) {
    Matcher m = Pattern.compile("\\n\\s*" + n + "\\.\\|-- " + Pattern.quote(address)
        + "\\s+([0-9.]+)%").matcher(report);
    assertThat(m.find()).as("hop " + n + " " + address + " in\n" + report).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
