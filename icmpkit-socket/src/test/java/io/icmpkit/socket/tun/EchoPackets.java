package io.icmpkit.socket.tun;

import io.icmpkit.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Whole IPv4/IPv6 echo packets built byte by byte (RFC 791, 792, 8200, 4443), for writing into a
 * TUN device; and the reply a host would send. Independent of the wire codec on purpose.
 */
final class EchoPackets {
  private EchoPackets() {}

  static boolean isV6(byte[] packet) {
    return (packet[0] & 0xf0) == 0x60;
  }

  /** Offset of the ICMP message (no IPv4 options, no IPv6 extension headers in these tests). */
  static int icmpOffset(byte[] packet) {
    return isV6(packet) ? 40 : (packet[0] & 0x0f) * 4;
  }

  /** An echo request from {@code src} to {@code dst}, both of one family. */
  static byte[] request(InetAddress src, InetAddress dst, int id, int seq, byte[] data) {
    byte[] s = src.getAddress();
    byte[] d = dst.getAddress();
    boolean v6 = s.length == 16;
    int icmpLen = 8 + data.length;
    ByteBuffer b = ByteBuffer.allocate((v6 ? 40 : 20) + icmpLen);
    if (v6) {
      b.putInt(0x60000000).putShort((short) icmpLen).put((byte) 58).put((byte) 64).put(s).put(d);
      b.put((byte) 128);
    } else {
      b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + icmpLen)).putShort((short) 0x1c0d)
          .putShort((short) 0x4000).put((byte) 64).put((byte) 1).putShort((short) 0).put(s).put(d);
      b.put((byte) 8);
    }
    b.put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(data);
    byte[] p = b.array();
    fillChecksums(p);
    return p;
  }

  /** The echo reply to {@code request}: addresses swapped, type 0 / 129, checksums refilled. */
  static byte[] reply(byte[] request) {
    byte[] p = request.clone();
    boolean v6 = isV6(p);
    int a = v6 ? 8 : 12;
    int len = v6 ? 16 : 4;
    byte[] src = java.util.Arrays.copyOfRange(p, a, a + len);
    System.arraycopy(p, a + len, p, a, len);
    System.arraycopy(src, 0, p, a + len, len);
    p[icmpOffset(p)] = (byte) (v6 ? 129 : 0);
    fillChecksums(p);
    return p;
  }

  static void fillChecksums(byte[] p) {
    MemorySegment m = MemorySegment.ofArray(p);
    int o = icmpOffset(p);
    m.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, o + 2, (short) 0);
    int icmpLen = p.length - o;
    int c;
    if (isV6(p)) {
      long pseudo = Checksum.pseudoHeaderV6(m.asSlice(8, 16), m.asSlice(24, 16), icmpLen, 58);
      c = Checksum.finish(Checksum.sum(m, o, icmpLen, pseudo));
    } else {
      p[10] = 0;
      p[11] = 0;
      int h = Checksum.compute(m, 0, o);
      p[10] = (byte) (h >> 8);
      p[11] = (byte) h;
      c = Checksum.compute(m, o, icmpLen);
    }
    p[o + 2] = (byte) (c >> 8);
    p[o + 3] = (byte) c;
  }

  static int type(byte[] p) {
    return p[icmpOffset(p)] & 0xff;
  }

  /** Whether {@code p} is an ICMP/ICMPv6 message (no extension headers). */
  static boolean isIcmp(byte[] p) {
    if (p.length < 20) {
      return false;
    }
    return isV6(p) ? p.length >= 48 && (p[6] & 0xff) == 58 : (p[9] & 0xff) == 1;
  }

  static int identifier(byte[] p) {
    int o = icmpOffset(p);
    return ((p[o + 4] & 0xff) << 8) | (p[o + 5] & 0xff);
  }

  static int sequence(byte[] p) {
    int o = icmpOffset(p);
    return ((p[o + 6] & 0xff) << 8) | (p[o + 7] & 0xff);
  }

  static byte[] data(byte[] p) {
    return java.util.Arrays.copyOfRange(p, icmpOffset(p) + 8, p.length);
  }

  static InetAddress source(byte[] p) throws Exception {
    return InetAddress.getByAddress(isV6(p) ? java.util.Arrays.copyOfRange(p, 8, 24)
        : java.util.Arrays.copyOfRange(p, 12, 16));
  }

  static InetAddress destination(byte[] p) throws Exception {
    return InetAddress.getByAddress(isV6(p) ? java.util.Arrays.copyOfRange(p, 24, 40)
        : java.util.Arrays.copyOfRange(p, 16, 20));
  }

  /** Whether the IPv4 header checksum and the ICMP checksum verify. */
  static boolean checksumsVerify(byte[] p) {
    MemorySegment m = MemorySegment.ofArray(p);
    int o = icmpOffset(p);
    int icmpLen = p.length - o;
    if (isV6(p)) {
      long pseudo = Checksum.pseudoHeaderV6(m.asSlice(8, 16), m.asSlice(24, 16), icmpLen, 58);
      return Checksum.verifies(Checksum.sum(m, o, icmpLen, pseudo));
    }
    return Checksum.verifies(Checksum.sum(m, 0, o, 0))
        && Checksum.verifies(Checksum.sum(m, o, icmpLen, 0));
  }
}
