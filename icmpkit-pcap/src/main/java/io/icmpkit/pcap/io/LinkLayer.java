package io.icmpkit.pcap.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Finds the network-layer header inside a frame of one link type. Reusable and mutable: one
 * instance per capture, {@link #decode(MemorySegment)} per frame, then read {@link #networkOffset()}
 * and {@link #etherType()} (no allocation per frame).
 *
 * <p>Supported: Ethernet (1) with up to {@value #MAX_VLAN_TAGS} stacked 802.1Q / 802.1ad / QinQ
 * tags, Linux cooked SLL (113) and SLL2 (276), raw IP (101, 228, 229), BSD loopback NULL (0, family
 * in the writer's byte order) and LOOP (108, family big-endian). The address families of NULL/LOOP
 * are mapped to ether types: {@code AF_INET} (2) to 0x0800, the BSDs' {@code AF_INET6} (24, 28, 30)
 * and Linux's (10) to 0x86DD.
 *
 * @see <a href="https://www.tcpdump.org/linktypes.html">tcpdump.org link-layer header types</a>
 */
public final class LinkLayer {
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86DD;
  public static final int ETHERTYPE_VLAN = 0x8100;
  public static final int ETHERTYPE_QINQ = 0x88A8;
  public static final int ETHERTYPE_QINQ_OLD = 0x9100;
  /** More tags than this is not a real frame; stop rather than walk a hostile chain. */
  public static final int MAX_VLAN_TAGS = 8;

  private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private final LinkType linkType;
  private int networkOffset;
  private int etherType;
  private int vlanTags;
  private String problem;

  private LinkLayer(LinkType linkType) {
    this.linkType = linkType;
  }

  /** A decoder for the link type, or a {@link PcapFormatException} "unsupported link type N". */
  public static LinkLayer of(LinkType linkType) throws PcapFormatException {
    return switch (linkType.value()) {
      case 0, 1, 101, 108, 113, 228, 229, 276 -> new LinkLayer(linkType);
      default -> throw new PcapFormatException("unsupported link type " + linkType.value());
    };
  }

  public static boolean supported(LinkType linkType) {
    return switch (linkType.value()) {
      case 0, 1, 101, 108, 113, 228, 229, 276 -> true;
      default -> false;
    };
  }

  public LinkType linkType() {
    return linkType;
  }

  /**
   * Decodes the link header of {@code frame}. Returns true when the frame carries IPv4 or IPv6 (then
   * {@link #networkOffset()} points at the IP header); false for other payloads or a frame too short
   * for its link header ({@link #problem()} says which).
   */
  public boolean decode(MemorySegment frame) {
    networkOffset = 0;
    etherType = -1;
    vlanTags = 0;
    problem = null;
    long len = frame.byteSize();
    switch (linkType.value()) {
      case 1 -> {
        if (len < 14) {
          return fail("frame shorter than an Ethernet header");
        }
        int off = 12;
        int type = u16(frame, off);
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
          if (vlanTags == MAX_VLAN_TAGS) {
            return fail("more than " + MAX_VLAN_TAGS + " VLAN tags");
          }
          if (len < off + 6) {
            return fail("frame ends inside a VLAN tag");
          }
          vlanTags++;
          off += 4;
          type = u16(frame, off);
        }
        etherType = type;
        networkOffset = off + 2;
      }
      case 113 -> { // SLL: pkttype(2) hatype(2) halen(2) addr(8) protocol(2)
        if (len < 16) {
          return fail("frame shorter than a Linux cooked (SLL) header");
        }
        etherType = u16(frame, 14);
        networkOffset = 16;
      }
      case 276 -> { // SLL2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1) addr(8)
        if (len < 20) {
          return fail("frame shorter than a Linux cooked v2 (SLL2) header");
        }
        etherType = u16(frame, 0);
        networkOffset = 20;
      }
      case 101 -> {
        if (len < 1) {
          return fail("empty raw IP frame");
        }
        int version = (frame.get(ValueLayout.JAVA_BYTE, 0) >> 4) & 0xF;
        etherType = version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : -1;
        if (etherType < 0) {
          return fail("raw IP frame with IP version " + version);
        }
      }
      case 228 -> etherType = ETHERTYPE_IPV4;
      case 229 -> etherType = ETHERTYPE_IPV6;
      case 0, 108 -> {
        if (len < 4) {
          return fail("frame shorter than a loopback header");
        }
        int family;
        if (linkType.value() == 108) {
          family = frame.get(BE32, 0);
        } else {
          // NULL stores the family in the capturing host's byte order: a small value read the other
          // way round has its bits in the top half
          family = frame.get(LE32, 0);
          if ((family & 0xFFFF_0000) != 0) {
            family = Integer.reverseBytes(family);
          }
        }
        etherType = switch (family) {
          case 2 -> ETHERTYPE_IPV4;
          case 10, 24, 28, 30 -> ETHERTYPE_IPV6;
          default -> -1;
        };
        networkOffset = 4;
        if (etherType < 0) {
          return fail("loopback address family " + family);
        }
      }
      default -> {
        return fail("unsupported link type " + linkType.value());
      }
    }
    if (etherType != ETHERTYPE_IPV4 && etherType != ETHERTYPE_IPV6) {
      problem = String.format("not IP (ethertype 0x%04x)", etherType);
      return false;
    }
    return true;
  }

  private boolean fail(String why) {
    problem = why;
    return false;
  }

  private static int u16(MemorySegment s, long off) {
    return s.get(BE16, off) & 0xFFFF;
  }

  /** Offset of the network-layer header within the frame. */
  public int networkOffset() {
    return networkOffset;
  }

  /** Ether type of the payload (NULL/LOOP families mapped), or -1 when unknown. */
  public int etherType() {
    return etherType;
  }

  /** IP version of the payload: 4, 6, or 0 when not IP. */
  public int ipVersion() {
    return etherType == ETHERTYPE_IPV4 ? 4 : etherType == ETHERTYPE_IPV6 ? 6 : 0;
  }

  /** Number of VLAN tags stepped over (Ethernet only). */
  public int vlanTags() {
    return vlanTags;
  }

  /** Why the last {@link #decode} returned false, or null. */
  public String problem() {
    return problem;
  }
}
