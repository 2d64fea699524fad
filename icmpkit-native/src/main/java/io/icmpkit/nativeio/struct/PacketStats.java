package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket_stats} (8 bytes: {@code unsigned tp_packets; unsigned tp_drops;}), read
 * with {@code getsockopt(SOL_PACKET, PACKET_STATISTICS)}. The kernel <em>resets</em> both counters
 * on every read; {@code tp_packets} counts frames that passed the filter, dropped ones included.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/packet.7.html">packet(7)</a>
 */
public final class PacketStats {
  public static final int SIZEOF = 8;

  private PacketStats() {}

  public static long packets(MemorySegment s) {
    return Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
  }

  public static long drops(MemorySegment s) {
    return Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
  }
}
