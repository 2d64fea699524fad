package io.icmpkit.socket.capture;

/**
 * The kernel's counters of a capture socket since it was opened ({@code PACKET_STATISTICS}, summed
 * by the socket because the kernel resets them on every read): {@code packets} frames passed the
 * filter (drops included), {@code drops} of them found the receive queue full and were lost.
 * Frames the filter rejected are in neither.
 */
public record CaptureStatistics(long packets, long drops) {
  public CaptureStatistics {
    if (packets < 0 || drops < 0) {
      throw new IllegalArgumentException("negative counter: " + packets + ", " + drops);
    }
  }

  /** Frames queued to the socket: {@code packets - drops}. */
  public long delivered() {
    return packets - drops;
  }
}
