package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct msghdr} (56 bytes on LP64): name, iov array, control buffer, flags.
 *
 * <pre>
 *   0 void *msg_name;  8 socklen_t msg_namelen; 16 struct iovec *msg_iov; 24 size_t msg_iovlen;
 *  32 void *msg_control; 40 size_t msg_controllen; 48 int msg_flags;
 * </pre>
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/recvmsg.2.html">recvmsg(2)</a>
 */
public final class MsgHdr {
  public static final int SIZEOF = 56;
  private static final int NAME = 0;
  private static final int NAMELEN = 8;
  private static final int IOV = 16;
  private static final int IOVLEN = 24;
  private static final int CONTROL = 32;
  private static final int CONTROLLEN = 40;
  private static final int FLAGS = 48;

  private MsgHdr() {}

  /** Sets msg_name/msg_namelen ({@code NULL}/0 allowed). */
  public static void setName(MemorySegment msg, MemorySegment name, int nameLength) {
    msg.set(ValueLayout.ADDRESS, NAME, name);
    msg.set(ValueLayout.JAVA_INT, NAMELEN, nameLength);
  }

  public static void setIov(MemorySegment msg, MemorySegment iov, long count) {
    msg.set(ValueLayout.ADDRESS, IOV, iov);
    msg.set(ValueLayout.JAVA_LONG, IOVLEN, count);
  }

  /** Sets msg_control/msg_controllen ({@code NULL}/0 for none). */
  public static void setControl(MemorySegment msg, MemorySegment control, long length) {
    msg.set(ValueLayout.ADDRESS, CONTROL, control);
    msg.set(ValueLayout.JAVA_LONG, CONTROLLEN, length);
  }

  public static void setFlags(MemorySegment msg, int flags) {
    msg.set(ValueLayout.JAVA_INT, FLAGS, flags);
  }

  public static int nameLength(MemorySegment msg) {
    return msg.get(ValueLayout.JAVA_INT, NAMELEN);
  }

  public static long controlLength(MemorySegment msg) {
    return msg.get(ValueLayout.JAVA_LONG, CONTROLLEN);
  }

  /** {@code msg_flags} after recvmsg: {@code MSG_TRUNC}, {@code MSG_CTRUNC}, {@code MSG_ERRQUEUE}. */
  public static int flags(MemorySegment msg) {
    return msg.get(ValueLayout.JAVA_INT, FLAGS);
  }
}
