package io.icmpkit.nativeio.struct;

import io.icmpkit.nativeio.lib.Linux;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_ll} (20 bytes), the address of an {@code AF_PACKET} socket: where to bind
 * (protocol, interface index) and, after {@code recvmsg}, where a frame was seen (interface, ARP
 * hardware type, packet type such as {@code PACKET_OUTGOING}).
 *
 * <pre>
 *   0 u16 sll_family (host order)  2 be16 sll_protocol (network order)  4 int sll_ifindex
 *   8 u16 sll_hatype  10 u8 sll_pkttype  11 u8 sll_halen  12 u8 sll_addr[8]
 * </pre>
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/packet.7.html">packet(7)</a>
 */
public final class SockAddrLl {
  public static final int SIZEOF = 20;
  private static final int FAMILY = 0;
  private static final int PROTOCOL = 2;
  private static final int IFINDEX = 4;
  private static final int HATYPE = 8;
  private static final int PKTTYPE = 10;
  private static final int HALEN = 11;
  private static final ValueLayout.OfShort BE_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private SockAddrLl() {}

  /**
   * A sockaddr_ll for {@code bind(2)}: family {@code AF_PACKET}, {@code protocol} (an ethertype
   * such as {@code ETH_P_ALL}, written in network order), {@code ifindex} (0: every interface).
   */
  public static MemorySegment allocate(Arena arena, int protocol, int ifindex) {
    MemorySegment s = arena.allocate(SIZEOF, 4);
    s.set(ValueLayout.JAVA_SHORT, FAMILY, (short) Linux.AF_PACKET);
    s.set(BE_SHORT, PROTOCOL, (short) protocol);
    s.set(ValueLayout.JAVA_INT, IFINDEX, ifindex);
    return s;
  }

  public static int family(MemorySegment s) {
    return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY));
  }

  /** The ethertype ({@code ETH_P_IP}...), host value. */
  public static int protocol(MemorySegment s) {
    return Short.toUnsignedInt(s.get(BE_SHORT, PROTOCOL));
  }

  public static int ifindex(MemorySegment s) {
    return s.get(ValueLayout.JAVA_INT_UNALIGNED, IFINDEX);
  }

  /** The ARP hardware type of the interface ({@code ARPHRD_ETHER}, {@code ARPHRD_NONE}...). */
  public static int hatype(MemorySegment s) {
    return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, HATYPE));
  }

  /** {@code PACKET_HOST}, {@code PACKET_OUTGOING}, ... */
  public static int pkttype(MemorySegment s) {
    return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, PKTTYPE));
  }

  public static int halen(MemorySegment s) {
    return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, HALEN));
  }
}
