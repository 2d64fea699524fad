package io.icmpkit.stack.iface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final NodeInterface eth0 = new NodeInterface("n", "eth0", 1, 1500,
      List.of(InterfaceAddress.parse("10.0.0.1/24"), InterfaceAddress.parse("2001:db8::1/64")), List.of());
  private final NodeInterface eth1 = new NodeInterface("n", "eth1", 2, 1400,
      List.of(InterfaceAddress.parse("10.1.0.1/24")), List.of());
  private final RoutingTable t = new RoutingTable(Map.of("eth0", eth0, "eth1", eth1)::get);

  @Test
  void longestPrefixWins() {
    t.route("0.0.0.0/0", "10.0.0.254", "eth0");
    t.route("192.0.2.0/24", "10.1.0.2", "eth1");
    t.unreachable("192.0.2.128/25");
    t.route("::/0", "2001:db8::fe", "eth0");
    assertThat(t.lookup(Addresses.parse("192.0.2.1")).nextHops().getFirst().iface()).isSameAs(eth1);
    assertThat(t.lookup(Addresses.parse("192.0.2.200")).type()).isEqualTo(RouteType.UNREACHABLE);
    assertThat(t.lookup(Addresses.parse("198.51.100.1")).prefix().length()).isZero();
    assertThat(t.lookup(Addresses.parse("2001:db8:9::1")).prefix().isIpv6()).isTrue();
  }

  @Test
  void familiesNeverMatchEachOther() {
    t.route("0.0.0.0/0", "10.0.0.254", "eth0");
    assertThat(t.lookup(Addresses.parse("2001:db8::5"))).isNull();
  }

  @Test
  void ecmpIsStablePerFlowAndUsesEveryHop() {
    t.ecmp(Prefix.parse("203.0.113.0/24"), List.of(t.hop("10.0.0.2", "eth0"), t.hop("10.1.0.2", "eth1")));
    Route r = t.lookup(Addresses.parse("203.0.113.9"));
    Set<NodeInterface> used = new HashSet<>();
    for (int h = 0; h < 100; h++) {
      assertThat(r.select(h)).isEqualTo(r.select(h));
      used.add(r.select(h * 7919).iface());
    }
    assertThat(used).containsExactlyInAnyOrder(eth0, eth1);
  }

  @Test
  void prefixesAreNormalisedAndMatchBitwise() {
    Prefix p = Prefix.parse("10.1.2.3/12");
    assertThat(p.toString()).isEqualTo("10.0.0.0/12");
    assertThat(p.contains(Addresses.parse("10.15.255.255"))).isTrue();
    assertThat(p.contains(Addresses.parse("10.16.0.0"))).isFalse();
    assertThat(Prefix.parse("2001:db8::/33").contains(Addresses.parse("2001:db8:7fff::1"))).isTrue();
    assertThat(Prefix.parse("2001:db8::/33").contains(Addresses.parse("2001:db8:8000::1"))).isFalse();
    assertThatThrownBy(() -> Prefix.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Addresses.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void interfaceAddressHelpers() {
    InterfaceAddress a = InterfaceAddress.parse("10.0.0.1/24");
    assertThat(Addresses.v4(a.broadcastBits()).getHostAddress()).isEqualTo("10.0.0.255");
    assertThat(Addresses.v4(a.maskBits()).getHostAddress()).isEqualTo("255.255.255.0");
    assertThat(InterfaceAddress.parse("10.0.0.1/31").broadcastBits()).isZero();
    assertThat(eth0.isDirectedBroadcast(Addresses.bits(Addresses.parse("10.0.0.255").getAddress()))).isTrue();
    assertThat(eth0.onLink(Addresses.parse("10.0.0.77").getAddress())).isTrue();
    assertThat(eth0.ipv6Address().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
  }
}
