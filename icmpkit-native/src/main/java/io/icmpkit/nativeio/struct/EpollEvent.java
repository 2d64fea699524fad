package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct epoll_event} ({@code uint32_t events; epoll_data_t data;}), in arrays. On x86-64
 * the kernel declares it packed ({@code __EPOLL_PACKED}): 12 bytes, data at offset 4; on every
 * other 64-bit architecture it has natural alignment: 16 bytes, data at offset 8. The 64-bit
 * {@code data} is used as a {@code u64} key chosen by the caller.
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/epoll_event.3type.html">epoll_event(3type)</a>
 */
public final class EpollEvent {
  private static final boolean PACKED = switch (System.getProperty("os.arch", "")) {
    case "amd64", "x86_64" -> true;
    default -> false;
  };
  /** Size of one entry on this architecture. */
  public static final int SIZEOF = PACKED ? 12 : 16;
  private static final int DATA = PACKED ? 4 : 8;

  private EpollEvent() {}

  /** Sets entry {@code index}: requested events and the caller's key. */
  public static void set(MemorySegment events, int index, int mask, long data) {
    long o = (long) index * SIZEOF;
    events.set(ValueLayout.JAVA_INT_UNALIGNED, o, mask);
    events.set(ValueLayout.JAVA_LONG_UNALIGNED, o + DATA, data);
  }

  /** The ready events of entry {@code index}. */
  public static int events(MemorySegment events, int index) {
    return events.get(ValueLayout.JAVA_INT_UNALIGNED, (long) index * SIZEOF);
  }

  /** The key of entry {@code index}. */
  public static long data(MemorySegment events, int index) {
    return events.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) index * SIZEOF + DATA);
  }
}
