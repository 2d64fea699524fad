package io.icmpkit.cli.render;

import io.icmpkit.pcap.dissect.Dissection;
import java.io.IOException;

/** Writes one dissected frame. */
public interface FrameRenderer {
  /**
   * @param d the frame
   * @param relSeconds seconds since the first frame of the file (tshark's default time column)
   * @param relNanos nanoseconds part of that
   */
  void render(Dissection d, long relSeconds, int relNanos) throws IOException;

  /** Writes anything buffered. */
  void flush() throws IOException;
}
