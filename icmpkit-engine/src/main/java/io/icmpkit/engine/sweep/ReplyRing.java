package io.icmpkit.engine.sweep;

import io.icmpkit.nativeio.lib.Linux;
import io.icmpkit.nativeio.struct.IoVec;
import io.icmpkit.nativeio.struct.MMsgHdr;
import io.icmpkit.nativeio.struct.MsgHdr;
import io.icmpkit.nativeio.struct.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Preallocated receive slots for recvmmsg(2) on an ICMPv4 socket: per slot a datagram buffer
 * (IP header included on raw sockets), a name and a control buffer (SCM_TIMESTAMPNS stamp, IP_TTL
 * on datagram sockets), wired once
 * into an {@code mmsghdr} array. {@link #rearm(int)} restores the lengths the kernel overwrote.
 */
final class ReplyRing {
  static final int CAPACITY = 64;
  private static final int CONTROL = 128;

  final MemorySegment vec;
  private final MemorySegment buffers;
  private final MemorySegment controls;
  private final MemorySegment names;
  private final int slotSize;

  ReplyRing(Arena arena, int slotSize) {
    this.slotSize = (slotSize + 7) & ~7;
    this.vec = arena.allocate((long) CAPACITY * MMsgHdr.SIZEOF, 8);
    this.buffers = arena.allocate((long) CAPACITY * this.slotSize, 8);
    this.controls = arena.allocate((long) CAPACITY * CONTROL, 8);
    this.names = arena.allocate((long) CAPACITY * SockAddr.SIZEOF_IN, 8);
    MemorySegment iovs = arena.allocate((long) CAPACITY * IoVec.SIZEOF, 8);
    for (int i = 0; i < CAPACITY; i++) {
      IoVec.set(iovs, i, buffers.asSlice((long) i * this.slotSize, this.slotSize));
      MemorySegment h = MMsgHdr.header(vec, i);
      MsgHdr.setIov(h, iovs.asSlice((long) i * IoVec.SIZEOF, IoVec.SIZEOF), 1);
    }
    rearm(CAPACITY);
  }

  /** Resets name and control lengths and flags of the first {@code n} slots. */
  void rearm(int n) {
    for (int i = 0; i < n; i++) {
      MemorySegment h = MMsgHdr.header(vec, i);
      MsgHdr.setName(h, names.asSlice((long) i * SockAddr.SIZEOF_IN, SockAddr.SIZEOF_IN),
          SockAddr.SIZEOF_IN);
      MsgHdr.setControl(h, controls.asSlice((long) i * CONTROL, CONTROL), CONTROL);
      MsgHdr.setFlags(h, 0);
    }
  }

  /** The datagram received in slot {@code i} (IP header first). */
  MemorySegment datagram(int i) {
    int len = Math.min(MMsgHdr.length(vec, i), slotSize);
    return buffers.asSlice((long) i * slotSize, len);
  }

  /** The sender's address of slot {@code i} (sockaddr_in), as an unsigned int. */
  long peer(int i) {
    return Integer.toUnsignedLong(
        Integer.reverseBytes(names.get(ValueLayout.JAVA_INT, (long) i * SockAddr.SIZEOF_IN + 4)));
  }

  /** The kernel receive stamp of slot {@code i} in CLOCK_REALTIME nanoseconds, or -1. */
  long realtimeStamp(int i) {
    return control(i, Linux.SOL_SOCKET, Linux.SCM_TIMESTAMPNS, 16);
  }

  /** The IP_TTL control message of slot {@code i} (datagram sockets with RECVTTL), or -1. */
  int ttl(int i) {
    return (int) control(i, Linux.IPPROTO_IP, Linux.IP_TTL_CMSG, 4);
  }

  /**
   * The data of the control message (level, type) of slot {@code i}: a timespec of
   * {@code size} 16 as nanoseconds, an int of {@code size} 4; -1 when absent.
   */
  private long control(int i, int wantLevel, int wantType, int size) {
    long len = Math.min(MsgHdr.controlLength(MMsgHdr.header(vec, i)), CONTROL);
    long base = (long) i * CONTROL;
    long c = 0;
    while (c + 16 <= len) { // cmsghdr: size_t len, int level, int type; data 8-aligned (LP64)
      long cl = controls.get(ValueLayout.JAVA_LONG, base + c);
      int level = controls.get(ValueLayout.JAVA_INT, base + c + 8);
      int type = controls.get(ValueLayout.JAVA_INT, base + c + 12);
      if (cl < 16) {
        return -1; // malformed: stop the walk
      }
      if (level == wantLevel && type == wantType && c + 16 + size <= len) {
        return size == 16
            ? controls.get(ValueLayout.JAVA_LONG, base + c + 16) * 1_000_000_000L
                + controls.get(ValueLayout.JAVA_LONG, base + c + 24)
            : controls.get(ValueLayout.JAVA_INT, base + c + 16);
      }
      c += (cl + 7) & ~7L;
    }
    return -1;
  }
}
