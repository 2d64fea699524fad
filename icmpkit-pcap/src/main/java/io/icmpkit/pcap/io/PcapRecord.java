package io.icmpkit.pcap.io;

import java.lang.foreign.MemorySegment;

/**
 * One captured frame as the reader currently sees it. The reader reuses a single instance and
 * overwrites it on every {@link CaptureReader#next()}: copy what you need before advancing. The
 * bytes live in the reader's buffer; {@link #data()} is only valid until the next call.
 */
public final class PcapRecord {
  private long number;
  private long fileOffset;
  private long seconds;
  private int nanos;
  private int caplen;
  private long origlen;
  private MemorySegment buffer = MemorySegment.NULL;
  private long dataOffset;
  private MemorySegment data;

  /** Used by readers to fill the record in place. */
  void set(long number, long fileOffset, long seconds, int nanos, int caplen, long origlen,
      MemorySegment buffer, long dataOffset) {
    this.number = number;
    this.fileOffset = fileOffset;
    this.seconds = seconds;
    this.nanos = nanos;
    this.caplen = caplen;
    this.origlen = origlen;
    this.buffer = buffer;
    this.dataOffset = dataOffset;
    this.data = null;
  }

  /** Public setter for other sources (tests, live capture): the record takes {@code data} as is. */
  public PcapRecord fill(long number, long seconds, int nanos, MemorySegment data, long origlen) {
    set(number, -1, seconds, nanos, (int) data.byteSize(), origlen, data, 0);
    this.data = data;
    return this;
  }

  /** 1-based frame number within the file. */
  public long number() {
    return number;
  }

  /** File offset of the record header, or -1 when not from a file. */
  public long fileOffset() {
    return fileOffset;
  }

  /** Timestamp: whole seconds since the epoch (UTC). */
  public long epochSeconds() {
    return seconds;
  }

  /** Timestamp: nanoseconds within the second (0-999,999,999; microsecond files give multiples of 1000). */
  public int nanos() {
    return nanos;
  }

  /** Number of bytes captured (the length of {@link #data()}). */
  public int caplen() {
    return caplen;
  }

  /** Length of the frame on the wire (may exceed {@link #caplen()} when the snaplen cut it). */
  public long origlen() {
    return origlen;
  }

  /** The captured bytes: a slice of the reader's buffer, valid until the next record. */
  public MemorySegment data() {
    MemorySegment d = data;
    if (d == null) {
      d = buffer.asSlice(dataOffset, caplen);
      data = d;
    }
    return d;
  }

  /** The buffer holding the bytes and the offset of the first one, for callers that slice themselves. */
  public MemorySegment buffer() {
    return buffer;
  }

  public long dataOffset() {
    return dataOffset;
  }
}
