package io.icmpkit.pcap.dissect;

import io.icmpkit.wire.AddressText;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.ipv6.Ipv6ExtensionWalk;
import io.icmpkit.wire.ipv6.Ipv6Packet;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/**
 * The IP layer of the dissector, on the icmpkit-wire views: {@link Ipv4Packet} (length checks of
 * BAD-INPUTS rows 1-6, anomalies of rows 7, 9-13, 16, 39) and {@link Ipv6Packet} with its bounded
 * extension-header walk. Fills addresses, TTL, protocol, fragment state and the upper-layer payload
 * slice (trimmed to the IP length: Ethernet padding is not payload).
 */
final class IpLayer {
  private IpLayer() {}

  static void ipv4(MemorySegment ip, Dissection d, Dissector.Upper up, AnomalySink sink, FieldTree root) {
    // the link layer said IPv4; the version is reported as read (a wrong nibble makes the IP layer malformed)
    d.ipVersion = ip.byteSize() >= 1 ? Bytes.u8(ip, 0) >>> 4 : 4;
    Ipv4Packet p = Ipv4Packet.checked(ip, sink);
    d.src = AddressText.ipv4(ip, 12);
    d.dst = AddressText.ipv4(ip, 16);
    d.ttl = p.ttl();
    d.protocol = p.protocol();
    up.complete = !p.isTruncated() || !up.snapped;
    up.fragmentOffset = p.fragmentOffset();
    up.fragmentId = p.identification();
    d.fragment = up.fragmentOffset != 0;
    up.firstFragment = p.moreFragments() && up.fragmentOffset == 0;
    up.payload = p.payload();
    up.ip = ip;
    if (root != null) {
      FieldTree t = root.child("Internet Protocol Version 4, Src: " + d.src + ", Dst: " + d.dst);
      t.field("Header Length", p.headerLength() + " bytes (" + p.ihl() + ")");
      t.field("Differentiated Services Field", String.format("0x%02x (DSCP %d, ECN %d)", p.typeOfService(), p.dscp(),
          p.ecn()));
      t.field("Total Length", p.totalLength());
      t.field("Identification", String.format("0x%04x (%d)", p.identification(), p.identification()));
      StringBuilder flags = new StringBuilder();
      if (p.reservedFlag()) {
        flags.append("Reserved bit");
      }
      if (p.dontFragment()) {
        flags.append(flags.isEmpty() ? "" : ", ").append("Don't fragment");
      }
      if (p.moreFragments()) {
        flags.append(flags.isEmpty() ? "" : ", ").append("More fragments");
      }
      t.field("Flags", String.format("0x%x", p.flags()) + (flags.isEmpty() ? "" : " (" + flags + ")"));
      t.field("Fragment Offset", p.fragmentOffset());
      t.field("Time to Live", d.ttl);
      t.field("Protocol", IpProtocol.valueOf(d.protocol).keyword() + " (" + d.protocol + ")");
      t.field("Header Checksum", String.format("0x%04x [%s]", p.headerChecksum(),
          p.verifyChecksum() ? "correct" : "incorrect"));
      t.field("Source Address", d.src);
      t.field("Destination Address", d.dst);
    }
  }

  static void ipv6(MemorySegment ip, Dissection d, Dissector.Upper up, AnomalySink sink, Ipv6ExtensionWalk walk,
      FieldTree root) {
    d.ipVersion = ip.byteSize() >= 1 ? Bytes.u8(ip, 0) >>> 4 : 6; // as read, like IPv4
    Ipv6Packet p = Ipv6Packet.checked(ip, sink, walk);
    d.src = AddressText.ipv6(ip, 8);
    d.dst = AddressText.ipv6(ip, 24);
    d.ttl = p.hopLimit();
    up.complete = !p.isTruncated() || !up.snapped;
    if (root != null) {
      FieldTree t = root.child("Internet Protocol Version 6, Src: " + d.src + ", Dst: " + d.dst);
      t.field("Traffic Class", String.format("0x%02x (DSCP %d, ECN %d)", p.trafficClass(), p.dscp(), p.ecn()));
      t.field("Flow Label", String.format("0x%05x", p.flowLabel()));
      t.field("Payload Length", p.payloadLength());
      t.field("Next Header", IpProtocol.valueOf(p.nextHeader()).keyword() + " (" + p.nextHeader() + ")");
      t.field("Hop Limit", d.ttl);
      t.field("Source Address", d.src);
      t.field("Destination Address", d.dst);
      if (walk.headerCount() > 0) {
        t.field("Extension headers", walk.headerCount());
      }
    }
    if (walk.isFragment()) {
      up.fragmentOffset = walk.fragmentOffset();
      up.fragmentId = walk.fragmentIdentification();
      up.firstFragment = walk.moreFragments() && walk.fragmentOffset() == 0;
      d.fragment = walk.isNonFirstFragment();
    } else {
      up.fragmentOffset = 0;
      up.firstFragment = false;
    }
    if (d.fragment) {
      d.protocol = Bytes.u8(ip, walk.fragmentHeaderOffset()); // the fragment header names what follows
      up.payload = MemorySegment.NULL;
      return;
    }
    if (walk.upperLayerProtocol() < 0) {
      throw new WireException(walk.isTooLong() ? WireException.Reason.MALFORMED : WireException.Reason.TRUNCATED,
          walk.isTooLong() ? "IPv6 extension header chain longer than " + Ipv6ExtensionWalk.MAX_HEADERS
              : "IPv6 extension header runs past the packet");
    }
    d.protocol = walk.upperLayerProtocol();
    int off = walk.upperLayerOffset();
    up.payload = ip.asSlice(off, Math.max(0, p.payloadEnd() - off));
    up.ip = ip;
  }

  /**
   * The Info line of a frame whose IP header could not be decoded, in tshark's words where tshark
   * has them ("Bogus IP header length (16, must be at least 20)"); otherwise what was decoded then
   * {@code [Malformed Packet]}. The reason itself stays in {@link Dissection#malformed()}.
   */
  static String malformedSummary(MemorySegment ip, Dissection d, WireException e) {
    long size = ip.byteSize();
    if (d.protocolLabel.equals("IPv4")) {
      int version = size >= 1 ? Bytes.u8(ip, 0) >>> 4 : 4;
      if (version != 4) {
        return "Bogus IPv4 version (" + version + ", must be 4)";
      }
      int hlen = (Bytes.u8(ip, 0) & 0x0F) * 4;
      if (hlen < Ipv4Packet.MIN_HEADER_LENGTH) {
        return "Bogus IP header length (" + hlen + ", must be at least " + Ipv4Packet.MIN_HEADER_LENGTH + ")";
      }
      if (size >= 4 && Bytes.u16(ip, 2) < hlen) {
        return "Bogus IP length (" + Bytes.u16(ip, 2) + ", less than header length " + hlen + ")";
      }
      return "IPv4" + Messages.MALFORMED;
    }
    if (e.reason() == WireException.Reason.TRUNCATED && size >= 40 && Bytes.u8(ip, 6) == 60) {
      return "IPv6 destination options" + Messages.MALFORMED;
    }
    return "IPv6" + Messages.MALFORMED;
  }

  /**
   * Offset of the final destination address in an IPv6 packet whose extension headers were walked
   * successfully: the header's destination (24) unless a routing header with segments left names
   * another one (type 0: the last address; type 2: the home address; type 4 SRH: segment list
   * entry 0). -1 when a routing type hides it (e.g. RPL's compressed addresses).
   */
  static long finalDestinationOffset(MemorySegment ip) {
    long size = ip.byteSize();
    int nh = Bytes.u8(ip, 6);
    long off = 40;
    for (int i = 0; i < Ipv6ExtensionWalk.MAX_HEADERS && Ipv6ExtensionWalk.isExtensionHeader(nh); i++) {
      if (off + 8 > size) {
        return 24;
      }
      long len = nh == Ipv6ExtensionWalk.FRAGMENT ? 8
          : nh == Ipv6ExtensionWalk.AUTHENTICATION ? (Bytes.u8(ip, off + 1) + 2L) * 4
          : (Bytes.u8(ip, off + 1) + 1L) * 8;
      if (off + len > size) {
        return 24;
      }
      if (nh == Ipv6ExtensionWalk.ROUTING && Bytes.u8(ip, off + 3) > 0) {
        int type = Bytes.u8(ip, off + 2);
        long addrs = (len - 8) / 16;
        return switch (type) {
          case 0 -> addrs > 0 ? off + 8 + 16 * (addrs - 1) : 24;
          case 2, 4 -> addrs > 0 ? off + 8 : 24;
          default -> -1;
        };
      }
      nh = Bytes.u8(ip, off);
      off += len;
    }
    return 24;
  }
}
