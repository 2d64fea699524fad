package io.icmpkit.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.ipv6.Ipv6Packet;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The hot-path forms of the views (reusable views re-pointed by {@code wrap}, views over an offset
 * range of a larger segment) read what the one-shot {@code checked()} views over slices read, on
 * Scapy's packets; and reject what {@code checked()} rejects.
 */
class ReusableViewsTest {
  static MemorySegment mix(String name) {
    return MemorySegment.ofArray(Vectors.get("bench_mix", name).toByteArray());
  }

  @Test
  void ipv4AndIcmpv4AtOffsetsReadLikeSlices() {
    Ipv4Packet ip = Ipv4Packet.reusable();
    Icmpv4Packet icmp = Icmpv4Packet.reusable();
    Ipv4Packet quoted = Ipv4Packet.reusable();
    for (String name : new String[] {"echo_request", "echo_reply", "time_exceeded_udp", "port_unreachable_udp"}) {
      MemorySegment s = mix(name);
      Ipv4Packet oneIp = Ipv4Packet.checked(s);
      Icmpv4Packet oneIcmp = Icmpv4Packet.checked(oneIp.payload());
      assertThat(ip.wrap(s)).isSameAs(ip);
      icmp.wrap(s, ip.payloadOffset(), ip.payloadLength());
      assertThat(ip.verifyChecksum()).isTrue();
      assertThat(icmp.verifyChecksum()).as(name).isTrue();
      assertThat(icmp.computeChecksum()).isEqualTo(oneIcmp.computeChecksum());
      assertThat(icmp.type()).isEqualTo(oneIcmp.type());
      assertThat(icmp.restOfHeader()).isEqualTo(oneIcmp.restOfHeader());
      assertThat(icmp.length()).isEqualTo(oneIcmp.length());
      assertThat(icmp.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
          .isEqualTo(oneIcmp.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
      assertThat(icmp.data().byteSize()).isEqualTo(oneIcmp.data().byteSize());
      assertThat(Icmpv4Packet.checked(s, ip.payloadOffset(), ip.payloadLength()).echoSequence())
          .isEqualTo(oneIcmp.echoSequence());
      if (oneIcmp.type() == 3 || oneIcmp.type() == 11) {
        Ipv4Packet oneQuoted = Ipv4Packet.checked(oneIcmp.data());
        long q = icmp.bufferOffset() + icmp.dataOffset();
        quoted.wrap(s, q, s.byteSize() - q);
        assertThat(quoted.protocol()).isEqualTo(oneQuoted.protocol());
        assertThat(quoted.destinationBits()).isEqualTo(oneQuoted.destinationBits());
        assertThat(quoted.payloadOffset()).isEqualTo(oneQuoted.payloadOffset());
        assertThat(quoted.payloadLength()).isEqualTo(oneQuoted.payloadLength());
        assertThat(quoted.verifyChecksum()).isEqualTo(oneQuoted.verifyChecksum());
        assertThat(quoted.computeChecksum()).isEqualTo(oneQuoted.computeChecksum());
        assertThat(quoted.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
            .isEqualTo(oneQuoted.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertThat(quoted.segment().byteSize()).isEqualTo(oneQuoted.segment().byteSize());
      }
    }
  }

  @Test
  void ipv6AndIcmpv6ReusableReadLikeChecked() {
    Ipv6Packet ip = Ipv6Packet.reusable();
    Icmpv6Packet icmp = Icmpv6Packet.reusable();
    for (String name : new String[] {"echo6_request", "echo6_reply"}) {
      MemorySegment s = mix(name);
      Ipv6Packet oneIp = Ipv6Packet.checked(s);
      Icmpv6Packet oneIcmp = Icmpv6Packet.checked(oneIp.upperLayerPayload());
      ip.wrap(s, AnomalySink.IGNORE);
      assertThat(ip.upperLayerOffset()).isEqualTo(oneIp.upperLayerOffset());
      assertThat(ip.upperLayerLength()).isEqualTo(oneIp.upperLayerPayload().byteSize());
      icmp.wrap(s, ip.upperLayerOffset(), ip.upperLayerLength());
      assertThat(icmp.verifyChecksum(s)).isTrue();
      assertThat(icmp.verifyChecksum(oneIp.sourceBytes(), oneIp.destinationBytes())).isTrue();
      assertThat(icmp.echoIdentifier()).isEqualTo(oneIcmp.echoIdentifier());
      assertThat(icmp.echoSequence()).isEqualTo(oneIcmp.echoSequence());
      assertThat(icmp.length()).isEqualTo(oneIcmp.length());
      assertThat(icmp.data().byteSize()).isEqualTo(oneIcmp.data().byteSize());
      assertThat(icmp.restOfHeader()).isEqualTo(oneIcmp.restOfHeader());
    }
    // a flipped payload byte breaks the in-place pseudo-header checksum too
    byte[] b = Vectors.get("bench_mix", "echo6_request").toByteArray();
    b[b.length - 1] ^= 1;
    MemorySegment bad = MemorySegment.ofArray(b);
    ip.wrap(bad, AnomalySink.IGNORE);
    assertThat(icmp.wrap(bad, ip.upperLayerOffset(), ip.upperLayerLength()).verifyChecksum(bad)).isFalse();
  }

  @Test
  void wrapRejectsWhatCheckedRejectsAndKeepsTheView() {
    MemorySegment good = mix("echo_request");
    Ipv4Packet ip = Ipv4Packet.reusable().wrap(good);
    byte[] v6 = good.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    v6[0] = 0x65;
    assertThatThrownBy(() -> ip.wrap(MemorySegment.ofArray(v6)))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.WRONG_IP_VERSION));
    assertThatThrownBy(() -> ip.wrap(good, 0, 19))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.PKT_TOO_SMALL));
    assertThat(ip.totalLength()).isEqualTo(good.byteSize()); // unchanged
    assertThatThrownBy(() -> ip.wrap(good, 10, good.byteSize())).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Icmpv4Packet.reusable().wrap(good, 20, 7))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.PKT_TOO_SMALL));
    assertThatThrownBy(() -> Icmpv6Packet.reusable().wrap(MemorySegment.ofArray(new byte[] {(byte) 128, 0, 0, 0, 0}), 0, 5))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.TRUNCATED));
    assertThatThrownBy(() -> Ipv6Packet.reusable().wrap(good, AnomalySink.IGNORE))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.WRONG_IP_VERSION));
  }
}
