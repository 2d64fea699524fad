package io.icmpkit.nativeio.struct;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} (40 bytes): {@code char ifr_name[IFNAMSIZ]} then a 24-byte union at offset
 * 16 ({@code ifr_flags} short, {@code ifr_mtu} / {@code ifr_ifindex} int, a sockaddr...), for
 * {@code ioctl}s such as {@code TUNSETIFF}, {@code SIOCGIFMTU}, {@code SIOCGIFINDEX}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/netdevice.7.html">netdevice(7)</a>
 */
public final class IfReq {
  public static final int SIZEOF = 40;
  public static final int NAME_SIZE = 16;
  private static final int UNION = 16;

  private IfReq() {}

  /** A zeroed ifreq with {@code name} (at most 15 bytes, as the kernel's IFNAMSIZ allows). */
  public static MemorySegment allocate(Arena arena, String name) {
    MemorySegment r = arena.allocate(SIZEOF, 8);
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    if (n.length >= NAME_SIZE) {
      throw new IllegalArgumentException("interface name longer than 15 bytes: " + name);
    }
    MemorySegment.copy(n, 0, r, ValueLayout.JAVA_BYTE, 0, n.length);
    return r;
  }

  public static String name(MemorySegment r) {
    return r.asSlice(0, NAME_SIZE).getString(0, StandardCharsets.US_ASCII);
  }

  public static short flags(MemorySegment r) {
    return r.get(ValueLayout.JAVA_SHORT, UNION);
  }

  public static void setFlags(MemorySegment r, short flags) {
    r.set(ValueLayout.JAVA_SHORT, UNION, flags);
  }

  /** {@code ifr_mtu}, {@code ifr_ifindex}, or another int member of the union. */
  public static int intValue(MemorySegment r) {
    return r.get(ValueLayout.JAVA_INT, UNION);
  }

  public static void setIntValue(MemorySegment r, int v) {
    r.set(ValueLayout.JAVA_INT, UNION, v);
  }

  /**
   * After {@code SIOCGIFHWADDR}: {@code ifr_hwaddr.sa_family}, the interface's ARP hardware type
   * ({@code ARPHRD_ETHER}, {@code ARPHRD_LOOPBACK}, {@code ARPHRD_NONE} for TUN...).
   */
  public static int hardwareType(MemorySegment r) {
    return Short.toUnsignedInt(r.get(ValueLayout.JAVA_SHORT, UNION));
  }
}
