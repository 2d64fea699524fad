package io.icmpkit.socket.tcp;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.WireException;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The TCP SYN segment of a TCP traceroute probe (RFC 9293 section 3.1): a 20-byte header plus one
 * MSS option (kind 2, length 4), flags SYN only, checksum over the IPv4 (RFC 9293 3.1) or IPv6
 * (RFC 8200 8.1) pseudo-header. Also the few accessors needed to read a reply (SYN-ACK or RST).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9293#section-3.1">RFC 9293 3.1</a>
 */
public final class TcpSyn {
  /** Length of the SYN this class writes. */
  public static final int LENGTH = 24;
  /** TCP header without options. */
  public static final int MIN_HEADER = 20;
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  private static final class Field {
    static final int SRC_PORT = 0;
    static final int DST_PORT = 2;
    static final int SEQ = 4;
    static final int ACK = 8;
    static final int DATA_OFFSET = 12;
    static final int FLAGS = 13;
    static final int WINDOW = 14;
    static final int CHECKSUM = 16;
    static final int URGENT = 18;
    static final int OPTIONS = 20;
  }

  private TcpSyn() {}

  /**
   * Writes a SYN from {@code source}:{@code sourcePort} to {@code destination}:{@code
   * destinationPort} into {@code dst} (at least {@value #LENGTH} bytes) and fills the checksum.
   *
   * @return {@value #LENGTH}
   * @throws WireException BUFFER_TOO_SMALL when {@code dst} is short
   */
  public static int write(MemorySegment dst, InetAddress source, InetAddress destination,
      int sourcePort, int destinationPort, int sequence, int window, int mss) {
    if ((source instanceof Inet6Address) != (destination instanceof Inet6Address)) {
      throw new IllegalArgumentException("source and destination of different families");
    }
    checkU16("sourcePort", sourcePort);
    checkU16("destinationPort", destinationPort);
    checkU16("window", window);
    checkU16("mss", mss);
    if (dst.byteSize() < LENGTH) {
      throw new WireException(WireException.Reason.BUFFER_TOO_SMALL,
          "TCP SYN needs " + LENGTH + " bytes, buffer has " + dst.byteSize());
    }
    Bytes.setU16(dst, Field.SRC_PORT, sourcePort);
    Bytes.setU16(dst, Field.DST_PORT, destinationPort);
    Bytes.setU32(dst, Field.SEQ, Integer.toUnsignedLong(sequence));
    Bytes.setU32(dst, Field.ACK, 0);
    Bytes.setU8(dst, Field.DATA_OFFSET, (LENGTH / 4) << 4);
    Bytes.setU8(dst, Field.FLAGS, SYN);
    Bytes.setU16(dst, Field.WINDOW, window);
    Bytes.setU16(dst, Field.CHECKSUM, 0);
    Bytes.setU16(dst, Field.URGENT, 0);
    Bytes.setU8(dst, Field.OPTIONS, 2); // MSS
    Bytes.setU8(dst, Field.OPTIONS + 1, 4);
    Bytes.setU16(dst, Field.OPTIONS + 2, mss);
    Bytes.setU16(dst, Field.CHECKSUM, checksum(dst.asSlice(0, LENGTH), source, destination));
    return LENGTH;
  }

  /** The TCP checksum of {@code segment} (checksum field included as it is) for the addresses. */
  public static int checksum(MemorySegment segment, InetAddress source, InetAddress destination) {
    long len = segment.byteSize();
    long s;
    if (source instanceof Inet6Address) {
      s = Checksum.pseudoHeaderV6(MemorySegment.ofArray(source.getAddress()),
          MemorySegment.ofArray(destination.getAddress()), len, 6);
    } else {
      s = Checksum.pseudoHeaderV4(bits(source), bits(destination), 6, (int) len);
    }
    return Checksum.finish(Checksum.sum(segment, 0, len, s));
  }

  private static int bits(InetAddress a) {
    byte[] b = a.getAddress();
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static void checkU16(String what, int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException(what + " out of range 0..65535: " + v);
    }
  }

  /** Whether {@code segment} is long enough for the fixed header (the accessors below need it). */
  public static boolean hasHeader(MemorySegment segment) {
    return segment.byteSize() >= MIN_HEADER;
  }

  public static int sourcePort(MemorySegment segment) {
    return Bytes.u16(segment, Field.SRC_PORT);
  }

  public static int destinationPort(MemorySegment segment) {
    return Bytes.u16(segment, Field.DST_PORT);
  }

  /** Sequence number, unsigned. */
  public static long sequence(MemorySegment segment) {
    return Bytes.u32(segment, Field.SEQ);
  }

  /** Acknowledgment number, unsigned. */
  public static long acknowledgment(MemorySegment segment) {
    return Bytes.u32(segment, Field.ACK);
  }

  /** The flag bits (CWR..FIN) of byte 13. */
  public static int flags(MemorySegment segment) {
    return Bytes.u8(segment, Field.FLAGS);
  }

  public static int window(MemorySegment segment) {
    return Bytes.u16(segment, Field.WINDOW);
  }
}
