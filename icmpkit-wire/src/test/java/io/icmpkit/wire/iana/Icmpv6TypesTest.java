package io.icmpkit.wire.iana;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Icmpv6TypesTest {

  @Test
  void errorTypesAreBelow128() {
    assertThat(Icmpv6Types.isError(1)).isTrue();
    assertThat(Icmpv6Types.isError(127)).isTrue();
    assertThat(Icmpv6Types.isError(128)).isFalse();
    assertThat(Icmpv6Types.isError(255)).isFalse();
  }

  @Test
  void typeNamesAsWireshark() {
    assertThat(Icmpv6Types.typeName(1)).isEqualTo("Destination Unreachable");
    assertThat(Icmpv6Types.typeName(2)).isEqualTo("Packet Too Big");
    assertThat(Icmpv6Types.typeName(128)).isEqualTo("Echo (ping) request");
    assertThat(Icmpv6Types.typeName(143)).isEqualTo("Multicast Listener Report Message v2");
    assertThat(Icmpv6Types.typeName(160)).isEqualTo("Extended Echo request");
    assertThat(Icmpv6Types.typeName(200)).isEqualTo("Private experimentation");
    assertThat(Icmpv6Types.typeName(99)).isEqualTo("Unknown (99)");
    assertThat(Icmpv6Types.typeName(162)).isEqualTo("Unknown (162)");
    assertThat(Icmpv6Types.typeName(-1)).isEqualTo("Unknown (-1)");
  }

  @Test
  void everyInformationalTypeFrom128To161IsRegistered() {
    for (int t = 128; t <= 161; t++) {
      assertThat(Icmpv6Types.isKnownType(t)).as("type %d", t).isTrue();
      assertThat(Icmpv6Types.typeName(t)).doesNotStartWith("Unknown");
    }
    assertThat(Icmpv6Types.isKnownType(162)).isFalse();
    assertThat(Icmpv6Types.isKnownType(5)).isFalse();
  }

  @Test
  void codeRangesPerType() {
    assertCodes(1, 8);
    assertCodes(3, 1);
    assertCodes(4, 10);
    assertCodes(2, 0);
    assertCodes(128, 0);
    assertCodes(133, 0);
    assertCodes(139, 2);
    assertCodes(140, 2);
    assertCodes(160, 0);
    assertCodes(161, 4);
  }

  private static void assertCodes(int type, int maxCode) {
    for (int c = 0; c <= maxCode; c++) {
      assertThat(Icmpv6Types.isKnownCode(type, c)).as("type %d code %d", type, c).isTrue();
    }
    assertThat(Icmpv6Types.isKnownCode(type, maxCode + 1)).as("type %d code %d", type, maxCode + 1).isFalse();
    assertThat(Icmpv6Types.isKnownCode(type, 255)).isFalse();
  }

  @Test
  void codeNames() {
    assertThat(Icmpv6Types.codeName(1, 4)).isEqualTo("Port unreachable");
    assertThat(Icmpv6Types.codeName(1, 0)).isEqualTo("no route to destination");
    assertThat(Icmpv6Types.codeName(1, 8)).isEqualTo("Headers too long");
    // unregistered codes as tshark 4.0 prints them: val_to_str_const for unreachable, "%d" elsewhere
    assertThat(Icmpv6Types.codeName(1, 9)).isEqualTo("Unknown");
    assertThat(Icmpv6Types.codeName(4, 11)).isEqualTo("Unknown (11)");
    assertThat(Icmpv6Types.codeName(3, 2)).isEqualTo("Unknown (2)");
    assertThat(Icmpv6Types.codeName(3, 0)).isEqualTo("hop limit exceeded in transit");
    assertThat(Icmpv6Types.codeName(4, 3)).isEqualTo("IPv6 First Fragment has incomplete IPv6 Header Chain");
    assertThat(Icmpv6Types.codeName(4, 10)).isEqualTo("Option too big");
    assertThat(Icmpv6Types.codeName(161, 2)).isEqualTo("No Such Interface");
    assertThat(Icmpv6Types.codeName(138, 255)).isEqualTo("Sequence Number Reset");
    assertThat(Icmpv6Types.codeName(155, 0x8A)).isEqualTo("Consistency Check");
    assertThat(Icmpv6Types.codeName(128, 0)).isEmpty();
    assertThat(Icmpv6Types.codeName(3, 2)).isEqualTo("Unknown (2)");
    assertThat(Icmpv6Types.codeName(99, 0)).isEqualTo("Unknown (0)");
  }

  @Test
  void unknownTypesHaveNoKnownCodesAndCodelessTypesAcceptAll() {
    assertThat(Icmpv6Types.isKnownCode(99, 0)).isFalse();
    assertThat(Icmpv6Types.isKnownCode(200, 17)).isTrue(); // private experimentation: no code table
    assertThat(Icmpv6Types.isKnownCode(1, -1)).isFalse();
    assertThat(Icmpv6Types.isKnownCode(-1, 0)).isFalse();
  }
}
