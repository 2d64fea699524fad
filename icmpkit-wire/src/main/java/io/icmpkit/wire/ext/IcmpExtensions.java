package io.icmpkit.wire.ext;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4884 ICMP extension structure (section 7): a 4-byte header (version 2, 12 reserved bits,
 * checksum over the whole structure) followed by objects.
 *
 * <p>{@code checksum} is the value as on the wire (0 means "no checksum transmitted", RFC 4884
 * section 7); {@link #of(List)} computes it, so a structure built that way equals its own parse.
 * The 12 reserved bits are kept as received ({@code reserved}): the checksum covers them, so a
 * structure that verified must be emitted with the same bits to still verify.
 *
 * @param version 2 for RFC 4884
 * @param reserved the 12 reserved bits after the version, 0..0xFFF (sent as 0, kept as received)
 * @param checksum the checksum field, 0..0xFFFF
 * @param objects the extension objects in wire order
 */
public record IcmpExtensions(int version, int reserved, int checksum, List<ExtensionObject> objects) {
  /** RFC 4884 section 7.1. */
  public static final int VERSION = 2;

  /** Size of the extension header. */
  public static final int HEADER_LENGTH = 4;

  public IcmpExtensions {
    if (version < 0 || version > 15) {
      throw new IllegalArgumentException("version must fit 4 bits: " + version);
    }
    if (reserved < 0 || reserved > 0xFFF) {
      throw new IllegalArgumentException("reserved must fit 12 bits: " + reserved);
    }
    if (checksum < 0 || checksum > 0xFFFF) {
      throw new IllegalArgumentException("checksum out of range: " + checksum);
    }
    objects = List.copyOf(objects);
  }

  /** A structure with the reserved bits zero, as RFC 4884 section 7 says to send. */
  public IcmpExtensions(int version, int checksum, List<ExtensionObject> objects) {
    this(version, 0, checksum, objects);
  }

  /** A version-2 structure with its checksum computed. */
  public static IcmpExtensions of(List<ExtensionObject> objects) {
    IcmpExtensions zero = new IcmpExtensions(VERSION, 0, objects);
    MemorySegment tmp = MemorySegment.ofArray(new byte[zero.bufferLength()]);
    zero.emit(tmp, ChecksumPolicy.FILL);
    return new IcmpExtensions(VERSION, Bytes.u16(tmp, 2), objects);
  }

  /** A version-2 structure with its checksum computed. */
  public static IcmpExtensions of(ExtensionObject... objects) {
    return of(List.of(objects));
  }

  /**
   * Parses a whole extension structure occupying all of {@code s}.
   *
   * @throws WireException MALFORMED when the version is not 2, an object header claims fewer than 4
   *     bytes or more than remain, or bytes are left over that cannot hold an object header;
   *     BAD_CHECKSUM when {@code verify} and a nonzero checksum does not verify
   */
  public static IcmpExtensions parse(MemorySegment s, boolean verify) {
    long len = s.byteSize();
    WireException.requireLength(len, HEADER_LENGTH, "ICMP extension header");
    int version = Bytes.u8(s, 0) >>> 4;
    if (version != VERSION) {
      throw new WireException(WireException.Reason.MALFORMED, "ICMP extension version " + version);
    }
    int reserved = Bytes.u16(s, 0) & 0xFFF;
    int checksum = Bytes.u16(s, 2);
    if (verify && checksum != 0 && !Checksum.verifies(Checksum.sum(s, 0))) {
      throw new WireException(WireException.Reason.BAD_CHECKSUM, "ICMP extension checksum");
    }
    List<ExtensionObject> objects = new ArrayList<>();
    long off = HEADER_LENGTH;
    while (off < len) {
      // every object consumes at least its 4-byte header, so the walk ends within len/4 steps
      if (len - off < ExtensionObject.HEADER_LENGTH) {
        throw new WireException(WireException.Reason.MALFORMED, (len - off) + " stray bytes after the last object");
      }
      int objLen = Bytes.u16(s, off);
      if (objLen < ExtensionObject.HEADER_LENGTH || objLen > len - off) {
        throw new WireException(WireException.Reason.MALFORMED, "extension object length " + objLen);
      }
      objects.add(ExtensionObject.parse(s.asSlice(off, objLen)));
      off += objLen;
    }
    return new IcmpExtensions(version, reserved, checksum, objects);
  }

  /** Bytes {@link #emit} writes: header plus every object. */
  public int bufferLength() {
    int n = HEADER_LENGTH;
    for (ExtensionObject o : objects) {
      n += o.bufferLength();
    }
    return n;
  }

  /**
   * Writes the structure at the start of {@code dst}. With a policy that fills checksums the
   * checksum is computed; otherwise the record's {@link #checksum} is written as is.
   */
  public void emit(MemorySegment dst, ChecksumPolicy policy) {
    int n = bufferLength();
    if (dst.byteSize() < n) {
      throw new WireException(WireException.Reason.BUFFER_TOO_SMALL, "ICMP extensions need " + n + " bytes");
    }
    Bytes.setU16(dst, 0, version << 12 | reserved);
    Bytes.setU16(dst, 2, 0);
    long off = HEADER_LENGTH;
    for (ExtensionObject o : objects) {
      o.emit(dst.asSlice(off, o.bufferLength()));
      off += o.bufferLength();
    }
    Bytes.setU16(dst, 2, policy.fillsOnEmit() ? Checksum.compute(dst, 0, n) : checksum);
  }

  /** Whether the checksum field is zero or verifies over the given bytes of this structure. */
  public static boolean checksumOk(MemorySegment s) {
    return s.byteSize() >= HEADER_LENGTH && (Bytes.u16(s, 2) == 0 || Checksum.verifies(Checksum.sum(s, 0)));
  }
}
