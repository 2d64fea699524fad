package io.icmpkit.wire.ext;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import java.lang.foreign.MemorySegment;

/**
 * The body of an ICMP error split per RFC 4884: the original datagram and, when present, the
 * extension structure after it. Shared by ICMPv4 (length attribute in 32-bit words) and ICMPv6
 * (64-bit words); callers pass the length in bytes.
 *
 * @param originalDatagram the quoted datagram bytes (including RFC 4884 zero padding when the
 *     message is multi-part)
 * @param extensions the extension structure, or null
 */
public record Multipart(Octets originalDatagram, IcmpExtensions extensions) {
  /** RFC 4884 section 4/5: a multi-part message quotes at least 128 bytes of the original datagram. */
  public static final int MIN_ORIGINAL_LENGTH = 128;

  public Multipart {
    java.util.Objects.requireNonNull(originalDatagram, "originalDatagram");
  }

  /**
   * Splits an error body (the bytes after the 8-byte ICMP header).
   *
   * <ul>
   *   <li>{@code lengthBytes > 0} (RFC 4884 section 4.1): the original datagram is that long; it
   *       must be at least 128 bytes and leave room for an extension structure whose checksum is 0
   *       or verifies. A length equal to the whole body (at least 128 bytes) is fine too: it
   *       delimits the original datagram and no extension follows. Otherwise
   *       {@link Anomaly#ICMP_EXT_BAD} is flagged and the whole body is kept as the original datagram.
   *   <li>{@code lengthBytes == 0}: the compatibility case of RFC 4884 section 5 as Wireshark's
   *       {@code packet-icmp.c} handles it: a body longer than 128 bytes whose byte 128 starts a
   *       version-2 header with a nonzero, verifying checksum and well-formed objects has its
   *       extensions there (non-compliant MPLS routers, RFC 4950 section 5). Otherwise no
   *       extensions and nothing is flagged.
   * </ul>
   */
  public static Multipart split(MemorySegment body, int lengthBytes, AnomalySink sink) {
    long size = body.byteSize();
    if (lengthBytes > 0) {
      if (lengthBytes == size && lengthBytes >= MIN_ORIGINAL_LENGTH) {
        // a length covering exactly the rest of the message only delimits the original datagram:
        // no extension structure follows, and nothing is wrong (frame 153 of the tshark oracle)
        return new Multipart(Octets.copyOf(body), null);
      }
      if (lengthBytes < MIN_ORIGINAL_LENGTH || lengthBytes + IcmpExtensions.HEADER_LENGTH > size) {
        sink.flag(Anomaly.ICMP_EXT_BAD);
        return new Multipart(Octets.copyOf(body), null);
      }
      MemorySegment ext = body.asSlice(lengthBytes);
      try {
        IcmpExtensions e = IcmpExtensions.parse(ext, true);
        return new Multipart(Octets.copyOf(body, 0, lengthBytes), e);
      } catch (WireException bad) {
        sink.flag(Anomaly.ICMP_EXT_BAD);
        return new Multipart(Octets.copyOf(body), null);
      }
    }
    IcmpExtensions e = compatibilityExtensions(body);
    return e != null
        ? new Multipart(Octets.copyOf(body, 0, MIN_ORIGINAL_LENGTH), e)
        : new Multipart(Octets.copyOf(body), null);
  }

  /** The RFC 4884 section 5 compatibility rule (length 0): the structure at byte 128, or null. */
  private static IcmpExtensions compatibilityExtensions(MemorySegment body) {
    if (body.byteSize() > MIN_ORIGINAL_LENGTH + IcmpExtensions.HEADER_LENGTH - 1) {
      MemorySegment ext = body.asSlice(MIN_ORIGINAL_LENGTH);
      if (Bytes.u8(ext, 0) >>> 4 == IcmpExtensions.VERSION && Bytes.u16(ext, 2) != 0
          && IcmpExtensions.checksumOk(ext)) {
        try {
          return IcmpExtensions.parse(ext, true);
        } catch (WireException notExtensions) {
          // a verifying checksum by chance over a malformed structure: treat as plain quote
        }
      }
    }
    return null;
  }

  /**
   * Length of the original datagram field on the wire: as is without extensions; with them, zero
   * padded to a multiple of {@code wordSize} (4 for ICMPv4, 8 for ICMPv6) and to at least 128 bytes.
   */
  public static int paddedOriginalLength(int originalLength, IcmpExtensions extensions, int wordSize) {
    if (extensions == null) {
      return originalLength;
    }
    int padded = (originalLength + wordSize - 1) / wordSize * wordSize;
    return Math.max(MIN_ORIGINAL_LENGTH, padded);
  }

  /** Bytes {@link #emit} writes for this body. */
  public int bufferLength(int wordSize) {
    return paddedOriginalLength(originalDatagram.length(), extensions, wordSize)
        + (extensions != null ? extensions.bufferLength() : 0);
  }

  /**
   * Writes the original datagram (zero padded when extensions follow) and the extensions into
   * {@code dst}, which must hold {@link #bufferLength(int)} bytes.
   *
   * <p>Without extensions the length attribute is 0, except when the original datagram would then
   * be read as carrying extensions by the compatibility rule of {@link #split} (a structure that
   * verifies at byte 128, e.g. a quote kept whole because its length attribute was unusable). Then
   * the attribute must say "no extensions" in another way, so that {@code split} gives this body
   * back unchanged ({@code parse(emit(x)) == x}): the whole original datagram in words when it is
   * a whole number of words up to 255 (delimits it, nothing flagged), otherwise 1 word, a length
   * below 128 bytes that {@code split} flags as {@link Anomaly#ICMP_EXT_BAD} and ignores.
   *
   * @return the value for the RFC 4884 length attribute, in words of {@code wordSize}
   * @throws WireException UNENCODABLE when the padded original datagram is longer than 255 words
   */
  public int emit(MemorySegment dst, int wordSize, ChecksumPolicy policy) {
    int orig = originalDatagram.length();
    int padded = paddedOriginalLength(orig, extensions, wordSize);
    originalDatagram.copyTo(dst, 0);
    if (extensions == null) {
      if (compatibilityExtensions(dst.asSlice(0, orig)) == null) {
        return 0;
      }
      return orig % wordSize == 0 && orig / wordSize <= 255 ? orig / wordSize : 1;
    }
    if (padded / wordSize > 255) {
      throw new WireException(WireException.Reason.UNENCODABLE, "original datagram longer than 255 words");
    }
    dst.asSlice(orig, padded - orig).fill((byte) 0);
    extensions.emit(dst.asSlice(padded), policy);
    return padded / wordSize;
  }
}
