package io.icmpkit.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.stack.StackCounters.Counter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 1122 3.2.2 / RFC 1812 4.3.2.7: the datagrams no ICMP error may be sent about. */
class NeverRulesTest {
  @ParameterizedTest
  @ValueSource(strings = {"err_ttl1", "unknowntype_ttl1", "bcast_udp", "lbcast_udp", "mcast_udp", "mcast_src",
      "zero_src", "nonfirst_ttl1"})
  void noErrorOut(String vector) {
    TestNet net = TestNet.standard();
    assertThat(net.fromH1(vector)).isEmpty();
    for (Node n : new Node[] {net.r1, net.r2, net.h3}) {
      assertThat(n.counters().get(Counter.ICMP_OUT_ERRORS)).isZero();
      assertThat(n.counters().get(Counter.ICMP_OUT_MSGS)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo_ttl1", "udp_h3_closed"})
  void theContrastCasesDoGetAnError(String vector) {
    TestNet net = TestNet.standard();
    assertThat(net.fromH1(vector)).hasSize(1);
  }
}
