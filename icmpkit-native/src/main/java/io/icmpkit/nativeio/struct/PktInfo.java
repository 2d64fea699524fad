package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;

/**
 * {@code struct in_pktinfo} (12 bytes: {@code int ipi_ifindex; in_addr ipi_spec_dst; in_addr
 * ipi_addr;}) and {@code struct in6_pktinfo} (20 bytes: {@code in6_addr ipi6_addr; int
 * ipi6_ifindex;}).
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7) IP_PKTINFO</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3542#section-6">RFC 3542 section 6</a>
 */
public final class PktInfo {
  public static final int SIZEOF_IN = 12;
  public static final int SIZEOF_IN6 = 20;

  private PktInfo() {}

  public static int ifindex4(MemorySegment p) {
    return p.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
  }

  /** {@code ipi_addr}: the header destination address of the received packet. */
  public static InetAddress destination4(MemorySegment p) {
    return SockAddr.rawAddress(p, 8, 4);
  }

  /** {@code ipi_spec_dst}: the local address of the route. */
  public static InetAddress specDestination4(MemorySegment p) {
    return SockAddr.rawAddress(p, 4, 4);
  }

  public static int ifindex6(MemorySegment p) {
    return p.get(ValueLayout.JAVA_INT_UNALIGNED, 16);
  }

  public static InetAddress destination6(MemorySegment p) {
    return SockAddr.rawAddress(p, 0, 16);
  }

  /** Writes an in6_pktinfo (for sending from {@code source} out of {@code ifindex}). */
  public static void write6(MemorySegment p, InetAddress source, int ifindex) {
    MemorySegment.copy(source.getAddress(), 0, p, ValueLayout.JAVA_BYTE, 0, 16);
    p.set(ValueLayout.JAVA_INT_UNALIGNED, 16, ifindex);
  }
}
