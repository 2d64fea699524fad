package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct sock_extended_err} (16 bytes), the data of an {@code IP_RECVERR} /
 * {@code IPV6_RECVERR} control message read from the error queue, followed in the same control
 * message by the offender's sockaddr ({@code SO_EE_OFFENDER}).
 *
 * <pre>
 *  0 u32 ee_errno; 4 u8 ee_origin; 5 u8 ee_type; 6 u8 ee_code; 7 u8 ee_pad;
 *  8 u32 ee_info;  12 u32 ee_data | { u16 len; u8 flags; u8 reserved; } ee_rfc4884
 * </pre>
 *
 * <p>All fields are host order. For RFC 4884 ({@code IP_RECVERR_RFC4884}) {@code len} is the
 * length of the original datagram part in bytes, and {@code flags} has
 * {@code SO_EE_RFC4884_FLAG_INVALID} when the extension structure did not validate.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7) IP_RECVERR</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4884">RFC 4884</a>
 */
public final class SockExtendedErr {
  public static final int SIZEOF = 16;

  private SockExtendedErr() {}

  public static int errno(MemorySegment ee) {
    return ee.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
  }

  /** {@code SO_EE_ORIGIN_*}. */
  public static int origin(MemorySegment ee) {
    return Byte.toUnsignedInt(ee.get(ValueLayout.JAVA_BYTE, 4));
  }

  public static int type(MemorySegment ee) {
    return Byte.toUnsignedInt(ee.get(ValueLayout.JAVA_BYTE, 5));
  }

  public static int code(MemorySegment ee) {
    return Byte.toUnsignedInt(ee.get(ValueLayout.JAVA_BYTE, 6));
  }

  /** {@code ee_info}: MTU for frag-needed / packet-too-big, pointer for parameter problem. */
  public static long info(MemorySegment ee) {
    return Integer.toUnsignedLong(ee.get(ValueLayout.JAVA_INT_UNALIGNED, 8));
  }

  /** {@code ee_data} (for timestamping with {@code OPT_ID}: the counter of the sent packet). */
  public static long data(MemorySegment ee) {
    return Integer.toUnsignedLong(ee.get(ValueLayout.JAVA_INT_UNALIGNED, 12));
  }

  /** {@code ee_rfc4884.len}. */
  public static int rfc4884Length(MemorySegment ee) {
    return Short.toUnsignedInt(ee.get(ValueLayout.JAVA_SHORT_UNALIGNED, 12));
  }

  /** {@code ee_rfc4884.flags}. */
  public static int rfc4884Flags(MemorySegment ee) {
    return Byte.toUnsignedInt(ee.get(ValueLayout.JAVA_BYTE, 14));
  }

  /**
   * {@code SO_EE_OFFENDER(ee)}: the sockaddr after the struct (the node that sent the ICMP error),
   * or an empty segment when the control message is too short to hold one.
   */
  public static MemorySegment offender(MemorySegment ee) {
    return ee.byteSize() > SIZEOF ? ee.asSlice(SIZEOF) : ee.asSlice(0, 0);
  }
}
