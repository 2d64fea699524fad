package io.icmpkit.pcap.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes classic pcap files (microsecond or nanosecond magic, either byte order), for tests, tools
 * and the future stack's capture device.
 *
 * <pre>{@code
 * try (PcapWriter w = PcapWriter.create(Path.of("out.pcap"), LinkType.RAW, false)) {
 *   w.write(epochSeconds, nanos, packetSegment);
 * }
 * }</pre>
 */
public final class PcapWriter implements AutoCloseable {
  private final OutputStream out;
  private final ValueLayout.OfInt u32;
  private final boolean nano;
  private final int snaplen;
  private final byte[] header = new byte[PcapReader.FILE_HEADER];
  private final MemorySegment headerSeg = MemorySegment.ofArray(header);
  private byte[] scratch = new byte[2048];

  public PcapWriter(OutputStream out, LinkType linkType, int snaplen, boolean nanoResolution, ByteOrder order)
      throws IOException {
    this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
    this.u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
    ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
    this.nano = nanoResolution;
    this.snaplen = snaplen;
    headerSeg.set(u32, 0, nanoResolution ? PcapReader.MAGIC_NANO : PcapReader.MAGIC_MICRO);
    headerSeg.set(u16, 4, (short) 2);
    headerSeg.set(u16, 6, (short) 4);
    headerSeg.set(u32, 8, 0);
    headerSeg.set(u32, 12, 0);
    headerSeg.set(u32, 16, snaplen);
    headerSeg.set(u32, 20, linkType.value());
    this.out.write(header, 0, PcapReader.FILE_HEADER);
  }

  /** A little-endian file with snaplen 262144, as tcpdump writes on x86. */
  public static PcapWriter create(Path file, LinkType linkType, boolean nanoResolution) throws IOException {
    return new PcapWriter(Files.newOutputStream(file), linkType, PcapReader.MAX_CAPLEN, nanoResolution,
        ByteOrder.LITTLE_ENDIAN);
  }

  /** Writes one record; frames longer than the snaplen are cut, origlen keeps the full length. */
  public void write(long epochSeconds, int nanos, MemorySegment frame) throws IOException {
    write(epochSeconds, nanos, frame, frame.byteSize());
  }

  public void write(long epochSeconds, int nanos, MemorySegment frame, long origlen) throws IOException {
    if (nanos < 0 || nanos > 999_999_999) {
      throw new IllegalArgumentException("nanos out of range: " + nanos);
    }
    int caplen = (int) Math.min(frame.byteSize(), snaplen);
    if (scratch.length < caplen) {
      scratch = new byte[caplen];
    }
    MemorySegment rh = MemorySegment.ofArray(header);
    rh.set(u32, 0, (int) epochSeconds);
    rh.set(u32, 4, nano ? nanos : nanos / 1000);
    rh.set(u32, 8, caplen);
    rh.set(u32, 12, (int) origlen);
    out.write(header, 0, PcapReader.RECORD_HEADER);
    MemorySegment.copy(frame, ValueLayout.JAVA_BYTE, 0, scratch, 0, caplen);
    out.write(scratch, 0, caplen);
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
