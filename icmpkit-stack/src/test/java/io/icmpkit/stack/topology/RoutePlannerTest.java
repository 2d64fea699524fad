package io.icmpkit.stack.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.topology.RoutePlanner.Hop;
import io.icmpkit.stack.topology.RoutePlanner.PlannedRoute;
import io.icmpkit.stack.topology.Topology.RouteKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {
  static final Path SAMPLES = TopologyLoaderTest.SAMPLES;

  static PlannedRoute route(List<PlannedRoute> routes, String prefix) {
    return routes.stream().filter(r -> r.to().equals(Prefix.parse(prefix))).findFirst()
        .orElseThrow(() -> new AssertionError("no route to " + prefix + " in " + routes));
  }

  static Hop hop(String via, String iface) {
    return new Hop(Prefix.parseAddress(via), iface);
  }

  @Test
  void pathRoutesBothWays() {
    Map<String, List<PlannedRoute>> plan = RoutePlanner.plan(TopologyLoader.load(
        SAMPLES.resolve("path5.yaml")));
    assertThat(route(plan.get("r1"), "198.18.4.0/24").hops()).containsExactly(hop("198.18.1.2", "eth1"));
    assertThat(route(plan.get("r3"), "2001:db8:4::/64").hops())
        .containsExactly(hop("2001:db8:3::2", "eth1"));
    assertThat(route(plan.get("target"), "198.18.0.0/24").hops())
        .containsExactly(hop("198.18.4.1", "eth0"));
    // connected subnets are the node's own business
    assertThat(plan.get("r1").stream().map(PlannedRoute::to)).doesNotContain(
        Prefix.parse("198.18.0.0/24"), Prefix.parse("198.18.1.0/24"));
  }

  @Test
  void diamondIsAnEcmpGroup() {
    Map<String, List<PlannedRoute>> plan = RoutePlanner.plan(TopologyLoader.load(
        SAMPLES.resolve("ecmp-diamond.yaml")));
    assertThat(route(plan.get("r1"), "198.18.14.0/24").hops())
        .containsExactly(hop("198.18.10.2", "a"), hop("198.18.11.2", "b"));
    assertThat(route(plan.get("r3"), "198.18.0.0/24").hops())
        .containsExactly(hop("198.18.12.1", "a"), hop("198.18.13.1", "b"));
    assertThat(route(plan.get("r2a"), "198.18.14.0/24").hops())
        .containsExactly(hop("198.18.12.2", "eth1"));
  }

  @Test
  void hostsDoNotCarryTransit() {
    // h1 sits between r1 and r2 but is no router: r1 has no route to r2's far subnet
    Topology t = TopologyLoader.parse("t.yaml", """
        host: {addresses: [198.18.0.1/24]}
        nodes:
          r1: {router: true, interfaces: {eth0: [198.18.0.2/24], eth1: [198.18.1.1/24]}}
          h1: {interfaces: {a: [198.18.1.2/24], b: [198.18.2.1/24]}}
          r2: {router: true, interfaces: {eth0: [198.18.2.2/24], eth1: [198.18.3.1/24]},
               routes: [{to: 0.0.0.0/0, via: 198.18.2.1}], autoRoutes: false}
        links:
          - {ends: [host, r1.eth0]}
          - {ends: [r1.eth1, h1.a]}
          - {ends: [h1.b, r2.eth0]}
        """);
    Map<String, List<PlannedRoute>> plan = RoutePlanner.plan(t);
    assertThat(plan.get("r1").stream().map(PlannedRoute::to)).contains(Prefix.parse("198.18.2.0/24"))
        .doesNotContain(Prefix.parse("198.18.3.0/24"));
    assertThat(plan.get("r2")).containsExactly(new PlannedRoute(Prefix.parse("0.0.0.0/0"),
        RouteKind.FORWARD, List.of(hop("198.18.2.1", "eth0"))));
  }

  @Test
  void explicitRoutesReplaceComputedOnes() {
    Topology t = TopologyLoader.parse("t.yaml", TopologyLoaderTest.MINIMAL);
    List<PlannedRoute> r1 = RoutePlanner.plan(t).get("r1");
    assertThat(r1.get(0)).isEqualTo(new PlannedRoute(Prefix.parse("203.0.113.0/24"),
        RouteKind.UNREACHABLE, List.of()));
    assertThat(r1.get(1).hops()).containsExactly(hop("198.18.1.2", "eth1"), hop("198.18.1.3", "eth1"));
    List<PlannedRoute> h1 = RoutePlanner.plan(t).get("h1");
    assertThat(route(h1, "198.18.0.0/24").hops()).containsExactly(hop("198.18.1.1", "eth0"));
  }
}
