package io.icmpkit.nativeio.struct;

import io.icmpkit.nativeio.lib.Linux;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in} (16 bytes) and {@code struct sockaddr_in6} (28 bytes), and {@code
 * sockaddr_storage} (128 bytes) for receiving either. Family and scope id are host order; port,
 * address and flow info are network order, as in the C structs.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ipv6.7.html">ipv6(7)</a>
 */
public final class SockAddr {
  public static final int SIZEOF_IN = 16;
  public static final int SIZEOF_IN6 = 28;
  public static final int SIZEOF_STORAGE = 128;
  private static final int FAMILY = 0;
  private static final int PORT = 2;
  private static final int IN_ADDR = 4;
  private static final int IN6_FLOWINFO = 4;
  private static final int IN6_ADDR = 8;
  private static final int IN6_SCOPE = 24;
  private static final ValueLayout.OfShort BE_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt BE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private SockAddr() {}

  /** The C size of the sockaddr for {@code address}'s family. */
  public static int sizeOf(InetAddress address) {
    return address instanceof Inet6Address ? SIZEOF_IN6 : SIZEOF_IN;
  }

  /** A new sockaddr_in/in6 for {@code address}, {@code port}, IPv6 flow info (20-bit label). */
  public static MemorySegment allocate(Arena arena, InetAddress address, int port, int flowInfo) {
    MemorySegment s = arena.allocate(sizeOf(address), 4);
    write(s, address, port, flowInfo);
    return s;
  }

  /** {@link #allocate(Arena, InetAddress, int, int)} of an {@link InetSocketAddress}. */
  public static MemorySegment allocate(Arena arena, InetSocketAddress address) {
    return allocate(arena, address.getAddress(), address.getPort(), 0);
  }

  /** Writes the sockaddr for {@code address} at offset 0 of {@code dst}; returns its length. */
  public static int write(MemorySegment dst, InetAddress address, int port, int flowInfo) {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    int len = sizeOf(address);
    dst.asSlice(0, len).fill((byte) 0);
    byte[] a = address.getAddress();
    dst.set(BE_SHORT, PORT, (short) port);
    if (address instanceof Inet6Address a6) {
      dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY, (short) Linux.AF_INET6);
      dst.set(BE_INT, IN6_FLOWINFO, flowInfo);
      MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_BYTE, IN6_ADDR, 16);
      dst.set(ValueLayout.JAVA_INT_UNALIGNED, IN6_SCOPE, a6.getScopeId());
    } else {
      dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY, (short) Linux.AF_INET);
      MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_BYTE, IN_ADDR, 4);
    }
    return len;
  }

  /** The address family ({@code AF_INET}, {@code AF_INET6}...). */
  public static int family(MemorySegment sa) {
    return Short.toUnsignedInt(sa.get(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY));
  }

  /** The port (for ping sockets: the echo identifier the kernel chose). */
  public static int port(MemorySegment sa) {
    return Short.toUnsignedInt(sa.get(BE_SHORT, PORT));
  }

  /** IPv6 flow info (traffic class and flow label), network order read as an int; 0 for IPv4. */
  public static int flowInfo(MemorySegment sa) {
    return family(sa) == Linux.AF_INET6 ? sa.get(BE_INT, IN6_FLOWINFO) : 0;
  }

  /**
   * The address of an {@code AF_INET} / {@code AF_INET6} sockaddr; null for another family or a
   * segment too short for its family.
   */
  public static InetAddress address(MemorySegment sa) {
    if (sa.byteSize() < 2) {
      return null;
    }
    try {
      int family = family(sa);
      if (family == Linux.AF_INET && sa.byteSize() >= SIZEOF_IN) {
        return InetAddress.getByAddress(sa.asSlice(IN_ADDR, 4).toArray(ValueLayout.JAVA_BYTE));
      }
      if (family == Linux.AF_INET6 && sa.byteSize() >= SIZEOF_IN6) {
        byte[] a = sa.asSlice(IN6_ADDR, 16).toArray(ValueLayout.JAVA_BYTE);
        int scope = sa.get(ValueLayout.JAVA_INT_UNALIGNED, IN6_SCOPE);
        return scope != 0 ? Inet6Address.getByAddress(null, a, scope) : InetAddress.getByAddress(a);
      }
      return null;
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // cannot happen: 4 or 16 bytes
    }
  }

  /** An address from 4 or 16 raw bytes in {@code s} at {@code offset} (in_addr / in6_addr). */
  public static InetAddress rawAddress(MemorySegment s, long offset, int length) {
    try {
      return InetAddress.getByAddress(s.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address length must be 4 or 16: " + length, e);
    }
  }

  /** Whether {@code a} is IPv4 (an {@link Inet4Address}). */
  public static boolean isV4(InetAddress a) {
    return a instanceof Inet4Address;
  }
}
