package io.icmpkit.wire.ipv6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ipv6PacketTest {

  static MemorySegment vec(String name) {
    return MemorySegment.ofArray(Vectors.get("ip", name).toByteArray());
  }

  @Test
  void deconstructEcho() throws Exception {
    Ipv6Packet p = Ipv6Packet.checked(vec("v6_echo"));
    assertThat(p.version()).isEqualTo(6);
    assertThat(p.trafficClass()).isEqualTo(0xb8);
    assertThat(p.dscp()).isEqualTo(46);
    assertThat(p.ecn()).isZero();
    assertThat(p.flowLabel()).isEqualTo(0x12345);
    assertThat(p.payloadLength()).isEqualTo(11);
    assertThat(p.nextHeader()).isEqualTo(58);
    assertThat(p.hopLimit()).isEqualTo(64);
    assertThat(p.source()).isEqualTo(InetAddress.getByName("2001:db8::1"));
    assertThat(p.destination()).isEqualTo(InetAddress.getByName("2001:db8::2"));
    assertThat(Octets.copyOf(p.sourceBytes())).isEqualTo(Octets.ofHex("20010db8000000000000000000000001"));
    assertThat(p.sourceHigh()).isEqualTo(0x20010db800000000L);
    assertThat(p.destinationLow()).isEqualTo(2L);
    assertThat(p.upperLayerProtocol()).isEqualTo(58);
    assertThat(p.upperLayerOffset()).isEqualTo(40);
    assertThat(p.capturedPayloadLength()).isEqualTo(11);
    assertThat(Octets.copyOf(p.upperLayerPayload())).isEqualTo(Octets.ofHex("80004dad12340001616263"));
    assertThat(p.isFragment()).isFalse();
    assertThat(p.isTruncated()).isFalse();
  }

  @Test
  void constructEcho() throws Exception {
    Octets golden = Vectors.get("ip", "v6_echo");
    MemorySegment buf = MemorySegment.ofArray(new byte[golden.length()]);
    Ipv6Packet p = Ipv6Packet.unchecked(buf);
    p.setVersion(6);
    p.setTrafficClass(0xb8);
    p.setFlowLabel(0x12345);
    p.setPayloadLength(11);
    p.setNextHeader(58);
    p.setHopLimit(64);
    p.setSource((Inet6Address) InetAddress.getByName("2001:db8::1"));
    p.setDestination((Inet6Address) InetAddress.getByName("2001:db8::2"));
    MemorySegment.copy(golden.asSegment(), 40, buf, 40, 11);
    assertThat(Octets.copyOf(buf)).isEqualTo(golden);
    p.rewalk();
    assertThat(p.upperLayerProtocol()).isEqualTo(58);
  }

  @Test
  void ipv4MappedAddressStaysInet6() {
    byte[] b = Octets.ofHex("00000000000000000000ffffc0000201").toByteArray();
    assertThat(Ipv6Packet.toAddress(b)).isInstanceOf(Inet6Address.class);
  }

  @Test
  void hopByHopRouterAlertAndFirstFragment() {
    Ipv6Packet p = Ipv6Packet.checked(vec("v6_hbh_ra_frag"));
    Ipv6ExtensionWalk w = p.extensions();
    assertThat(w.hasHopByHop()).isTrue();
    assertThat(w.routerAlert()).isZero();
    assertThat(w.headerCount()).isEqualTo(2);
    assertThat(p.isFragment()).isTrue();
    assertThat(p.isNonFirstFragment()).isFalse();
    assertThat(w.moreFragments()).isTrue();
    assertThat(w.fragmentIdentification()).isEqualTo(0xdeadbeefL);
    assertThat(w.fragmentHeaderOffset()).isEqualTo(48);
    assertThat(p.upperLayerProtocol()).isEqualTo(58);
    assertThat(p.upperLayerOffset()).isEqualTo(56);
  }

  @Test
  void nonFirstFragmentHasNoUpperLayerHeader() {
    Ipv6Packet p = Ipv6Packet.checked(vec("v6_frag_nonfirst"));
    assertThat(p.isNonFirstFragment()).isTrue();
    assertThat(p.fragmentOffset()).isEqualTo(800);
    assertThat(p.extensions().fragmentIdentification()).isEqualTo(5);
    assertThat(p.upperLayerProtocol()).isEqualTo(17);
    assertThat(p.upperLayerOffset()).isEqualTo(48);
  }

  @Test
  void routingHeaders() {
    Ipv6Packet r0 = Ipv6Packet.checked(vec("v6_routing0"));
    assertThat(r0.extensions().routingType()).isZero();
    assertThat(r0.extensions().segmentsLeft()).isEqualTo(2);
    assertThat(r0.upperLayerProtocol()).isEqualTo(17);
    assertThat(r0.upperLayerOffset()).isEqualTo(40 + 40);
    Ipv6Packet srh = Ipv6Packet.checked(vec("v6_srh"));
    assertThat(srh.extensions().routingType()).isEqualTo(4);
    assertThat(srh.extensions().segmentsLeft()).isZero();
    assertThat(srh.upperLayerProtocol()).isEqualTo(17);
  }

  @Test
  void otherChains() {
    assertThat(Ipv6Packet.checked(vec("v6_destopt")).upperLayerProtocol()).isEqualTo(6);
    assertThat(Ipv6Packet.checked(vec("v6_destopt")).upperLayerOffset()).isEqualTo(48);
    Ipv6Packet ah = Ipv6Packet.checked(vec("v6_ah"));
    assertThat(ah.upperLayerProtocol()).isEqualTo(58);
    assertThat(ah.upperLayerOffset()).isEqualTo(40 + 24); // (4 + 2) * 4
    Ipv6Packet esp = Ipv6Packet.checked(vec("v6_esp"));
    assertThat(esp.upperLayerProtocol()).isEqualTo(50);
    assertThat(esp.upperLayerOffset()).isEqualTo(40);
    assertThat(Ipv6Packet.checked(vec("v6_nonext")).upperLayerProtocol()).isEqualTo(59);
    Ipv6Packet mh = Ipv6Packet.checked(vec("v6_mobility"));
    assertThat(mh.upperLayerProtocol()).isEqualTo(59);
    assertThat(mh.upperLayerOffset()).isEqualTo(48);
    assertThat(Ipv6Packet.checked(vec("v6_hbh_unknown_opt")).upperLayerProtocol()).isEqualTo(58);
  }

  @Test
  void rejects() {
    assertThatThrownBy(() -> Ipv6Packet.checked(MemorySegment.ofArray(new byte[0])))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PKT_TOO_SMALL));
    byte[] b = Vectors.get("ip", "v6_echo").toByteArray();
    b[0] = 0x45;
    assertThatThrownBy(() -> Ipv6Packet.checked(MemorySegment.ofArray(b)))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_IP_VERSION));
  }

  @Test
  void everyTruncationIsRejectedOrFlagged() {
    for (String name : new String[] {"v6_echo", "v6_hbh_ra_frag", "v6_routing0", "v6_ah", "v6_destopt"}) {
      MemorySegment s = vec(name);
      for (int len = 0; len < 40; len++) {
        MemorySegment cut = s.asSlice(0, len);
        assertThatThrownBy(() -> Ipv6Packet.checked(cut)).isInstanceOf(WireException.class);
      }
      for (int len = 40; len < s.byteSize(); len++) {
        AnomalySink.Collector c = AnomalySink.collector();
        Ipv6Packet p = Ipv6Packet.checked(s.asSlice(0, len), c);
        assertThat(c.has(Anomaly.IPV6_TRUNC_PKT)).isTrue();
        assertThat(p.isTruncated()).isTrue();
        assertThat(p.capturedPayloadLength()).isEqualTo(len - 40);
        if (p.upperLayerProtocol() < 0) {
          assertThat(c.has(Anomaly.IPV6_EXTHDR_TRUNCATED)).as(name + " at " + len).isTrue();
        } else {
          assertThat(p.upperLayerOffset()).isLessThanOrEqualTo(len);
        }
      }
    }
  }

  @Test
  void paddingIsNotPayload() {
    byte[] g = Vectors.get("ip", "v6_echo").toByteArray();
    byte[] padded = Arrays.copyOf(g, 64);
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv6Packet p = Ipv6Packet.checked(MemorySegment.ofArray(padded), c);
    assertThat(c.anomalies()).isEmpty();
    assertThat(p.capturedPayloadLength()).isEqualTo(11);
    assertThat(p.upperLayerPayload().byteSize()).isEqualTo(11);
  }

  @Test
  void row39Icmpv4InIpv6() {
    byte[] b = Vectors.get("ip", "v6_echo").toByteArray();
    b[6] = 1;
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv6Packet.checked(MemorySegment.ofArray(b), c);
    assertThat(c.anomalies()).containsExactly(Anomaly.IPV6_ICMPV4);
  }

  @Test
  void longChainIsBounded() {
    // 40 destination-options headers of 8 bytes each (PadN), then TCP
    int n = 40;
    byte[] b = new byte[40 + 8 * n];
    MemorySegment s = MemorySegment.ofArray(b);
    Ipv6Packet p = Ipv6Packet.unchecked(s);
    p.setVersion(6);
    p.setPayloadLength(8 * n);
    p.setNextHeader(60);
    for (int i = 0; i < n; i++) {
      b[40 + 8 * i] = (byte) (i == n - 1 ? 6 : 60);
      b[40 + 8 * i + 2] = 1; // PadN
      b[40 + 8 * i + 3] = 4;
    }
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv6Packet v = Ipv6Packet.checked(s, c);
    assertThat(v.upperLayerProtocol()).isEqualTo(-1);
    assertThat(v.extensions().isTooLong()).isTrue();
    assertThat(c.anomalies()).containsExactly(Anomaly.IPV6_EXTHDR_TOO_MANY);
  }

  @Test
  void optionRunningPastItsHeaderIsFlagged() {
    byte[] b = Vectors.get("ip", "v6_hbh_unknown_opt").toByteArray();
    b[43] = 9; // the unknown option claims 9 data bytes in a 6-byte option area
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv6Packet p = Ipv6Packet.checked(MemorySegment.ofArray(b), c);
    assertThat(c.anomalies()).containsExactly(Anomaly.IPV6_OPT_MALFORMED);
    assertThat(p.upperLayerProtocol()).isEqualTo(58); // the header itself is still well framed
  }
}
