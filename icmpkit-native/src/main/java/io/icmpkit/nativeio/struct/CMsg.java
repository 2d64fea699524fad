package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Control messages ({@code struct cmsghdr}: {@code size_t cmsg_len; int cmsg_level; int
 * cmsg_type;} then data at offset 16, each message aligned to 8 bytes), read with a cursor that
 * allocates nothing and written with {@link #put}.
 *
 * <p>The walk is bounded: a {@code cmsg_len} shorter than the header, or one running past the
 * control length the kernel reported, ends it (the kernel never produces either; a bug must not
 * read outside the buffer).
 *
 * <pre>{@code
 * CMsg.Cursor c = new CMsg.Cursor(control, MsgHdr.controlLength(msg));
 * while (c.next()) { if (c.level() == IPPROTO_IP && c.type() == IP_TTL) ttl = c.data().get(JAVA_INT, 0); }
 * }</pre>
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/cmsg.3.html">cmsg(3)</a>
 */
public final class CMsg {
  /** {@code CMSG_LEN(0)}: the header size, and the offset of the data. */
  public static final int HEADER = 16;

  private CMsg() {}

  /** {@code CMSG_ALIGN(n)}. */
  public static long align(long n) {
    return (n + 7) & ~7L;
  }

  /** {@code CMSG_SPACE(n)}: room one message with {@code n} data bytes takes. */
  public static long space(long dataLength) {
    return HEADER + align(dataLength);
  }

  /**
   * Writes one control message at {@code offset} of {@code control} with the bytes of
   * {@code data}; returns the offset of the next message ({@code offset + CMSG_SPACE}).
   */
  public static long put(MemorySegment control, long offset, int level, int type,
      MemorySegment data) {
    long len = HEADER + data.byteSize();
    control.asSlice(offset, space(data.byteSize())).fill((byte) 0);
    control.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, len);
    control.set(ValueLayout.JAVA_INT_UNALIGNED, offset + 8, level);
    control.set(ValueLayout.JAVA_INT_UNALIGNED, offset + 12, type);
    MemorySegment.copy(data, 0, control, offset + HEADER, data.byteSize());
    return offset + space(data.byteSize());
  }

  /** Iterates the control messages of a received {@code msghdr}; reusable via {@link #reset}. */
  public static final class Cursor {
    private MemorySegment control;
    private long limit;
    private long next;
    private long current = -1;
    private long currentLength;

    public Cursor(MemorySegment control, long controlLength) {
      reset(control, controlLength);
    }

    /** Starts a new walk over {@code controlLength} bytes of {@code control}. */
    public void reset(MemorySegment control, long controlLength) {
      this.control = control;
      this.limit = Math.min(Math.max(controlLength, 0), control.byteSize());
      this.next = 0;
      this.current = -1;
    }

    /** Moves to the next message; false at the end (or on a malformed length). */
    public boolean next() {
      if (next + HEADER > limit) {
        return false;
      }
      long len = control.get(ValueLayout.JAVA_LONG_UNALIGNED, next);
      if (len < HEADER || next + len > limit) {
        next = limit;
        return false;
      }
      current = next;
      currentLength = len;
      next = next + align(len);
      return true;
    }

    public int level() {
      return control.get(ValueLayout.JAVA_INT_UNALIGNED, current + 8);
    }

    public int type() {
      return control.get(ValueLayout.JAVA_INT_UNALIGNED, current + 12);
    }

    /** Offset of the current message's data in the control buffer (reads without a slice). */
    public long dataOffset() {
      return current + HEADER;
    }

    /** Length of the current message's data. */
    public long dataLength() {
      return currentLength - HEADER;
    }

    /** The data of the current message (a slice: valid while the control buffer is). */
    public MemorySegment data() {
      return control.asSlice(current + HEADER, currentLength - HEADER);
    }
  }
}
