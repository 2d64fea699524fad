package io.icmpkit.wire.ipv6;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One IPv6 extension header (RFC 8200 section 4) as a record. The view-level walk is {@link
 * Ipv6ExtensionWalk}; this is the representation: {@link #parseChain} reads the whole chain (and
 * rejects a broken one), {@link #emit} writes one header.
 *
 * <p>Option headers are padded in their compact constructors (Pad1/PadN) to a multiple of eight
 * bytes, so {@code parse(emit(h)).equals(h)}.
 */
public sealed interface Ipv6ExtensionHeader {
  /** The protocol number that names this header (0, 43, 44, 51, 60, ...). */
  int headerType();

  /** The next header field. */
  int nextHeader();

  /** Bytes on the wire. */
  int bufferLength();

  /** A short name, as Wireshark labels the header. */
  default String name() {
    return switch (this) {
      case HopByHopOptions h -> "IPv6 Hop-by-Hop Option";
      case DestinationOptions d -> "Destination Options for IPv6";
      case Routing r -> "Routing Header for IPv6 (type " + r.routingType() + ")";
      case Fragment f -> "Fragment Header for IPv6";
      case AuthenticationHeader a -> "Authentication Header";
      case Unknown u -> "IPv6 extension header " + u.headerType();
    };
  }

  /**
   * Writes the header at the start of {@code dst}.
   *
   * @throws WireException BUFFER_TOO_SMALL when {@code dst} is shorter than {@link #bufferLength()}
   */
  default void emit(MemorySegment dst) {
    if (dst.byteSize() < bufferLength()) {
      throw new WireException(Reason.BUFFER_TOO_SMALL,
          name() + " needs " + bufferLength() + " bytes, got " + dst.byteSize());
    }
    switch (this) {
      case HopByHopOptions h -> writeOptions(dst, h.nextHeader(), h.options());
      case DestinationOptions d -> writeOptions(dst, d.nextHeader(), d.options());
      case Routing r -> {
        Bytes.setU8(dst, 0, r.nextHeader());
        Bytes.setU8(dst, 1, r.bufferLength() / 8 - 1);
        Bytes.setU8(dst, 2, r.routingType());
        Bytes.setU8(dst, 3, r.segmentsLeft());
        r.data().copyTo(dst, 4);
      }
      case Fragment f -> {
        Bytes.setU8(dst, 0, f.nextHeader());
        Bytes.setU8(dst, 1, 0);
        Bytes.setU16(dst, 2, f.fragmentOffset() | (f.moreFragments() ? 1 : 0));
        Bytes.setU32(dst, 4, f.identification());
      }
      case AuthenticationHeader a -> {
        Bytes.setU8(dst, 0, a.nextHeader());
        Bytes.setU8(dst, 1, a.bufferLength() / 4 - 2);
        Bytes.setU16(dst, 2, 0);
        Bytes.setU32(dst, 4, a.spi());
        Bytes.setU32(dst, 8, a.sequence());
        a.icv().copyTo(dst, 12);
      }
      case Unknown u -> {
        Bytes.setU8(dst, 0, u.nextHeader());
        Bytes.setU8(dst, 1, u.bufferLength() / 8 - 1);
        u.data().copyTo(dst, 2);
      }
    }
  }

  /** Hop-by-hop options (next header value 0). */
  record HopByHopOptions(int nextHeader, List<Ipv6Option> options) implements Ipv6ExtensionHeader {
    public HopByHopOptions {
      checkU8("nextHeader", nextHeader);
      options = padOptions(options);
    }

    @Override
    public int headerType() {
      return Ipv6ExtensionWalk.HOP_BY_HOP;
    }

    @Override
    public int bufferLength() {
      return 2 + optionsLength(options);
    }
  }

  /** Destination options (60). */
  record DestinationOptions(int nextHeader, List<Ipv6Option> options) implements Ipv6ExtensionHeader {
    public DestinationOptions {
      checkU8("nextHeader", nextHeader);
      options = padOptions(options);
    }

    @Override
    public int headerType() {
      return Ipv6ExtensionWalk.DESTINATION_OPTIONS;
    }

    @Override
    public int bufferLength() {
      return 2 + optionsLength(options);
    }
  }

  /**
   * Routing header (43): type 0 (deprecated, RFC 5095), 2 (mobile IPv6), 3 (RPL), 4 (segment
   * routing, RFC 8754) are all kept as type, segments left and the type-specific data.
   *
   * @param data bytes after the first four; {@code 4 + data} must be a multiple of 8
   */
  record Routing(int nextHeader, int routingType, int segmentsLeft, Octets data) implements Ipv6ExtensionHeader {
    public Routing {
      checkU8("nextHeader", nextHeader);
      checkU8("routingType", routingType);
      checkU8("segmentsLeft", segmentsLeft);
      if ((4 + data.length()) % 8 != 0 || 4 + data.length() > 2048) {
        throw new IllegalArgumentException("routing header length must be a multiple of 8 up to 2048: "
            + (4 + data.length()));
      }
    }

    @Override
    public int headerType() {
      return Ipv6ExtensionWalk.ROUTING;
    }

    @Override
    public int bufferLength() {
      return 4 + data.length();
    }
  }

  /**
   * Fragment header (44).
   *
   * @param fragmentOffset in bytes, a multiple of 8
   * @param identification unsigned 32 bits
   */
  record Fragment(int nextHeader, int fragmentOffset, boolean moreFragments, long identification)
      implements Ipv6ExtensionHeader {
    public Fragment {
      checkU8("nextHeader", nextHeader);
      if (fragmentOffset < 0 || fragmentOffset > 8191 * 8 || fragmentOffset % 8 != 0) {
        throw new IllegalArgumentException("fragment offset must be a multiple of 8 in 0-65528: " + fragmentOffset);
      }
      if (identification < 0 || identification > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("identification out of range: " + identification);
      }
    }

    @Override
    public int headerType() {
      return Ipv6ExtensionWalk.FRAGMENT;
    }

    @Override
    public int bufferLength() {
      return 8;
    }
  }

  /**
   * Authentication header (51, RFC 4302): the payload length field counts 4-byte units minus 2.
   *
   * @param icv the integrity check value; {@code 12 + icv} must be a multiple of 8 in IPv6
   */
  record AuthenticationHeader(int nextHeader, long spi, long sequence, Octets icv) implements Ipv6ExtensionHeader {
    public AuthenticationHeader {
      checkU8("nextHeader", nextHeader);
      if (spi < 0 || spi > 0xFFFF_FFFFL || sequence < 0 || sequence > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("spi/sequence out of range");
      }
      if ((12 + icv.length()) % 4 != 0 || (12 + icv.length()) / 4 - 2 > 255) {
        throw new IllegalArgumentException("AH length must be a multiple of 4: " + (12 + icv.length()));
      }
    }

    @Override
    public int headerType() {
      return Ipv6ExtensionWalk.AUTHENTICATION;
    }

    @Override
    public int bufferLength() {
      return 12 + icv.length();
    }
  }

  /**
   * Any other header in the generic format (next header, length in 8-byte units - 1, data):
   * mobility (135), HIP (139), shim6 (140).
   *
   * @param data bytes after the first two; {@code 2 + data} must be a multiple of 8
   */
  record Unknown(int headerType, int nextHeader, Octets data) implements Ipv6ExtensionHeader {
    public Unknown {
      checkU8("headerType", headerType);
      checkU8("nextHeader", nextHeader);
      if ((2 + data.length()) % 8 != 0 || 2 + data.length() > 2048) {
        throw new IllegalArgumentException("header length must be a multiple of 8 up to 2048: " + (2 + data.length()));
      }
    }

    @Override
    public int bufferLength() {
      return 2 + data.length();
    }
  }

  /**
   * Parses the extension headers of a checked view, up to the upper layer (or ESP, No Next Header,
   * or the end of a non-first fragment's fragment header).
   *
   * @throws WireException TRUNCATED when a header runs past the payload, MALFORMED for a broken
   *     option or a chain longer than {@link Ipv6ExtensionWalk#MAX_HEADERS}
   */
  static List<Ipv6ExtensionHeader> parseChain(Ipv6Packet p) {
    return parseChain(p.segment(), Ipv6Packet.HEADER_LENGTH, p.payloadEnd(), p.nextHeader());
  }

  /** {@link #parseChain(Ipv6Packet)} over {@code [start, end)} of any segment. */
  static List<Ipv6ExtensionHeader> parseChain(MemorySegment s, int start, int end, int nextHeader) {
    List<Ipv6ExtensionHeader> out = new ArrayList<>();
    int e = (int) Math.min(end, s.byteSize());
    int nh = nextHeader;
    int pos = start;
    while (Ipv6ExtensionWalk.isExtensionHeader(nh)) {
      if (out.size() >= Ipv6ExtensionWalk.MAX_HEADERS) {
        throw new WireException(Reason.MALFORMED, "more than " + Ipv6ExtensionWalk.MAX_HEADERS + " extension headers");
      }
      if (pos + 2 > e) {
        throw truncated(nh, pos);
      }
      int len = switch (nh) {
        case Ipv6ExtensionWalk.FRAGMENT -> 8;
        case Ipv6ExtensionWalk.AUTHENTICATION -> (Bytes.u8(s, pos + 1) + 2) * 4;
        default -> (Bytes.u8(s, pos + 1) + 1) * 8;
      };
      if (pos + len > e) {
        throw truncated(nh, pos);
      }
      int next = Bytes.u8(s, pos);
      Ipv6ExtensionHeader h = switch (nh) {
        case Ipv6ExtensionWalk.HOP_BY_HOP -> new HopByHopOptions(next, Ipv6Option.parseAll(s, pos + 2, pos + len));
        case Ipv6ExtensionWalk.DESTINATION_OPTIONS ->
            new DestinationOptions(next, Ipv6Option.parseAll(s, pos + 2, pos + len));
        case Ipv6ExtensionWalk.ROUTING -> new Routing(next, Bytes.u8(s, pos + 2), Bytes.u8(s, pos + 3),
            Octets.copyOf(s, pos + 4, len - 4));
        case Ipv6ExtensionWalk.FRAGMENT -> new Fragment(next, Bytes.u16(s, pos + 2) & 0xFFF8,
            (Bytes.u16(s, pos + 2) & 1) != 0, Bytes.u32(s, pos + 4));
        case Ipv6ExtensionWalk.AUTHENTICATION -> {
          if (len < 12) {
            throw new WireException(Reason.MALFORMED, "AH shorter than 12 bytes: " + len);
          }
          yield new AuthenticationHeader(next, Bytes.u32(s, pos + 4), Bytes.u32(s, pos + 8),
              Octets.copyOf(s, pos + 12, len - 12));
        }
        default -> new Unknown(nh, next, Octets.copyOf(s, pos + 2, len - 2));
      };
      out.add(h);
      pos += len;
      nh = next;
      if (h instanceof Fragment f && f.fragmentOffset() != 0) {
        break; // a non-first fragment: what follows is data, not headers
      }
    }
    return List.copyOf(out);
  }

  /** Total bytes of a chain. */
  static int chainLength(List<Ipv6ExtensionHeader> chain) {
    int n = 0;
    for (Ipv6ExtensionHeader h : chain) {
      n += h.bufferLength();
    }
    return n;
  }

  /** Emits a chain back to back at the start of {@code dst}; returns the bytes written. */
  static int emitChain(List<Ipv6ExtensionHeader> chain, MemorySegment dst) {
    int n = chainLength(chain);
    if (dst.byteSize() < n) {
      throw new WireException(Reason.BUFFER_TOO_SMALL, "extension headers need " + n + " bytes, got " + dst.byteSize());
    }
    int off = 0;
    for (Ipv6ExtensionHeader h : chain) {
      h.emit(dst.asSlice(off));
      off += h.bufferLength();
    }
    return off;
  }

  private static WireException truncated(int nh, int pos) {
    return new WireException(Reason.TRUNCATED, "extension header " + nh + " at " + pos + " runs past the packet");
  }

  private static void checkU8(String what, int v) {
    if (v < 0 || v > 255) {
      throw new IllegalArgumentException(what + " out of range: " + v);
    }
  }

  private static int optionsLength(List<Ipv6Option> options) {
    int n = 0;
    for (Ipv6Option o : options) {
      n += o.length();
    }
    return n;
  }

  /** Pads an option list so that 2 + options is a multiple of 8 (Pad1 for one byte, else PadN). */
  private static List<Ipv6Option> padOptions(List<Ipv6Option> options) {
    int total = 2 + optionsLength(options);
    int pad = (8 - total % 8) % 8;
    List<Ipv6Option> out = new ArrayList<>(options);
    if (pad == 1) {
      out.add(new Ipv6Option.Pad1());
    } else if (pad > 1) {
      out.add(Ipv6Option.PadN.ofLength(pad));
    }
    if (2 + optionsLength(out) > 2048) {
      throw new IllegalArgumentException("options header longer than 2048 bytes");
    }
    return List.copyOf(out);
  }

  private static void writeOptions(MemorySegment dst, int nextHeader, List<Ipv6Option> options) {
    Bytes.setU8(dst, 0, nextHeader);
    Bytes.setU8(dst, 1, (2 + optionsLength(options)) / 8 - 1);
    int off = 2;
    for (Ipv6Option o : options) {
      o.emit(dst, off);
      off += o.length();
    }
  }
}
