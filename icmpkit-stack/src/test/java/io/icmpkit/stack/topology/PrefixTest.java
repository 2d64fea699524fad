package io.icmpkit.stack.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrefixTest {
  @Test
  void parsesAndComputesSubnets() {
    Prefix p = Prefix.parse("198.18.20.13/24");
    assertThat(p.network()).isEqualTo(Prefix.parse("198.18.20.0/24"));
    assertThat(p.broadcast()).isEqualTo(Prefix.parseAddress("198.18.20.255"));
    assertThat(p.contains(Prefix.parseAddress("198.18.20.200"))).isTrue();
    assertThat(p.contains(Prefix.parseAddress("198.18.21.1"))).isFalse();
    assertThat(p.contains(Prefix.parseAddress("2001:db8::1"))).isFalse();
    assertThat(Prefix.parse("10.1.2.3/13").network().toString()).isEqualTo("10.0.0.0/13");
    assertThat(Prefix.parse("10.1.2.3/13").broadcast()).isEqualTo(Prefix.parseAddress("10.7.255.255"));
    assertThat(Prefix.parse("2001:db8:1::7/64").network().toString()).isEqualTo("2001:db8:1::/64");
    assertThat(Prefix.parse("2001:db8:0:1:0:0:0:1/64").toString()).isEqualTo("2001:db8:0:1::1/64");
    assertThat(Prefix.parse("::/0").toString()).isEqualTo("::/0");
    assertThat(Prefix.parse("fe80::1:0:0:1/10").toString()).isEqualTo("fe80::1:0:0:1/10");
    assertThat(Prefix.parse("1:0:0:2:0:0:0:3/64").toString()).isEqualTo("1:0:0:2::3/64");
    assertThat(Prefix.parse("1:2:3:4:5:6:7:0/128").toString()).isEqualTo("1:2:3:4:5:6:7:0/128");
    assertThat(Prefix.parse("2001:db8:1::7/64").broadcast()).isNull();
    assertThat(Prefix.parse("198.18.0.1").length()).isEqualTo(32);
    assertThat(Prefix.parse("0.0.0.0/0").contains(Prefix.parseAddress("203.0.113.9"))).isTrue();
  }

  @Test
  void rejectsNamesAndBadLengths() {
    assertThatThrownBy(() -> Prefix.parse("localhost/8")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Prefix.parse("10.0.0.1/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Prefix.parse("10.0.0.1/-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Prefix.parse("::1/129")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Prefix.parse("10.0.0/8")).isInstanceOf(IllegalArgumentException.class);
  }
}
