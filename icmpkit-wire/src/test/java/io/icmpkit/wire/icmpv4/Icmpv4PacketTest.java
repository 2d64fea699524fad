package io.icmpkit.wire.icmpv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The view: deconstruct and construct against Scapy's bytes, and the length check. */
class Icmpv4PacketTest {

  static MemorySegment seg(String name) {
    return MemorySegment.ofArray(Vectors.get("icmpv4", name).toByteArray());
  }

  static Octets bytes(MemorySegment s) {
    return Octets.copyOf(s);
  }

  static MemorySegment zeroed(int n) {
    return MemorySegment.ofArray(new byte[n]);
  }

  @Test
  void deconstructEchoRequest() {
    Icmpv4Packet p = Icmpv4Packet.checked(seg("echo_request"));
    assertThat(p.type()).isEqualTo(8);
    assertThat(p.code()).isZero();
    assertThat(p.echoIdentifier()).isEqualTo(0x1234);
    assertThat(p.echoSequence()).isEqualTo(1);
    assertThat(p.dataLength()).isEqualTo(8);
    assertThat(Octets.copyOf(p.data())).isEqualTo(Octets.of("abcdefgh".getBytes()));
    assertThat(p.verifyChecksum()).isTrue();
    assertThat(p.computeChecksum()).isEqualTo(p.checksum());
  }

  @Test
  void constructEchoRequest() {
    MemorySegment s = zeroed(16);
    Icmpv4Packet p = Icmpv4Packet.checked(s);
    p.setType(8);
    p.setEchoIdentifier(0x1234);
    p.setEchoSequence(1);
    MemorySegment.copy(MemorySegment.ofArray("abcdefgh".getBytes()), 0, s, 8, 8);
    p.fillChecksum();
    assertThat(bytes(s)).isEqualTo(Vectors.get("icmpv4", "echo_request"));
  }

  @Test
  void oddLengthChecksum() {
    Icmpv4Packet p = Icmpv4Packet.checked(seg("echo_request_odd"));
    assertThat(p.verifyChecksum()).isTrue();
    assertThat(Icmpv4Packet.checked(seg("echo_request_badsum_odd")).verifyChecksum()).isFalse();
  }

  @Test
  void deconstructAndConstructFragNeeded() {
    Icmpv4Packet p = Icmpv4Packet.checked(seg("unreach_frag"));
    assertThat(p.type()).isEqualTo(3);
    assertThat(p.code()).isEqualTo(4);
    assertThat(p.nextHopMtu()).isEqualTo(1400);
    assertThat(p.rfc4884Length()).isZero();
    MemorySegment s = zeroed(p.length());
    Icmpv4Packet q = Icmpv4Packet.checked(s);
    q.setType(3);
    q.setCode(4);
    q.setNextHopMtu(1400);
    MemorySegment.copy(p.data(), 0, s, 8, p.dataLength());
    q.fillChecksum();
    assertThat(bytes(s)).isEqualTo(bytes(p.segment()));
  }

  @Test
  void redirectGatewayAndParamProblemPointer() {
    assertThat(Icmpv4Packet.checked(seg("redirect_host")).gateway()).isEqualTo(0xC00002FE);
    Icmpv4Packet pp = Icmpv4Packet.checked(seg("param_problem"));
    assertThat(pp.pointer()).isEqualTo(20);
    MemorySegment s = zeroed(pp.length());
    Icmpv4Packet q = Icmpv4Packet.checked(s);
    q.setType(12);
    q.setPointer(20);
    MemorySegment.copy(pp.data(), 0, s, 8, pp.dataLength());
    q.fillChecksum();
    assertThat(bytes(s)).isEqualTo(bytes(pp.segment()));
  }

  @Test
  void rfc4884LengthOfMultipart() {
    assertThat(Icmpv4Packet.checked(seg("time_exceeded_mpls")).rfc4884Length()).isEqualTo(32);
    assertThat(Icmpv4Packet.checked(seg("param_problem_mpls")).rfc4884Length()).isEqualTo(32);
    assertThat(Icmpv4Packet.checked(seg("param_problem_mpls")).pointer()).isEqualTo(8);
  }

  @Test
  void routerAdvertisement() {
    Icmpv4Packet p = Icmpv4Packet.checked(seg("router_advert"));
    assertThat(p.numAddrs()).isEqualTo(2);
    assertThat(p.addrEntrySize()).isEqualTo(2);
    assertThat(p.lifetime()).isEqualTo(0x0708);
    assertThat(p.routerEntryCount()).isEqualTo(2);
    assertThat(p.routerAddress(0)).isEqualTo(0xC0000201);
    assertThat(p.routerPreference(0)).isEqualTo(10);
    assertThat(p.routerPreference(1)).isEqualTo(-1);
    assertThat(p.routerAddress(2)).isZero();
    MemorySegment s = zeroed(p.length());
    Icmpv4Packet q = Icmpv4Packet.checked(s);
    q.setType(9);
    q.setNumAddrs(2);
    q.setAddrEntrySize(2);
    q.setLifetime(0x0708);
    q.setRouterEntry(0, 0xC0000201, 10);
    q.setRouterEntry(1, 0xC0000202, -1);
    q.fillChecksum();
    assertThat(bytes(s)).isEqualTo(bytes(p.segment()));
  }

  @Test
  void routerAdvertisementEntriesNeverPastTheEnd() {
    Icmpv4Packet huge = Icmpv4Packet.checked(seg("router_advert_huge"));
    assertThat(huge.numAddrs()).isEqualTo(255);
    assertThat(huge.routerEntryCount()).isZero(); // entry size 255 words does not fit
    assertThat(Icmpv4Packet.checked(seg("router_advert_truncated")).routerEntryCount()).isEqualTo(1);
    assertThat(Icmpv4Packet.checked(seg("router_advert_size0")).routerEntryCount()).isZero();
  }

  @Test
  void timestamps() {
    Icmpv4Packet p = Icmpv4Packet.checked(seg("timestamp_reply"));
    assertThat(p.originateTimestamp()).isEqualTo(43_200_000L);
    assertThat(p.receiveTimestamp()).isEqualTo(43_200_001L);
    assertThat(p.transmitTimestamp()).isEqualTo(86_399_999L);
    MemorySegment s = zeroed(20);
    Icmpv4Packet q = Icmpv4Packet.checked(s);
    q.setType(14);
    q.setEchoIdentifier(0x1234);
    q.setEchoSequence(2);
    q.setOriginateTimestamp(43_200_000L);
    q.setReceiveTimestamp(43_200_001L);
    q.setTransmitTimestamp(86_399_999L);
    q.fillChecksum();
    assertThat(bytes(s)).isEqualTo(bytes(p.segment()));
  }

  @Test
  void shortFixedPartsReadAsZero() {
    Icmpv4Packet ts = Icmpv4Packet.checked(seg("timestamp_short"));
    assertThat(ts.hasFixedPart()).isFalse();
    assertThat(ts.originateTimestamp()).isZero();
    assertThat(ts.transmitTimestamp()).isZero();
    Icmpv4Packet mask = Icmpv4Packet.checked(seg("mask_reply_short"));
    assertThat(mask.hasFixedPart()).isFalse();
    assertThat(mask.addressMask()).isZero();
  }

  @Test
  void addressMask() {
    Icmpv4Packet p = Icmpv4Packet.checked(seg("mask_reply"));
    assertThat(p.addressMask()).isEqualTo(0xFFFFFF00);
    MemorySegment s = zeroed(12);
    Icmpv4Packet q = Icmpv4Packet.checked(s);
    q.setType(18);
    q.setEchoIdentifier(0x0102);
    q.setEchoSequence(3);
    q.setAddressMask(0xFFFFFF00);
    q.fillChecksum();
    assertThat(bytes(s)).isEqualTo(bytes(p.segment()));
  }

  @Test
  void extendedEcho() {
    Icmpv4Packet req = Icmpv4Packet.checked(seg("xecho_request_index"));
    assertThat(req.echoIdentifier()).isEqualTo(0x1234);
    assertThat(req.extendedEchoSequence()).isEqualTo(5);
    assertThat(req.extendedEchoLocal()).isTrue();
    Icmpv4Packet rep = Icmpv4Packet.checked(seg("xecho_reply"));
    // 0x46 = state 2 (reachable), A set, 4 set, 6 clear
    assertThat(rep.extendedEchoState()).isEqualTo(2);
    assertThat(rep.extendedEchoActive()).isTrue();
    assertThat(rep.extendedEchoIpv4()).isTrue();
    assertThat(rep.extendedEchoIpv6()).isFalse();
    MemorySegment s = zeroed(8);
    Icmpv4Packet q = Icmpv4Packet.checked(s);
    q.setType(43);
    q.setEchoIdentifier(0x1234);
    q.setExtendedEchoSequence(5);
    q.setExtendedEchoReplyFlags(2, true, true, false);
    q.fillChecksum();
    assertThat(bytes(s)).isEqualTo(bytes(rep.segment()));
  }

  /** BAD-INPUTS 19: 0-3 and 4-7 bytes are rejected before any identifier is read. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void checkedRejectsBelowEightBytes(int n) {
    MemorySegment s = MemorySegment.ofArray(Vectors.get("icmpv4", "echo_request").toByteArray()).asSlice(0, n);
    assertThatThrownBy(() -> Icmpv4Packet.checked(s))
        .isInstanceOfSatisfying(WireException.class,
            e -> assertThat(e.reason()).isEqualTo(WireException.Reason.PKT_TOO_SMALL));
  }

  @Test
  void everyTruncationOfEveryVectorIsSafe() {
    // checked() rejects below 8 bytes; above, every getter stays inside the segment
    for (var e : Vectors.load("icmpv4").entrySet()) {
      byte[] full = e.getValue().toByteArray();
      for (int n = 0; n <= full.length; n++) {
        MemorySegment s = MemorySegment.ofArray(full).asSlice(0, n);
        if (n < 8) {
          assertThatThrownBy(() -> Icmpv4Packet.checked(s)).isInstanceOf(WireException.class);
          continue;
        }
        Icmpv4Packet p = Icmpv4Packet.checked(s);
        touchAll(p);
      }
    }
  }

  static void touchAll(Icmpv4Packet p) {
    p.type();
    p.code();
    p.checksum();
    p.restOfHeader();
    p.echoIdentifier();
    p.echoSequence();
    p.gateway();
    p.pointer();
    p.rfc4884Length();
    p.nextHopMtu();
    p.numAddrs();
    p.addrEntrySize();
    p.lifetime();
    for (int i = -1; i <= p.numAddrs(); i++) {
      p.routerAddress(i);
      p.routerPreference(i);
    }
    p.originateTimestamp();
    p.receiveTimestamp();
    p.transmitTimestamp();
    p.addressMask();
    p.extendedEchoSequence();
    p.extendedEchoLocal();
    p.extendedEchoState();
    p.hasFixedPart();
    p.data();
    p.verifyChecksum();
    p.computeChecksum();
  }
}
