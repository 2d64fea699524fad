package io.icmpkit.wire.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4PacketTest {

  static MemorySegment vec(String name) {
    return MemorySegment.ofArray(Vectors.get("ip", name).toByteArray());
  }

  static MemorySegment hex(String h) {
    return MemorySegment.ofArray(Octets.ofHex(h).toByteArray());
  }

  @Test
  void deconstructEcho() throws Exception {
    Ipv4Packet p = Ipv4Packet.checked(vec("v4_echo"));
    assertThat(p.version()).isEqualTo(4);
    assertThat(p.ihl()).isEqualTo(5);
    assertThat(p.headerLength()).isEqualTo(20);
    assertThat(p.dscp()).isEqualTo(0xb9 >>> 2);
    assertThat(p.ecn()).isEqualTo(1);
    assertThat(p.totalLength()).isEqualTo(32);
    assertThat(p.identification()).isEqualTo(0x1234);
    assertThat(p.flags()).isZero();
    assertThat(p.dontFragment()).isFalse();
    assertThat(p.moreFragments()).isFalse();
    assertThat(p.fragmentOffset()).isZero();
    assertThat(p.ttl()).isEqualTo(64);
    assertThat(p.protocol()).isEqualTo(1);
    assertThat(p.headerChecksum()).isEqualTo(0x7bb9);
    assertThat(p.verifyChecksum()).isTrue();
    assertThat(p.computeChecksum()).isEqualTo(0x7bb9);
    assertThat(p.source()).isEqualTo(InetAddress.getByName("192.0.2.1"));
    assertThat(p.destination()).isEqualTo(InetAddress.getByName("198.51.100.2"));
    assertThat(p.sourceBits()).isEqualTo(0xc0000201);
    assertThat(p.optionsLength()).isZero();
    assertThat(p.payloadOffset()).isEqualTo(20);
    assertThat(p.payloadLength()).isEqualTo(12);
    assertThat(Octets.copyOf(p.payload())).isEqualTo(Octets.ofHex("0800333600010002 61626364"));
    assertThat(p.isTruncated()).isFalse();
  }

  @Test
  void deconstructFlagsAndFragments() {
    Ipv4Packet df = Ipv4Packet.checked(vec("v4_udp_df"));
    assertThat(df.dontFragment()).isTrue();
    assertThat(df.flags()).isEqualTo(2);
    assertThat(df.isFragment()).isFalse();
    Ipv4Packet mid = Ipv4Packet.checked(vec("v4_frag_middle"));
    assertThat(mid.moreFragments()).isTrue();
    assertThat(mid.fragmentOffsetRaw()).isEqualTo(3);
    assertThat(mid.fragmentOffset()).isEqualTo(24);
    assertThat(mid.isFragment()).isTrue();
    Ipv4Packet evil = Ipv4Packet.checked(vec("v4_evil"));
    assertThat(evil.reservedFlag()).isTrue();
    assertThat(evil.dontFragment()).isTrue();
    assertThat(evil.flags()).isEqualTo(6);
  }

  @Test
  void constructEcho() throws Exception {
    Octets golden = Vectors.get("ip", "v4_echo");
    MemorySegment buf = MemorySegment.ofArray(new byte[golden.length()]);
    Ipv4Packet p = Ipv4Packet.unchecked(buf);
    p.setVersion(4);
    p.setHeaderLength(20);
    p.setDscp(0xb9 >>> 2);
    p.setEcn(1);
    p.setTotalLength(32);
    p.setIdentification(0x1234);
    p.setFlags(0);
    p.setFragmentOffset(0);
    p.setTtl(64);
    p.setProtocol(1);
    p.setSource((java.net.Inet4Address) InetAddress.getByName("192.0.2.1"));
    p.setDestination((java.net.Inet4Address) InetAddress.getByName("198.51.100.2"));
    MemorySegment.copy(golden.asSegment(), 20, buf, 20, 12);
    p.fillChecksum();
    assertThat(Octets.copyOf(buf)).isEqualTo(golden);
  }

  @Test
  void constructFlagsFragment() {
    Octets golden = Vectors.get("ip", "v4_evil");
    MemorySegment buf = MemorySegment.ofArray(golden.toByteArray());
    Ipv4Packet p = Ipv4Packet.checked(buf);
    p.setFlags(0);
    p.setFragmentOffsetRaw(0);
    p.setReservedFlag(true);
    p.setDontFragment(true);
    p.setMoreFragments(false);
    p.setFragmentOffset(40);
    assertThat(Octets.copyOf(buf)).isEqualTo(golden);
  }

  @Test
  void fillChecksumRestoresGolden() {
    for (String name : new String[] {"v4_echo", "v4_rr", "v4_ts", "v4_router_alert", "v4_evil"}) {
      Octets golden = Vectors.get("ip", name);
      MemorySegment buf = MemorySegment.ofArray(golden.toByteArray());
      Ipv4Packet p = Ipv4Packet.checked(buf);
      p.setHeaderChecksum(0xdead);
      assertThat(p.verifyChecksum()).isFalse();
      p.fillChecksum();
      assertThat(Octets.copyOf(buf)).as(name).isEqualTo(golden);
    }
  }

  // ---- BAD-INPUTS rows 1-8 ----

  @Test
  void row1EmptyBuffer() {
    assertReject(MemorySegment.ofArray(new byte[0]), Reason.PKT_TOO_SMALL);
  }

  @Test
  void row2NineteenBytes() {
    assertReject(vec("v4_echo").asSlice(0, 19), Reason.PKT_TOO_SMALL);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x65, 0xF5, 0x05, 0x60})
  void row3WrongVersion(int firstByte) {
    byte[] b = Vectors.get("ip", "v4_echo").toByteArray();
    b[0] = (byte) firstByte;
    assertReject(MemorySegment.ofArray(b), Reason.WRONG_IP_VERSION);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x40, 0x41, 0x42, 0x43, 0x44})
  void row4IhlTooSmall(int firstByte) {
    byte[] b = Vectors.get("ip", "v4_echo").toByteArray();
    b[0] = (byte) firstByte;
    assertReject(MemorySegment.ofArray(b), Reason.HLEN_TOO_SMALL);
  }

  @Test
  void row5Ihl15With40Bytes() {
    byte[] b = new byte[40];
    b[0] = 0x4F;
    b[3] = 40;
    assertReject(MemorySegment.ofArray(b), Reason.TRUNCATED);
  }

  @Test
  void row6TotalLengthBelowHeader() {
    byte[] b = Vectors.get("ip", "v4_rr").toByteArray(); // IHL 8 = 32 bytes
    b[2] = 0;
    b[3] = 31;
    assertReject(MemorySegment.ofArray(b), Reason.IPLEN_SMALLER_THAN_HLEN);
  }

  @Test
  void row7TotalLengthPastCaptureIsFlaggedAndTrimmed() {
    MemorySegment cut = vec("v4_udp_df").asSlice(0, 30); // total length 38
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv4Packet p = Ipv4Packet.checked(cut, c);
    assertThat(c.has(Anomaly.IPV4_TRUNC_PKT)).isTrue();
    assertThat(p.isTruncated()).isTrue();
    assertThat(p.totalLength()).isEqualTo(38);
    assertThat(p.payloadLength()).isEqualTo(10);
    assertThat(p.payload().byteSize()).isEqualTo(10);
  }

  @Test
  void row8EthernetPaddingIsNotPayload() {
    byte[] g = Vectors.get("ip", "v4_echo").toByteArray();
    byte[] padded = Arrays.copyOf(g, 60); // minimum Ethernet frame payload: 46, plus more
    Arrays.fill(padded, g.length, padded.length, (byte) 0xEE);
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv4Packet p = Ipv4Packet.checked(MemorySegment.ofArray(padded), c);
    assertThat(c.anomalies()).isEmpty();
    assertThat(p.isTruncated()).isFalse();
    assertThat(p.payloadLength()).isEqualTo(12);
    assertThat(Octets.copyOf(p.payload())).isEqualTo(Octets.copyOf(MemorySegment.ofArray(g), 20, 12));
  }

  @Test
  void checkedRejectsEveryTruncationOfTheHeader() {
    for (String name : new String[] {"v4_echo", "v4_rr", "v4_ts", "v4_router_alert"}) {
      MemorySegment s = vec(name);
      int hl = (s.get(ValueLayout.JAVA_BYTE, 0) & 0x0F) * 4;
      for (int len = 0; len < hl; len++) {
        MemorySegment cut = s.asSlice(0, len);
        assertThatThrownBy(() -> Ipv4Packet.checked(cut)).as(name + " cut at " + len)
            .isInstanceOf(WireException.class);
      }
      for (int len = hl; len < s.byteSize(); len++) {
        Ipv4Packet p = Ipv4Packet.checked(s.asSlice(0, len));
        assertThat(p.isTruncated()).isTrue();
        assertThat(p.payloadLength()).isEqualTo(len - hl);
      }
    }
  }

  @Test
  void checkedViewOverNativeMemoryToo() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(32);
      s.copyFrom(vec("v4_echo"));
      assertThat(Ipv4Packet.checked(s).identification()).isEqualTo(0x1234);
    }
  }

  // ---- flags: rows 12, 13, 16, 39 ----

  @Test
  void row12BadChecksumIsFlagged() {
    byte[] b = Vectors.get("ip", "v4_echo").toByteArray();
    b[10] ^= 1;
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv4Packet.checked(MemorySegment.ofArray(b), c);
    assertThat(c.anomalies()).containsExactly(Anomaly.IPV4_BAD_CHECKSUM);
  }

  @Test
  void row13FragmentTooLarge() {
    // offset field 8183 (x8 = 65464) with 71 data bytes: 20 + 65464 + 71 > 65535
    MemorySegment s = MemorySegment.ofArray(new byte[91]);
    Ipv4Packet p = Ipv4Packet.unchecked(s);
    p.setVersion(4);
    p.setHeaderLength(20);
    p.setTotalLength(91);
    p.setProtocol(1);
    p.setFragmentOffsetRaw(8183);
    p.fillChecksum();
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv4Packet checked = Ipv4Packet.checked(s, c);
    assertThat(Ipv4Fragments.tooLarge(checked)).isTrue();
    assertThat(c.anomalies()).containsExactly(Anomaly.IPV4_FRAG_TOO_LARGE);
    p.setTotalLength(71); // 65464 + 71 = 65535: just fits
    assertThat(Ipv4Fragments.tooLarge(p)).isFalse();
  }

  @Test
  void row16EvilBitAndDfWithOffset() {
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv4Packet.checked(vec("v4_evil"), c);
    assertThat(c.anomalies()).containsExactlyInAnyOrder(Anomaly.IPV4_RESERVED_FLAG, Anomaly.IPV4_DF_WITH_OFFSET);
    c.clear();
    Ipv4Packet.checked(vec("v4_udp_df"), c);
    assertThat(c.anomalies()).isEmpty();
  }

  @Test
  void row39Icmpv6InIpv4() {
    MemorySegment s = MemorySegment.ofArray(Vectors.get("ip", "v4_echo").toByteArray());
    Ipv4Packet p = Ipv4Packet.checked(s);
    p.setProtocol(58);
    p.fillChecksum();
    AnomalySink.Collector c = AnomalySink.collector();
    Ipv4Packet.checked(s, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.IPV4_ICMPV6);
  }

  @Test
  void validVectorsFlagNothing() {
    for (String name : new String[] {"v4_echo", "v4_udp_df", "v4_rr", "v4_rr_empty_slots", "v4_ts", "v4_lsrr",
        "v4_ssrr", "v4_router_alert", "v4_nop_eol", "v4_frag_mf", "v4_frag_middle"}) {
      AnomalySink.Collector c = AnomalySink.collector();
      Ipv4Packet.checked(vec(name), c);
      assertThat(c.anomalies()).as(name).isEmpty();
    }
  }

  static void assertReject(MemorySegment s, Reason reason) {
    assertThatThrownBy(() -> Ipv4Packet.checked(s))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
