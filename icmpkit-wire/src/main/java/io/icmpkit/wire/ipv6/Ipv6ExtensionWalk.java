package io.icmpkit.wire.ipv6;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * An allocation-free, bounded walk of an IPv6 extension-header chain (RFC 8200 section 4) that
 * fills primitive fields: the upper-layer protocol and its offset, fragment fields, routing type
 * and segments left, the hop-by-hop Router Alert and Jumbo Payload values. One instance is reused
 * across packets ({@link #walk} resets it).
 *
 * <p>Steps over hop-by-hop (0), routing (43), fragment (44), destination options (60), AH (51,
 * RFC 4302: length in 4-byte units + 2), mobility (135), HIP (139) and shim6 (140). ESP (50) ends
 * the walk with the ESP header as the "upper layer" (its payload is opaque); No Next Header (59)
 * ends it too. A fragment header with a non-zero offset ends it: what follows is the middle of the
 * upper-layer data, not a header. A header that runs past the bytes is flagged {@link
 * Anomaly#IPV6_EXTHDR_TRUNCATED} and the walk reports no upper layer; so does a chain longer than
 * {@link #MAX_HEADERS}.
 */
public final class Ipv6ExtensionWalk {
  /** Bound on the chain length; real chains have a handful of headers. */
  public static final int MAX_HEADERS = 32;

  public static final int HOP_BY_HOP = 0;
  public static final int ROUTING = 43;
  public static final int FRAGMENT = 44;
  public static final int ESP = 50;
  public static final int AUTHENTICATION = 51;
  public static final int NO_NEXT_HEADER = 59;
  public static final int DESTINATION_OPTIONS = 60;
  public static final int MOBILITY = 135;
  public static final int HIP = 139;
  public static final int SHIM6 = 140;

  /** Option types in hop-by-hop / destination options headers (RFC 8200 4.2, RFC 2711, RFC 2675). */
  public static final int OPT_PAD1 = 0;
  public static final int OPT_PADN = 1;
  public static final int OPT_ROUTER_ALERT = 5;
  public static final int OPT_JUMBO = 0xC2;

  private int upperLayerProtocol;
  private int upperLayerOffset;
  private int headerCount;
  private boolean truncated;
  private boolean tooMany;
  private boolean hasHopByHop;
  private boolean fragment;
  private int fragmentOffset;
  private boolean moreFragments;
  private long fragmentIdentification;
  private int fragmentHeaderOffset;
  private int routingType;
  private int segmentsLeft;
  private int routerAlert;
  private long jumboPayloadLength;
  private boolean optionMalformed;
  private int lastNextHeaderOffset;

  public Ipv6ExtensionWalk() {
    clear(-1);
  }

  private void clear(int start) {
    upperLayerProtocol = -1;
    upperLayerOffset = -1;
    headerCount = 0;
    truncated = false;
    tooMany = false;
    hasHopByHop = false;
    fragment = false;
    fragmentOffset = 0;
    moreFragments = false;
    fragmentIdentification = -1;
    fragmentHeaderOffset = -1;
    routingType = -1;
    segmentsLeft = -1;
    routerAlert = -1;
    jumboPayloadLength = -1;
    optionMalformed = false;
    lastNextHeaderOffset = start;
  }

  /** Whether {@code nextHeader} is a header this walk steps over (not an upper layer). */
  public static boolean isExtensionHeader(int nextHeader) {
    return switch (nextHeader) {
      case HOP_BY_HOP, ROUTING, FRAGMENT, DESTINATION_OPTIONS, AUTHENTICATION, MOBILITY, HIP, SHIM6 -> true;
      default -> false;
    };
  }

  /**
   * Walks the chain that starts at {@code start} of {@code s} with next-header value {@code
   * nextHeader}, reading nothing at or past {@code end} (clamped to the segment).
   *
   * @return whether an upper layer was found ({@link #upperLayerProtocol()} is then >= 0)
   */
  public boolean walk(MemorySegment s, int start, int end, int nextHeader, AnomalySink sink) {
    clear(-1);
    int e = (int) Math.min(end, s.byteSize());
    int nh = nextHeader;
    int pos = start;
    while (true) {
      int len;
      switch (nh) {
        case HOP_BY_HOP, DESTINATION_OPTIONS, ROUTING, MOBILITY, HIP, SHIM6 -> {
          if (pos + 2 > e) {
            return truncated(sink);
          }
          len = (Bytes.u8(s, pos + 1) + 1) * 8;
          if (pos + len > e) {
            return truncated(sink);
          }
          if (nh == HOP_BY_HOP || nh == DESTINATION_OPTIONS) {
            hasHopByHop |= nh == HOP_BY_HOP;
            scanOptions(s, pos + 2, pos + len, nh == HOP_BY_HOP, sink);
          } else if (nh == ROUTING) {
            routingType = Bytes.u8(s, pos + 2);
            segmentsLeft = Bytes.u8(s, pos + 3);
          }
        }
        case FRAGMENT -> {
          len = 8;
          if (pos + len > e) {
            return truncated(sink);
          }
          int w = Bytes.u16(s, pos + 2);
          fragment = true;
          fragmentHeaderOffset = pos;
          fragmentOffset = w & 0xFFF8; // 13-bit offset in 8-byte units, already in place
          moreFragments = (w & 1) != 0;
          fragmentIdentification = Bytes.u32(s, pos + 4);
        }
        case AUTHENTICATION -> {
          if (pos + 2 > e) {
            return truncated(sink);
          }
          len = (Bytes.u8(s, pos + 1) + 2) * 4;
          if (pos + len > e) {
            return truncated(sink);
          }
        }
        default -> {
          // ESP, No Next Header, or an upper layer: the end of the chain
          upperLayerProtocol = nh;
          upperLayerOffset = pos;
          return true;
        }
      }
      if (++headerCount > MAX_HEADERS) {
        tooMany = true;
        sink.flag(Anomaly.IPV6_EXTHDR_TOO_MANY);
        return false;
      }
      lastNextHeaderOffset = pos;
      nh = Bytes.u8(s, pos);
      pos += len;
      if (fragmentHeaderOffset == lastNextHeaderOffset && fragmentOffset != 0) {
        // a non-first fragment: the bytes after the fragment header are mid-datagram data
        upperLayerProtocol = nh;
        upperLayerOffset = pos;
        return true;
      }
    }
  }

  private boolean truncated(AnomalySink sink) {
    truncated = true;
    upperLayerProtocol = -1;
    upperLayerOffset = -1;
    sink.flag(Anomaly.IPV6_EXTHDR_TRUNCATED);
    return false;
  }

  private void scanOptions(MemorySegment s, int pos, int end, boolean hbh, AnomalySink sink) {
    while (pos < end) {
      int t = Bytes.u8(s, pos);
      if (t == OPT_PAD1) {
        pos++;
        continue;
      }
      if (pos + 2 > end) {
        optionMalformed = true;
        sink.flag(Anomaly.IPV6_OPT_MALFORMED);
        return;
      }
      int olen = Bytes.u8(s, pos + 1);
      if (pos + 2 + olen > end) {
        optionMalformed = true;
        sink.flag(Anomaly.IPV6_OPT_MALFORMED);
        return;
      }
      if (hbh && t == OPT_ROUTER_ALERT && olen == 2) {
        routerAlert = Bytes.u16(s, pos + 2);
      } else if (hbh && t == OPT_JUMBO && olen == 4) {
        jumboPayloadLength = Bytes.u32(s, pos + 2);
      }
      pos += 2 + olen;
    }
  }

  /** The upper-layer protocol (or 50 for ESP, 59 for No Next Header); -1 when none was found. */
  public int upperLayerProtocol() {
    return upperLayerProtocol;
  }

  /** Offset of the upper-layer header in the walked segment; -1 when none was found. */
  public int upperLayerOffset() {
    return upperLayerOffset;
  }

  /** Offset of the last extension header (whose first byte names the upper layer); -1 if none. */
  public int lastHeaderOffset() {
    return lastNextHeaderOffset;
  }

  /** Extension headers stepped over. */
  public int headerCount() {
    return headerCount;
  }

  /** Whether a header ran past the bytes. */
  public boolean isTruncated() {
    return truncated;
  }

  /** Whether the chain was longer than {@link #MAX_HEADERS}. */
  public boolean isTooLong() {
    return tooMany;
  }

  public boolean hasHopByHop() {
    return hasHopByHop;
  }

  /** Whether a fragment header was seen. */
  public boolean isFragment() {
    return fragment;
  }

  /** Fragment offset in bytes (0 without a fragment header). */
  public int fragmentOffset() {
    return fragmentOffset;
  }

  /** The fragment header's M flag. */
  public boolean moreFragments() {
    return moreFragments;
  }

  /** The fragment identification (unsigned 32 bits), -1 without a fragment header. */
  public long fragmentIdentification() {
    return fragmentIdentification;
  }

  /** Offset of the fragment header, -1 when absent. */
  public int fragmentHeaderOffset() {
    return fragmentHeaderOffset;
  }

  /** A fragment other than the first: no upper-layer header follows. */
  public boolean isNonFirstFragment() {
    return fragment && fragmentOffset != 0;
  }

  /** Routing type of the (last) routing header, -1 when absent. */
  public int routingType() {
    return routingType;
  }

  /** Segments left of the (last) routing header, -1 when absent. */
  public int segmentsLeft() {
    return segmentsLeft;
  }

  /** Router Alert value from hop-by-hop options (RFC 2711; 0 = MLD), -1 when absent. */
  public int routerAlert() {
    return routerAlert;
  }

  /** Jumbo Payload length (RFC 2675), -1 when absent. */
  public long jumboPayloadLength() {
    return jumboPayloadLength;
  }

  /** Whether an option in a hop-by-hop or destination options header ran past its header. */
  public boolean optionMalformed() {
    return optionMalformed;
  }
}
