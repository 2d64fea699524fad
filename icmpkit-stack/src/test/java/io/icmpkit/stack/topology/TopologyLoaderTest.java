package io.icmpkit.stack.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.stack.topology.Topology.Endpoint;
import io.icmpkit.stack.topology.Topology.LinkSpec;
import io.icmpkit.stack.topology.Topology.NodeSpec;
import io.icmpkit.stack.topology.Topology.RouteKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyLoaderTest {
  static final Path SAMPLES = Path.of("..", "samples", "topologies");

  static final String MINIMAL = """
      host:
        addresses: [198.18.0.1/24]
      nodes:
        r1:
          router: true
          interfaces:
            eth0: [198.18.0.2/24]
            eth1: {addresses: [198.18.1.1/24, 2001:db8:1::1/64], mtu: 1400, mpls: [16001]}
          routes:
            - {to: 203.0.113.0/24, action: unreachable}
            - {to: 192.0.2.0/24, via: [198.18.1.2, 198.18.1.3]}
        h1:
          interfaces: {eth0: [198.18.1.2/24]}
          udp: [53, 7]
          prohibit: [{protocol: udp, source: 198.18.0.0/24}]
          config: {rateLimit: false, errorSource: outbound}
      links:
        - {ends: [host, r1.eth0], delay: 1.5ms, jitter: 250us, loss: 2%}
        - {name: lan, ends: [r1.eth1, h1.eth0], mtu: 1492}
      """;

  static Stream<Path> samples() throws Exception {
    return Files.list(SAMPLES).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleLoads(Path file) {
    Topology t = TopologyLoader.load(file);
    assertThat(t.nodes()).isNotEmpty();
    assertThat(t.hostLink().ends()).contains(Endpoint.HOST);
  }

  @Test
  void readsEveryField() {
    Topology t = TopologyLoader.parse("t.yaml", MINIMAL);
    assertThat(t.name()).isEqualTo("topology");
    assertThat(t.host().tun()).isEqualTo("icmpkit0");
    assertThat(t.host().addresses()).containsExactly(Prefix.parse("198.18.0.1/24"));
    NodeSpec r1 = t.node("r1").orElseThrow();
    assertThat(r1.router()).isTrue();
    assertThat(r1.autoRoutes()).isTrue();
    assertThat(r1.iface("eth1").orElseThrow().mtu()).contains(1400);
    assertThat(r1.iface("eth1").orElseThrow().mplsLabels()).containsExactly(16001);
    assertThat(r1.routes()).hasSize(2);
    assertThat(r1.routes().get(0).kind()).isEqualTo(RouteKind.UNREACHABLE);
    assertThat(r1.routes().get(1).via()).hasSize(2);
    NodeSpec h1 = t.node("h1").orElseThrow();
    assertThat(h1.router()).isFalse();
    assertThat(h1.udpListeners()).containsExactly(53, 7);
    assertThat(h1.prohibit().getFirst().protocol()).contains(17);
    assertThat(h1.config().rateLimit()).contains(false);
    assertThat(h1.config().errorSource()).contains("outbound");
    LinkSpec access = t.links().get(0);
    assertThat(access.name()).isEqualTo("link1");
    assertThat(access.mtu()).isEqualTo(1500);
    assertThat(access.delay()).isEqualTo(Duration.ofNanos(1_500_000));
    assertThat(access.jitter()).isEqualTo(Duration.ofNanos(250_000));
    assertThat(access.loss()).isEqualTo(0.02);
    assertThat(t.links().get(1).name()).isEqualTo("lan");
    assertThat(t.virtualPrefixes()).containsExactly(Prefix.parse("198.18.1.0/24"),
        Prefix.parse("2001:db8:1::/64"));
  }

  @Test
  void configInheritsDefaults() {
    Topology.Config node = new Topology.Config(Optional.of(false), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    Topology.Config base = new Topology.Config(Optional.of(true), Optional.of(10),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    Topology.Config c = node.over(base);
    assertThat(c.rateLimit()).contains(false);
    assertThat(c.rateIntervalMs()).contains(10);
    assertThat(c.probe()).contains(true);
    assertThat(c.redirects()).isEmpty();
  }

  /** Replaces {@code from} in the minimal topology and expects an error at a line and field. */
  private static void rejects(String from, String to, int line, String field, String message) {
    assertThat(MINIMAL).contains(from);
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", MINIMAL.replace(from, to)))
        .isInstanceOf(TopologyException.class)
        .satisfies(e -> {
          TopologyException te = (TopologyException) e;
          assertThat(te.line()).as(te.getMessage()).isEqualTo(line);
          assertThat(te.field()).as(te.getMessage()).isEqualTo(field);
          assertThat(te.getMessage()).startsWith("t.yaml:" + line + ":").contains(message);
        });
  }

  @Test
  void errorsNameLineAndField() {
    rejects("mtu: 1400,", "mtu: 20,", 8, "nodes.r1.interfaces.eth1.mtu", "must be 68..65535, got 20");
    rejects("mtu: 1400,", "mtu: 1000,", 8, "nodes.r1.interfaces.eth1.mtu", "IPv6's minimum 1280");
    rejects("mtu: 1492}", "mtu: x}", 19, "links[1].mtu", "expected an integer");
    rejects("loss: 2%", "loss: 200%", 18, "links[0].loss", "0..1");
    rejects("delay: 1.5ms", "delay: soon", 18, "links[0].delay", "duration");
    rejects("[host, r1.eth0]", "[host, r9.eth0]", 18, "links[0].ends[1]", "no node 'r9'");
    rejects("[host, r1.eth0]", "[host, r1.eth7]", 18, "links[0].ends[1]", "no interface 'eth7'");
    rejects("[r1.eth1, h1.eth0]", "[r1.eth0, h1.eth0]", 19, "links[1].ends[0]",
        "r1.eth0 is already an end of a link");
    rejects("[198.18.1.2/24]", "[198.18.1.1/24]", 13, "nodes.h1.interfaces.eth0[0]",
        "198.18.1.1 is already used at nodes.r1.interfaces.eth1.addresses[0]");
    rejects("[198.18.1.2/24]", "[198.18.1.2]", 13, "nodes.h1.interfaces.eth0[0]",
        "prefix length");
    rejects("[198.18.1.2/24]", "[198.18.1.300/24]", 13, "nodes.h1.interfaces.eth0[0]",
        "not an IPv4 or IPv6 address");
    rejects("udp: [53, 7]", "udp: [53, 70000]", 14, "nodes.h1.udp[1]", "1..65535");
    rejects("router: true", "router: maybe", 5, "nodes.r1.router", "true or false");
    rejects("router: true", "routr: true", 5, "nodes.r1.routr", "unknown key");
    rejects("via: [198.18.1.2, 198.18.1.3]", "via: [198.18.1.2, 198.18.9.3]", 11,
        "nodes.r1.routes[1].via", "198.18.9.3 is on no subnet of r1");
    rejects("action: unreachable", "action: drop", 10, "nodes.r1.routes[0].action",
        "forward, unreachable, prohibit");
    rejects("errorSource: outbound", "errorSource: elsewhere", 16,
        "nodes.h1.config.errorSource", "inbound, outbound");
    rejects("{ends: [host, r1.eth0], delay: 1.5ms, jitter: 250us, loss: 2%}",
        "{ends: [r1.eth0], delay: 1ms}", 18, "links[0].ends", "at least two ends");
    rejects("  addresses: [198.18.0.1/24]\n", "  tun: this-name-is-far-too-long\n"
        + "  addresses: [198.18.0.1/24]\n", 2, "host.tun", "1 to 15");
  }

  @Test
  void structuralErrors() {
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", ""))
        .hasMessage("t.yaml:1:1: empty file");
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", "host: [unclosed"))
        .isInstanceOf(TopologyException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", "- a\n- b\n"))
        .hasMessageContaining("t.yaml:1:1: expected a mapping");
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", "host: {addresses: [198.18.0.1/24]}\n"))
        .hasMessageContaining("nodes: missing (required)");
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", """
        host: {addresses: [198.18.0.1/24]}
        nodes: {a: {interfaces: {x: [198.18.1.1/24]}}, b: {interfaces: {x: [198.18.1.2/24]}}}
        links: [{ends: [a.x, b.x]}]
        """))
        .hasMessage("t.yaml:3:8: links: exactly one link must have 'host' as an end (the TUN side),"
            + " found 0");
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", """
        host: {addresses: [198.18.0.1/24]}
        nodes: {a: {interfaces: {x: [198.18.0.2/24]}}, b: {interfaces: {x: [198.18.0.3/24]}}}
        links: [{ends: [host, a.x, b.x]}]
        """))
        .hasMessageContaining("links[0].ends: the host link is point-to-point");
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", MINIMAL.replace("nodes:\n",
        "nodes:\n  host: {interfaces: {eth0: [198.18.7.1/24]}}\n")))
        .hasMessageContaining("nodes.host: a node name");
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", MINIMAL + "name: a\nname: b\n"))
        .isInstanceOf(TopologyException.class).hasMessageContaining("name");
  }

  @Test
  void missingFile() {
    assertThatThrownBy(() -> TopologyLoader.load(Path.of("no/such.yaml")))
        .hasMessage("no/such.yaml:0:0: no such file");
  }

  @Test
  void deepNestingIsBounded() {
    String deep = "host: " + "[".repeat(200) + "]".repeat(200) + "\n";
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", deep))
        .isInstanceOf(TopologyException.class);
  }

  @Test
  void aliasesAreNotExpanded() {
    // a "billion laughs" document: Jackson's YAML parser hands an alias over as its name, so
    // nothing multiplies; the loader then rejects the value where a mapping or list belongs
    String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nhost: *c\n";
    assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", bomb))
        .isInstanceOf(TopologyException.class);
  }

  @Test
  void oversizedFilesAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "# " + "x".repeat((int) TopologyLoader.MAX_FILE_BYTES) + "\n");
    assertThatThrownBy(() -> TopologyLoader.load(big)).hasMessageContaining("larger than");
  }

  @Test
  void durationsAndUnits() {
    for (String[] c : List.of(new String[] {"2", "PT0.002S"}, new String[] {"500ns", "PT0.0000005S"},
        new String[] {"1s", "PT1S"}, new String[] {"0.25ms", "PT0.00025S"})) {
      Topology t = TopologyLoader.parse("t.yaml", MINIMAL.replace("delay: 1.5ms", "delay: " + c[0]));
      assertThat(t.links().get(0).delay()).as(c[0]).isEqualTo(Duration.parse(c[1]));
    }
  }
}
