package io.icmpkit.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.nativeio.lib.Linux;
import io.icmpkit.nativeio.struct.CMsg;
import io.icmpkit.nativeio.struct.SockAddr;
import io.icmpkit.nativeio.struct.SockExtendedErr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StructTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void sockaddrInBytesAsTheKernelLaysThemOut() throws Exception {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment s = SockAddr.allocate(a, InetAddress.getByName("10.200.1.2"), 0x1234, 0);
      // family 2 little-endian, port big-endian, address, 8 zero bytes
      assertThat(HEX.formatHex(s.toArray(ValueLayout.JAVA_BYTE)))
          .isEqualTo("020012340ac801020000000000000000");
      assertThat(SockAddr.address(s)).isEqualTo(InetAddress.getByName("10.200.1.2"));
      assertThat(SockAddr.port(s)).isEqualTo(0x1234);
    }
  }

  @Test
  void sockaddrIn6WithFlowInfo() throws Exception {
    try (Arena a = Arena.ofConfined()) {
      InetAddress addr = InetAddress.getByName("fd00:200:1::2");
      MemorySegment s = SockAddr.allocate(a, addr, 53, 0x000abcde);
      assertThat(s.byteSize()).isEqualTo(28);
      assertThat(HEX.formatHex(s.toArray(ValueLayout.JAVA_BYTE)))
          .isEqualTo("0a000035000abcde" + "fd000200000100000000000000000002" + "00000000");
      assertThat(SockAddr.address(s)).isEqualTo(addr);
      assertThat(SockAddr.flowInfo(s)).isEqualTo(0x000abcde);
    }
  }

  @Test
  void sockaddrOfOtherFamilyOrTooShortIsNull() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment s = a.allocate(16);
      s.set(ValueLayout.JAVA_SHORT, 0, (short) Linux.AF_PACKET);
      assertThat(SockAddr.address(s)).isNull();
      s.set(ValueLayout.JAVA_SHORT, 0, (short) Linux.AF_INET6);
      assertThat(SockAddr.address(s)).isNull(); // 16 bytes cannot hold a sockaddr_in6
      assertThat(SockAddr.address(a.allocate(1))).isNull();
    }
  }

  @Test
  void cmsgPutThenWalk() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment control = a.allocate(128, 8);
      long off = CMsg.put(control, 0, 0, 2, a.allocateFrom(ValueLayout.JAVA_INT, 64));
      assertThat(off).isEqualTo(24);
      off = CMsg.put(control, off, 41, 50, a.allocate(20));
      assertThat(off).isEqualTo(24 + 40);
      CMsg.Cursor c = new CMsg.Cursor(control, off);
      assertThat(c.next()).isTrue();
      assertThat(c.level()).isZero();
      assertThat(c.type()).isEqualTo(2);
      assertThat(c.data().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(64);
      assertThat(c.next()).isTrue();
      assertThat(c.type()).isEqualTo(50);
      assertThat(c.data().byteSize()).isEqualTo(20);
      assertThat(c.next()).isFalse();
    }
  }

  @Test
  void cmsgWalkStopsOnZeroAndOversizedLengths() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment control = a.allocate(64, 8); // zeroed: cmsg_len 0
      assertThat(new CMsg.Cursor(control, 64).next()).isFalse();
      control.set(ValueLayout.JAVA_LONG, 0, 1000);
      assertThat(new CMsg.Cursor(control, 64).next()).isFalse();
      control.set(ValueLayout.JAVA_LONG, 0, 16);
      CMsg.Cursor c = new CMsg.Cursor(control, 1 << 20); // reported length beyond the buffer
      int n = 0;
      while (c.next()) {
        n++;
        if (n > 10) {
          break;
        }
      }
      assertThat(n).isEqualTo(1);
    }
  }

  @Test
  void sockExtendedErrFields() {
    byte[] b = HEX.parseHex("6f000000" + "02030300" + "dc050000" + "08000100"
        + "02000000" + "0ac80302" + "0000000000000000");
    MemorySegment ee = MemorySegment.ofArray(b);
    assertThat(SockExtendedErr.errno(ee)).isEqualTo(111);
    assertThat(SockExtendedErr.origin(ee)).isEqualTo(Linux.SO_EE_ORIGIN_ICMP);
    assertThat(SockExtendedErr.type(ee)).isEqualTo(3);
    assertThat(SockExtendedErr.code(ee)).isEqualTo(3);
    assertThat(SockExtendedErr.info(ee)).isEqualTo(1500);
    assertThat(SockExtendedErr.rfc4884Length(ee)).isEqualTo(8);
    assertThat(SockExtendedErr.rfc4884Flags(ee)).isEqualTo(1);
    assertThat(SockAddr.address(SockExtendedErr.offender(ee)).getHostAddress())
        .isEqualTo("10.200.3.2");
  }
}
