package io.icmpkit.nativeio.struct;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct packet_mreq} (16 bytes: {@code int mr_ifindex; u16 mr_type; u16 mr_alen; u8
 * mr_address[8];}) for {@code PACKET_ADD_MEMBERSHIP} / {@code PACKET_DROP_MEMBERSHIP}, e.g.
 * {@code PACKET_MR_PROMISC} (promiscuous mode held by the socket, released when it closes).
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/packet.7.html">packet(7)</a>
 */
public final class PacketMreq {
  public static final int SIZEOF = 16;

  private PacketMreq() {}

  public static MemorySegment allocate(Arena arena, int ifindex, int type) {
    MemorySegment m = arena.allocate(SIZEOF, 4);
    m.set(ValueLayout.JAVA_INT, 0, ifindex);
    m.set(ValueLayout.JAVA_SHORT, 4, (short) type);
    return m;
  }
}
