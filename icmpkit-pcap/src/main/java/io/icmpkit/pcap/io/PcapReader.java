package io.icmpkit.pcap.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * Streaming reader of classic libpcap files: both byte orders, microsecond ({@code 0xa1b2c3d4}) and
 * nanosecond ({@code 0xa1b23c4d}) timestamps.
 *
 * <p>Reads through one fixed direct buffer ({@value #BUFFER_SIZE} bytes) that is refilled from the
 * channel, so files larger than 2 GiB and pipes work alike and each record is a slice of that
 * buffer: no allocation per packet. A record's declared length is checked against
 * {@link #MAX_CAPLEN} and the file's snaplen before any byte of it is read, so a hostile header
 * (caplen {@code 0xFFFFFFFF}) can never make the reader allocate or wait for its size
 * (BAD-INPUTS row 48). A file that ends in the middle of a record stops cleanly with a
 * {@link #warning()}, as a capture killed mid-write does.
 */
public final class PcapReader implements CaptureReader {
  /** Largest caplen accepted whatever the snaplen says (libpcap's maximum for any link type). */
  public static final int MAX_CAPLEN = 262_144;

  static final int FILE_HEADER = 24;
  static final int RECORD_HEADER = 16;
  static final int BUFFER_SIZE = 4 << 20;

  static final int MAGIC_MICRO = 0xa1b2c3d4;
  static final int MAGIC_NANO = 0xa1b23c4d;
  static final int MAGIC_PCAPNG = 0x0a0d0d0a;
  static final int MAGIC_MODIFIED = 0xa1b2cd34;

  private final ReadableByteChannel channel;
  private final ByteBuffer bb;
  private final MemorySegment seg;
  private final ValueLayout.OfInt u32;
  private final boolean nanoResolution;
  private final int majorVersion;
  private final int minorVersion;
  private final long snaplen;
  private final int caplenLimit;
  private final LinkType linkType;
  private final PcapRecord record = new PcapRecord();

  private int pos; // next unread byte in the buffer
  private int limit; // end of valid bytes in the buffer
  private long base; // file offset of buffer byte 0
  private boolean eof;
  private long count;
  private String warning;

  /** Reads the file header; the reader owns the channel from here on. */
  public PcapReader(ReadableByteChannel channel) throws IOException {
    this.channel = channel;
    this.bb = ByteBuffer.allocateDirect(BUFFER_SIZE);
    this.seg = MemorySegment.ofBuffer(bb);
    if (!ensure(4)) {
      throw new PcapFormatException(limit == 0 ? "empty file, not a pcap capture" : "file too short for a pcap header");
    }
    int magic = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
    ByteOrder order;
    if (magic == MAGIC_MICRO || magic == MAGIC_NANO) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (Integer.reverseBytes(magic) == MAGIC_MICRO || Integer.reverseBytes(magic) == MAGIC_NANO) {
      order = ByteOrder.LITTLE_ENDIAN;
      magic = Integer.reverseBytes(magic);
    } else if (magic == MAGIC_PCAPNG) {
      throw new PcapFormatException("pcapng is not supported yet (convert with: editcap -F pcap in.pcapng out.pcap)");
    } else if (magic == MAGIC_MODIFIED || Integer.reverseBytes(magic) == MAGIC_MODIFIED) {
      throw new PcapFormatException("modified (Kuznetzov) pcap is not supported");
    } else {
      throw new PcapFormatException(String.format("not a pcap file (magic 0x%08x)", magic));
    }
    if (!ensure(FILE_HEADER)) {
      throw new PcapFormatException("file too short for a pcap header (" + limit + " of 24 bytes)");
    }
    this.u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
    ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
    this.nanoResolution = magic == MAGIC_NANO;
    this.majorVersion = seg.get(u16, 4) & 0xFFFF;
    this.minorVersion = seg.get(u16, 6) & 0xFFFF;
    if (majorVersion != 2) {
      throw new PcapFormatException("unsupported pcap version " + majorVersion + "." + minorVersion);
    }
    this.snaplen = seg.get(u32, 16) & 0xFFFF_FFFFL;
    // link type is the low 16 bits; the high bits carry FCS information (draft-ietf-opsawg-pcap 4)
    this.linkType = LinkType.valueOf(seg.get(u32, 20) & 0xFFFF);
    this.caplenLimit = snaplen > 0 && snaplen < MAX_CAPLEN ? (int) snaplen : MAX_CAPLEN;
    pos = FILE_HEADER;
  }

  @Override
  public LinkType linkType() {
    return linkType;
  }

  public boolean nanoResolution() {
    return nanoResolution;
  }

  public long snaplen() {
    return snaplen;
  }

  public String version() {
    return majorVersion + "." + minorVersion;
  }

  @Override
  public PcapRecord record() {
    return record;
  }

  @Override
  public String warning() {
    return warning;
  }

  @Override
  public boolean next() throws IOException {
    if (!ensure(RECORD_HEADER)) {
      if (limit > pos) {
        truncated("record header", limit - pos, RECORD_HEADER);
      }
      return false;
    }
    long number = count + 1;
    long offset = base + pos;
    long sec = seg.get(u32, pos) & 0xFFFF_FFFFL;
    long frac = seg.get(u32, pos + 4) & 0xFFFF_FFFFL;
    long caplen = seg.get(u32, pos + 8) & 0xFFFF_FFFFL;
    long origlen = seg.get(u32, pos + 12) & 0xFFFF_FFFFL;
    if (caplen > caplenLimit) {
      throw new PcapFormatException("record caplen " + caplen + " exceeds "
          + (caplenLimit == MAX_CAPLEN ? "the maximum " + MAX_CAPLEN : "the snaplen " + snaplen), number, offset);
    }
    long fracLimit = nanoResolution ? 1_000_000_000L : 1_000_000L;
    if (frac >= fracLimit) { // some writers overflow the fraction; carry it as libpcap users see it
      sec += frac / fracLimit;
      frac %= fracLimit;
    }
    int need = RECORD_HEADER + (int) caplen;
    if (!ensure(need)) {
      truncated("record data", limit - pos - RECORD_HEADER, caplen);
      return false;
    }
    count = number;
    record.set(number, offset, sec, (int) (nanoResolution ? frac : frac * 1000), (int) caplen, origlen, seg,
        pos + RECORD_HEADER);
    pos += need;
    return true;
  }

  private void truncated(String what, long have, long need) {
    warning = "capture ends in the middle of record " + (count + 1) + " at offset " + (base + pos) + " ("
        + what + ": " + Math.max(0, have) + " of " + need + " bytes); stopped after " + count + " records";
    pos = limit;
  }

  /** Makes at least {@code n} unread bytes available (n <= buffer size); false if the input ends first. */
  private boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (pos > 0) {
      int rest = limit - pos;
      MemorySegment.copy(seg, pos, seg, 0, rest);
      base += pos;
      limit = rest;
      pos = 0;
    }
    while (limit < n && !eof) {
      bb.limit(BUFFER_SIZE).position(limit);
      int r = channel.read(bb);
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
      }
    }
    return limit - pos >= n;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

}
