package io.icmpkit.wire.icmpv6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Icmpv6PacketTest {

  @Test
  void deconstructEchoRequest() {
    Icmpv6Packet p = V6.view("echo_request");
    assertThat(p.type()).isEqualTo(128);
    assertThat(p.code()).isZero();
    assertThat(p.echoIdentifier()).isEqualTo(0x1234);
    assertThat(p.echoSequence()).isEqualTo(1);
    assertThat(Octets.copyOf(p.data())).isEqualTo(Octets.of("abcdefgh".getBytes()));
    assertThat(p.isError()).isFalse();
    assertThat(p.verifyChecksum(V6.src("echo_request"), V6.dst("echo_request"))).isTrue();
  }

  @Test
  void constructEchoRequest() {
    byte[] golden = V6.icmp("echo_request");
    MemorySegment buf = MemorySegment.ofArray(new byte[golden.length]);
    Icmpv6Packet p = Icmpv6Packet.forWriting(buf);
    p.setType(128);
    p.setCode(0);
    p.setEchoIdentifier(0x1234);
    p.setEchoSequence(1);
    MemorySegment.copy("abcdefgh".getBytes(), 0, buf, ValueLayout.JAVA_BYTE, 8, 8);
    p.fillChecksum(V6.src("echo_request"), V6.dst("echo_request"));
    assertThat(buf.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(golden);
  }

  @Test
  void deconstructErrors() {
    Icmpv6Packet ptb = V6.view("packet_too_big");
    assertThat(ptb.type()).isEqualTo(2);
    assertThat(ptb.mtu()).isEqualTo(1280);
    assertThat(ptb.isError()).isTrue();
    Icmpv6Packet pp = V6.view("param_problem");
    assertThat(pp.code()).isEqualTo(1);
    assertThat(pp.pointer()).isEqualTo(6);
    Icmpv6Packet du = V6.view("dest_unreach_4884");
    assertThat(du.length4884()).isEqualTo(16);
    assertThat(V6.view("dest_unreach_port").length4884()).isZero();
    // the quoted packet starts with its IPv6 header
    assertThat(Octets.copyOf(V6.view("time_exceeded").data()).get(0) >> 4).isEqualTo(6);
  }

  @Test
  void constructPacketTooBigAndParameterProblem() {
    for (String name : new String[] {"packet_too_big", "param_problem", "dest_unreach_4884"}) {
      byte[] golden = V6.icmp(name);
      MemorySegment buf = MemorySegment.ofArray(new byte[golden.length]);
      Icmpv6Packet p = Icmpv6Packet.forWriting(buf);
      Icmpv6Packet g = V6.view(name);
      p.setType(g.type());
      p.setCode(g.code());
      switch (g.type()) {
        case 2 -> p.setMtu(1280);
        case 4 -> p.setPointer(6);
        default -> p.setLength4884(16);
      }
      MemorySegment.copy(golden, 8, buf, ValueLayout.JAVA_BYTE, 8, golden.length - 8);
      p.fillChecksum(V6.src(name), V6.dst(name));
      assertThat(buf.toArray(ValueLayout.JAVA_BYTE)).as(name).isEqualTo(golden);
    }
  }

  @Test
  void checksumDetectsAnyFlippedBit() {
    byte[] b = V6.icmp("dest_unreach_port");
    for (int i = 0; i < b.length; i++) {
      byte[] c = b.clone();
      c[i] ^= 0x10;
      Icmpv6Packet p = Icmpv6Packet.checked(MemorySegment.ofArray(c));
      assertThat(p.verifyChecksum(V6.src("dest_unreach_port"), V6.dst("dest_unreach_port"))).as("byte %d", i).isFalse();
    }
    // wrong pseudo-header: same bytes, another destination
    assertThat(V6.view("dest_unreach_port").verifyChecksum(V6.src("dest_unreach_port"), V6.src("dest_unreach_port"))).isFalse();
  }

  @Test
  void checksumOfOddLengthMessage() {
    Icmpv6Packet p = V6.view("unknown_short"); // 5 bytes
    assertThat(p.length()).isEqualTo(5);
    assertThat(p.verifyChecksum(V6.src("unknown_short"), V6.dst("unknown_short"))).isTrue();
  }

  /** BAD-INPUTS row 38: fewer than 4 bytes is pkt_too_small. */
  @Test
  void checkedRejectsBelowFourBytes() {
    for (int n = 0; n < 4; n++) {
      MemorySegment s = MemorySegment.ofArray(new byte[] {(byte) 128, 0, 0, 0}).asSlice(0, n);
      assertThatThrownBy(() -> Icmpv6Packet.checked(s))
          .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.PKT_TOO_SMALL));
    }
  }

  @Test
  void checkedRejectsEveryTruncationOfRegisteredTypesBelowEightBytes() {
    for (String name : new String[] {"echo_request", "packet_too_big", "param_problem", "ra", "mld2_report", "ext_echo_reply"}) {
      byte[] b = V6.icmp(name);
      for (int n = 0; n < 8; n++) {
        MemorySegment s = MemorySegment.ofArray(Arrays.copyOf(b, n));
        assertThatThrownBy(() -> Icmpv6Packet.checked(s)).as("%s cut to %d", name, n).isInstanceOf(WireException.class);
      }
      for (int n = 8; n <= b.length; n++) {
        Icmpv6Packet p = Icmpv6Packet.checked(MemorySegment.ofArray(Arrays.copyOf(b, n)));
        // every accessor is safe after checked()
        p.echoIdentifier();
        p.echoSequence();
        p.mtu();
        p.pointer();
        p.length4884();
        assertThat(p.data().byteSize()).isEqualTo(n - 8);
      }
    }
  }

  @Test
  void unregisteredTypeMayBeShortAndReadsMissingBytesAsZero() {
    Icmpv6Packet p = V6.view("unknown_short");
    assertThat(p.type()).isEqualTo(99);
    assertThat(p.echoIdentifier()).isZero();
    assertThat(p.mtu()).isZero();
    assertThat(p.restOfHeader()).isZero();
    assertThat(p.data().byteSize()).isZero();
  }
}
