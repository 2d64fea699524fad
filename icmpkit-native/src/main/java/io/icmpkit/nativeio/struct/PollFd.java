package io.icmpkit.nativeio.struct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct pollfd} (8 bytes: {@code int fd; short events; short revents;}), in arrays.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/poll.2.html">poll(2)</a>
 */
public final class PollFd {
  public static final int SIZEOF = 8;

  private PollFd() {}

  /** Sets entry {@code index}: descriptor, requested events, revents cleared. */
  public static void set(MemorySegment fds, int index, int fd, short events) {
    long o = (long) index * SIZEOF;
    fds.set(ValueLayout.JAVA_INT, o, fd);
    fds.set(ValueLayout.JAVA_SHORT, o + 4, events);
    fds.set(ValueLayout.JAVA_SHORT, o + 6, (short) 0);
  }

  public static short revents(MemorySegment fds, int index) {
    return fds.get(ValueLayout.JAVA_SHORT, (long) index * SIZEOF + 6);
  }
}
