package io.icmpkit.pcap.io;

import java.io.IOException;

/**
 * A capture file that cannot be read further: bad magic, pcapng, a record header with an impossible
 * length, an unsupported link type. Carries the 1-based record number and the file offset of the
 * record header where that applies (both -1 for file-header problems), so the message can point at
 * the bytes.
 */
public final class PcapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long recordNumber;
  private final long offset;

  public PcapFormatException(String message) {
    this(message, -1, -1);
  }

  public PcapFormatException(String message, long recordNumber, long offset) {
    super(recordNumber < 0 ? message : message + " (record " + recordNumber + " at offset " + offset + ")");
    this.recordNumber = recordNumber;
    this.offset = offset;
  }

  /** The 1-based number of the offending record, or -1 for a file-header problem. */
  public long recordNumber() {
    return recordNumber;
  }

  /** The file offset of the offending record header, or -1. */
  public long offset() {
    return offset;
  }
}
