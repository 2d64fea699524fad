package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }} (64 bytes on LP64), the
 * array element of sendmmsg(2)/recvmmsg(2). Entry {@code i} of an array starts at
 * {@code i * SIZEOF}; its {@code msg_hdr} is set with {@link MsgHdr} on {@link #header}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/recvmmsg.2.html">recvmmsg(2)</a>
 */
public final class MMsgHdr {
  public static final int SIZEOF = 64;
  private static final int LEN = 56;

  private MMsgHdr() {}

  /** The {@code msg_hdr} of entry {@code index} (a slice of {@link MsgHdr#SIZEOF} bytes). */
  public static MemorySegment header(MemorySegment vec, int index) {
    return vec.asSlice((long) index * SIZEOF, MsgHdr.SIZEOF);
  }

  /** {@code msg_len} of entry {@code index}: bytes sent or received for that message. */
  public static int length(MemorySegment vec, int index) {
    return vec.get(ValueLayout.JAVA_INT, (long) index * SIZEOF + LEN);
  }
}
