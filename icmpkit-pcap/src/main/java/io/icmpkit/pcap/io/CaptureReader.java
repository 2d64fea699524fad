package io.icmpkit.pcap.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A source of captured frames, read one at a time into a reused {@link PcapRecord}. Classic pcap is
 * the one format today ({@link PcapReader}); pcapng and live capture are meant to implement the same
 * interface.
 *
 * <pre>{@code
 * try (CaptureReader r = CaptureReader.open(Path.of("icmp.pcap"))) {
 *   while (r.next()) {
 *     PcapRecord rec = r.record();
 *     handle(r.linkType(), rec.data());
 *   }
 *   if (r.warning() != null) System.err.println(r.warning());
 * }
 * }</pre>
 */
public interface CaptureReader extends AutoCloseable {
  /** Link type of the frames (for pcap: one per file). */
  LinkType linkType();

  /**
   * Advances to the next frame. Returns false at the end of the input, including a cleanly
   * truncated last record (then {@link #warning()} says so).
   *
   * @throws PcapFormatException when a record header is impossible (never after allocating its size)
   */
  boolean next() throws IOException;

  /** The current frame; the same instance every time, valid until the next {@link #next()}. */
  PcapRecord record();

  /** A note about a recoverable problem met so far (e.g. a truncated last record), or null. */
  String warning();

  @Override
  void close() throws IOException;

  /** Opens a capture file, detecting its format from the magic number. */
  static CaptureReader open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new PcapReader(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Reads a capture from a stream (e.g. standard input); the reader closes the stream. */
  static CaptureReader open(InputStream in) throws IOException {
    return new PcapReader(Channels.newChannel(in));
  }
}
