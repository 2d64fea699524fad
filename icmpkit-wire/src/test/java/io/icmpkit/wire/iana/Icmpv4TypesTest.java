package io.icmpkit.wire.iana;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Icmpv4TypesTest {

  @Test
  void everyTypeHasAName() {
    for (int t = 0; t < 256; t++) {
      assertThat(Icmpv4Types.typeName(t)).isNotBlank();
      assertThat(Icmpv4Types.displayTypeName(t)).isNotBlank();
    }
    assertThat(Icmpv4Types.typeName(-1)).startsWith("Unknown");
    assertThat(Icmpv4Types.typeName(256)).startsWith("Unknown");
  }

  @Test
  void registryNames() {
    assertThat(Icmpv4Types.typeName(0)).isEqualTo("Echo Reply");
    assertThat(Icmpv4Types.typeName(8)).isEqualTo("Echo");
    assertThat(Icmpv4Types.typeName(7)).isEqualTo("Unassigned");
    assertThat(Icmpv4Types.typeName(25)).isEqualTo("Reserved (for Robustness Experiment)");
    assertThat(Icmpv4Types.typeName(100)).isEqualTo("Unassigned");
    assertThat(Icmpv4Types.typeName(253)).isEqualTo("RFC3692-style Experiment 1");
    assertThat(Icmpv4Types.codeName(3, 4)).isEqualTo("Fragmentation Needed and Don't Fragment was Set");
    assertThat(Icmpv4Types.codeName(3, 16)).isNull();
    assertThat(Icmpv4Types.codeName(9, 16)).isEqualTo("Does not route common traffic");
    assertThat(Icmpv4Types.codeName(9, 8)).isNull();
    assertThat(Icmpv4Types.codeName(43, 4)).isEqualTo("Multiple Interfaces Satisfy Query");
    assertThat(Icmpv4Types.codeName(99, 0)).isNull();
    assertThat(Icmpv4Types.codeName(300, 0)).isNull();
    assertThat(Icmpv4Types.codeName(3, -1)).isNull();
  }

  @Test
  void deprecatedTypes() {
    int count = 0;
    for (int t = 0; t < 256; t++) {
      if (Icmpv4Types.isDeprecated(t)) {
        count++;
        assertThat(t).isIn(4, 6, 15, 16, 17, 18, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
      }
    }
    assertThat(count).isEqualTo(16);
  }

  @Test
  void knownCodes() {
    assertThat(Icmpv4Types.isKnownCode(8, 0)).isTrue();
    assertThat(Icmpv4Types.isKnownCode(8, 1)).isFalse();
    assertThat(Icmpv4Types.isKnownCode(3, 15)).isTrue();
    assertThat(Icmpv4Types.isKnownCode(5, 4)).isFalse();
    assertThat(Icmpv4Types.isKnownCode(11, 2)).isFalse();
    assertThat(Icmpv4Types.isKnownCode(12, 2)).isTrue();
    assertThat(Icmpv4Types.isKnownCode(40, 5)).isTrue();
  }

  @Test
  void classification() {
    assertThat(Icmpv4Types.isError(3)).isTrue();
    assertThat(Icmpv4Types.isError(11)).isTrue();
    assertThat(Icmpv4Types.isError(8)).isFalse();
    assertThat(Icmpv4Types.isAssigned(42)).isTrue();
    assertThat(Icmpv4Types.isAssigned(44)).isFalse();
    assertThat(Icmpv4Types.isAssigned(19)).isFalse();
    assertThat(Icmpv4Types.replyTypeOf(8)).isZero();
    assertThat(Icmpv4Types.replyTypeOf(42)).isEqualTo(43);
    assertThat(Icmpv4Types.replyTypeOf(0)).isEqualTo(-1);
  }

  @Test
  void wiresharkWording() {
    assertThat(Icmpv4Types.infoPrefix(3, 3)).isEqualTo("Destination unreachable (Port unreachable)");
    assertThat(Icmpv4Types.infoPrefix(8, 0)).isEqualTo("Echo (ping) request ");
    assertThat(Icmpv4Types.infoPrefix(9, 32)).isEqualTo("Router advertisement (Unknown code: 32)");
    assertThat(Icmpv4Types.infoPrefix(9, 16)).isEqualTo("Mobile IP Advertisement (Does not route common traffic)");
    assertThat(Icmpv4Types.displayCodeName(8, 0)).isNull();
    assertThat(Icmpv4Types.displayTypeName(7)).isEqualTo("Unknown ICMP (obsolete or malformed?)");
  }
}
