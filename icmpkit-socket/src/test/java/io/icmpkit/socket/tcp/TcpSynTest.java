package io.icmpkit.socket.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The SYN against Scapy's bytes (tools/vectors/gen_tcp_probe.py), and the reply accessors. */
class TcpSynTest {
  private static byte[] golden(String name) {
    return Vectors.get("tcp_probe", name).toByteArray();
  }

  private static byte[] write(String src, String dst, int sport, int dport, int seq, int window,
      int mss) throws Exception {
    byte[] b = new byte[TcpSyn.LENGTH + 4];
    Arrays.fill(b, (byte) 0xA5); // unwritten bytes show
    int n = TcpSyn.write(MemorySegment.ofArray(b), InetAddress.getByName(src),
        InetAddress.getByName(dst), sport, dport, seq, window, mss);
    assertThat(n).isEqualTo(TcpSyn.LENGTH);
    assertThat(Arrays.copyOfRange(b, n, b.length)).containsOnly((byte) 0xA5);
    return Arrays.copyOf(b, n);
  }

  @Test
  void synV4MatchesScapy() throws Exception {
    assertThat(write("10.200.1.1", "10.200.3.2", 40123, 80, 0x12345678, 65535, 1460))
        .isEqualTo(golden("syn_v4"));
  }

  @Test
  void synV6MatchesScapy() throws Exception {
    assertThat(write("fd00:200:1::1", "fd00:200:3::2", 40123, 80, 0x12345678, 65535, 1460))
        .isEqualTo(golden("syn_v6"));
  }

  @Test
  void synWithExtremeValuesMatchesScapy() throws Exception {
    assertThat(write("10.200.1.1", "10.200.3.2", 65535, 443, 0xfffffffe, 1024, 536))
        .isEqualTo(golden("syn_v4_high_seq"));
  }

  @Test
  void replyFieldsOfASynAck() throws Exception {
    MemorySegment s = MemorySegment.ofArray(golden("synack_v4"));
    assertThat(TcpSyn.hasHeader(s)).isTrue();
    assertThat(TcpSyn.sourcePort(s)).isEqualTo(80);
    assertThat(TcpSyn.destinationPort(s)).isEqualTo(40123);
    assertThat(TcpSyn.sequence(s)).isEqualTo(0xabcdef01L);
    assertThat(TcpSyn.acknowledgment(s)).isEqualTo(0x12345679L);
    assertThat(TcpSyn.flags(s)).isEqualTo(TcpSyn.SYN | TcpSyn.ACK);
    assertThat(TcpSyn.window(s)).isEqualTo(64240);
    // the checksum verifies: recomputing over the segment including it gives 0
    assertThat(TcpSyn.checksum(s, InetAddress.getByName("10.200.3.2"),
        InetAddress.getByName("10.200.1.1"))).isZero();
  }

  @Test
  void replyFieldsOfAnRstV6() throws Exception {
    MemorySegment s = MemorySegment.ofArray(golden("rst_v6"));
    assertThat(TcpSyn.flags(s)).isEqualTo(TcpSyn.RST | TcpSyn.ACK);
    assertThat(TcpSyn.acknowledgment(s)).isEqualTo(0x12345679L);
    assertThat(TcpSyn.checksum(s, InetAddress.getByName("fd00:200:3::2"),
        InetAddress.getByName("fd00:200:1::1"))).isZero();
    assertThat(TcpSyn.hasHeader(s.asSlice(0, 19))).isFalse();
  }

  @Test
  void shortBufferAndBadArgumentsAreRejected() throws Exception {
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b6 = InetAddress.getByName("fd00::1");
    MemorySegment small = MemorySegment.ofArray(new byte[TcpSyn.LENGTH - 1]);
    assertThatThrownBy(() -> TcpSyn.write(small, a, a, 1, 2, 3, 4, 5))
        .isInstanceOf(WireException.class);
    MemorySegment ok = MemorySegment.ofArray(new byte[TcpSyn.LENGTH]);
    assertThatThrownBy(() -> TcpSyn.write(ok, a, b6, 1, 2, 3, 4, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TcpSyn.write(ok, a, a, 65536, 2, 3, 4, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Octets.copyOf(ok).toByteArray()).containsOnly((byte) 0);
  }
}
