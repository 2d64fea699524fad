package io.icmpkit.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.lib.Linux;
import io.icmpkit.nativeio.struct.PacketMreq;
import io.icmpkit.nativeio.struct.PacketStats;
import io.icmpkit.nativeio.struct.SockAddrLl;
import io.icmpkit.nativeio.struct.SockFprog;
import io.icmpkit.nativeio.struct.TpacketV3;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** AF_PACKET and classic BPF structs laid out as {@code <linux/if_packet.h>} and {@code <linux/filter.h>}. */
class PacketStructTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void sockaddrLlForBind() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment s = SockAddrLl.allocate(a, Linux.ETH_P_ALL, 7);
      // family 17 host order, protocol 0x0003 network order, ifindex 7 host order, rest zero
      assertThat(HEX.formatHex(s.toArray(ValueLayout.JAVA_BYTE)))
          .isEqualTo("11000003" + "07000000" + "0000" + "00" + "00" + "0000000000000000");
      assertThat(SockAddrLl.family(s)).isEqualTo(Linux.AF_PACKET);
      assertThat(SockAddrLl.protocol(s)).isEqualTo(Linux.ETH_P_ALL);
      assertThat(SockAddrLl.ifindex(s)).isEqualTo(7);
    }
  }

  @Test
  void sockaddrLlAsReceived() {
    byte[] b = HEX.parseHex("1100" + "86dd" + "02000000" + "0100" + "04" + "06" + "52c391b2409b0000");
    MemorySegment s = MemorySegment.ofArray(b);
    assertThat(SockAddrLl.protocol(s)).isEqualTo(Linux.ETH_P_IPV6);
    assertThat(SockAddrLl.ifindex(s)).isEqualTo(2);
    assertThat(SockAddrLl.hatype(s)).isEqualTo(Linux.ARPHRD_ETHER);
    assertThat(SockAddrLl.pkttype(s)).isEqualTo(Linux.PACKET_OUTGOING);
    assertThat(SockAddrLl.halen(s)).isEqualTo(6);
  }

  @Test
  void sockFilterAndFprog() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment insns = a.allocate(2 * SockFprog.FILTER_SIZEOF, 8);
      SockFprog.setInstruction(insns, 0, 0x15, 7, 0, 0x0800);
      SockFprog.setInstruction(insns, 1, 0x06, 0, 0, 0x40000);
      assertThat(HEX.formatHex(insns.toArray(ValueLayout.JAVA_BYTE)))
          .isEqualTo("1500" + "07" + "00" + "00080000" + "0600" + "00" + "00" + "00000400");
      MemorySegment p = SockFprog.allocate(a, insns, 2);
      assertThat(p.byteSize()).isEqualTo(16);
      assertThat(p.get(ValueLayout.JAVA_SHORT, 0)).isEqualTo((short) 2);
      assertThat(p.get(ValueLayout.ADDRESS, 8).address()).isEqualTo(insns.address());
      assertThatThrownBy(() -> SockFprog.allocate(a, insns, 3))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SockFprog.allocate(a, insns, 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void tpacketStatsAndMreq() {
    MemorySegment st = MemorySegment.ofArray(HEX.parseHex("ffffffff" + "02000000"));
    assertThat(PacketStats.packets(st)).isEqualTo(0xffffffffL); // unsigned
    assertThat(PacketStats.drops(st)).isEqualTo(2);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment m = PacketMreq.allocate(a, 3, Linux.PACKET_MR_PROMISC);
      assertThat(HEX.formatHex(m.toArray(ValueLayout.JAVA_BYTE)))
          .isEqualTo("03000000" + "0100" + "0000" + "0000000000000000");
    }
  }

  @Test
  void tpacketReq3AndV3Headers() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment r = TpacketV3.request(a, 1 << 20, 8, 2048, 8);
      // block size, block count, frame size, frame count (512 per block), retire ms, priv, features
      assertThat(HEX.formatHex(r.toArray(ValueLayout.JAVA_BYTE))).isEqualTo(
          "00001000" + "08000000" + "00080000" + "00100000" + "08000000" + "00000000" + "00000000");
    }
    try (Arena a = Arena.ofConfined()) {
      // a block descriptor (status USER, 2 packets, first at 48) and a tpacket3_hdr, in native
      // memory aligned like the ring
      MemorySegment m = a.allocate(160, 8);
      m.set(ValueLayout.JAVA_INT, 8, Linux.TP_STATUS_USER);
      m.set(ValueLayout.JAVA_INT, 12, 2);
      m.set(ValueLayout.JAVA_INT, 16, 48);
      assertThat(TpacketV3.blockStatus(m)).isEqualTo(1);
      assertThat(TpacketV3.blockPackets(m)).isEqualTo(2);
      assertThat(TpacketV3.blockFirstPacket(m)).isEqualTo(48);
      TpacketV3.setBlockStatus(m, Linux.TP_STATUS_KERNEL);
      assertThat(TpacketV3.blockStatus(m)).isZero();
      MemorySegment h = a.allocate(48, 8);
      MemorySegment.copy(HEX.parseHex("50000000" + "0a000000" + "15cd5b07" + "62000000"
          + "62000000" + "01000000" + "5000" + "5e00"), 0, h, ValueLayout.JAVA_BYTE, 0, 28);
      assertThat(TpacketV3.nextOffset(h, 0)).isEqualTo(80);
      assertThat(TpacketV3.timestampNanos(h, 0)).isEqualTo(10_123_456_789L);
      assertThat(TpacketV3.snapLength(h, 0)).isEqualTo(98);
      assertThat(TpacketV3.length(h, 0)).isEqualTo(98);
      assertThat(TpacketV3.macOffset(h, 0)).isEqualTo(80);
    }
  }
}
