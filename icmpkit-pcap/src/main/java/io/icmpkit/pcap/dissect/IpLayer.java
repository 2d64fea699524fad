package io.icmpkit.pcap.dissect;

import static io.icmpkit.wire.WireException.Reason.HLEN_TOO_SMALL;
import static io.icmpkit.wire.WireException.Reason.IPLEN_SMALLER_THAN_HLEN;
import static io.icmpkit.wire.WireException.Reason.TRUNCATED;
import static io.icmpkit.wire.WireException.Reason.WRONG_IP_VERSION;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/**
 * The IP layer of the dissector: header checks in the order of BAD-INPUTS rows 1-7 and 12, the
 * IPv6 extension-header walk (bounded), fragment detection. Fills addresses, TTL, protocol and
 * the upper-layer payload slice (trimmed to the IP length: Ethernet padding is not payload).
 */
final class IpLayer {
  /** Extension headers walked before giving up (a real chain has a handful). */
  static final int MAX_EXTENSION_HEADERS = 16;

  private IpLayer() {}

  static void ipv4(MemorySegment ip, Dissection d, Dissector.Upper up, FieldTree root) {
    d.ipVersion = 4;
    long len = ip.byteSize();
    WireException.requireLength(len, 20, "IPv4 header");
    int vihl = Bytes.u8(ip, 0);
    if (vihl >> 4 != 4) {
      throw new WireException(WRONG_IP_VERSION, "IP version " + (vihl >> 4) + " on an IPv4 link");
    }
    int hlen = (vihl & 0xF) * 4;
    if (hlen < 20) {
      throw new WireException(HLEN_TOO_SMALL, "IPv4 header length " + hlen + " < 20");
    }
    if (hlen > len) {
      throw new WireException(TRUNCATED, "IPv4 header length " + hlen + " > captured " + len);
    }
    int total = Bytes.u16(ip, 2);
    if (total < hlen) {
      throw new WireException(IPLEN_SMALLER_THAN_HLEN, "IPv4 total length " + total + " < header length " + hlen);
    }
    d.src = Addresses.ipv4(ip, 12);
    d.dst = Addresses.ipv4(ip, 16);
    d.ttl = Bytes.u8(ip, 8);
    d.protocol = Bytes.u8(ip, 9);
    long end = total;
    up.complete = true;
    if (total > len) {
      Dissector.addAnomaly(d, Anomaly.IPV4_TRUNC_PKT);
      end = len;
      up.complete = false;
    }
    boolean headerOk = Checksum.verifies(Checksum.sum(ip, 0, hlen, 0));
    if (!headerOk) {
      Dissector.addAnomaly(d, Anomaly.IPV4_BAD_CHECKSUM);
    }
    int flagsOff = Bytes.u16(ip, 6);
    boolean reserved = (flagsOff & 0x8000) != 0;
    boolean df = (flagsOff & 0x4000) != 0;
    boolean mf = (flagsOff & 0x2000) != 0;
    int offset = (flagsOff & 0x1FFF) * 8;
    if (reserved) {
      Dissector.addAnomaly(d, Anomaly.IPV4_RESERVED_FLAG);
    }
    if (df && offset != 0) {
      Dissector.addAnomaly(d, Anomaly.IPV4_DF_WITH_OFFSET);
    }
    if (offset + (total - hlen) > 65535) {
      Dissector.addAnomaly(d, Anomaly.IPV4_FRAG_TOO_LARGE);
    }
    up.fragmentOffset = offset;
    up.fragmentId = Bytes.u16(ip, 4);
    d.fragment = offset != 0;
    up.firstFragment = mf && offset == 0;
    up.payload = ip.asSlice(hlen, end - hlen);
    up.declaredLength = total - hlen;
    up.ip = ip;
    if (root != null) {
      FieldTree t = root.child("Internet Protocol Version 4, Src: " + d.src + ", Dst: " + d.dst);
      t.field("Header Length", hlen + " bytes (" + (hlen / 4) + ")");
      t.field("Differentiated Services Field", String.format("0x%02x", Bytes.u8(ip, 1)));
      t.field("Total Length", total);
      t.field("Identification", String.format("0x%04x (%d)", up.fragmentId, up.fragmentId));
      t.field("Flags", (reserved ? "Reserved, " : "") + (df ? "Don't fragment" : "") + (df && mf ? ", " : "")
          + (mf ? "More fragments" : "") + (!reserved && !df && !mf ? "none" : ""));
      t.field("Fragment Offset", offset);
      t.field("Time to Live", d.ttl);
      t.field("Protocol", IpProtocol.valueOf(d.protocol).keyword() + " (" + d.protocol + ")");
      t.field("Header Checksum", String.format("0x%04x [%s]", Bytes.u16(ip, 10), headerOk ? "correct" : "incorrect"));
      t.field("Source Address", d.src);
      t.field("Destination Address", d.dst);
    }
  }

  static void ipv6(MemorySegment ip, Dissection d, Dissector.Upper up, FieldTree root) {
    d.ipVersion = 6;
    long len = ip.byteSize();
    WireException.requireLength(len, 40, "IPv6 header");
    int v = Bytes.u8(ip, 0) >> 4;
    if (v != 6) {
      throw new WireException(WRONG_IP_VERSION, "IP version " + v + " on an IPv6 link");
    }
    int payloadLength = Bytes.u16(ip, 4);
    d.src = Addresses.ipv6(ip, 8);
    d.dst = Addresses.ipv6(ip, 24);
    d.ttl = Bytes.u8(ip, 7);
    long end = 40L + payloadLength;
    up.complete = true;
    if (end > len) {
      Dissector.addAnomaly(d, Anomaly.IPV6_TRUNC_PKT);
      end = len;
      up.complete = false;
    }
    FieldTree t = null;
    if (root != null) {
      t = root.child("Internet Protocol Version 6, Src: " + d.src + ", Dst: " + d.dst);
      t.field("Traffic Class", String.format("0x%02x", (Bytes.u16(ip, 0) >> 4) & 0xFF));
      t.field("Flow Label", String.format("0x%05x", Bytes.u32(ip, 0) & 0xFFFFF));
      t.field("Payload Length", payloadLength);
      t.field("Next Header", IpProtocol.valueOf(Bytes.u8(ip, 6)).keyword() + " (" + Bytes.u8(ip, 6) + ")");
      t.field("Hop Limit", d.ttl);
      t.field("Source Address", d.src);
      t.field("Destination Address", d.dst);
    }
    int nh = Bytes.u8(ip, 6);
    long off = 40;
    int walked = 0;
    up.fragmentOffset = 0;
    up.firstFragment = false;
    while (IpProtocol.valueOf(nh).isIpv6ExtensionHeader()) {
      if (++walked > MAX_EXTENSION_HEADERS) {
        throw new WireException(WireException.Reason.MALFORMED, "more than " + MAX_EXTENSION_HEADERS
            + " IPv6 extension headers");
      }
      if (off + 8 > end) {
        Dissector.addAnomaly(d, Anomaly.IPV6_EXTHDR_TRUNCATED);
        throw new WireException(TRUNCATED, "IPv6 extension header " + nh + " runs past the packet");
      }
      long hlen;
      if (nh == 44) {
        int fo = Bytes.u16(ip, off + 2);
        up.fragmentOffset = (fo >> 3) * 8;
        up.fragmentId = Bytes.u32(ip, off + 4);
        up.firstFragment = (fo & 1) != 0 && up.fragmentOffset == 0;
        d.fragment = up.fragmentOffset != 0;
        hlen = 8;
      } else if (nh == 51) {
        hlen = (Bytes.u8(ip, off + 1) + 2L) * 4; // AH counts 32-bit words (RFC 4302 2.2)
      } else {
        hlen = (Bytes.u8(ip, off + 1) + 1L) * 8;
      }
      if (off + hlen > end) {
        Dissector.addAnomaly(d, Anomaly.IPV6_EXTHDR_TRUNCATED);
        throw new WireException(TRUNCATED, "IPv6 extension header " + nh + " runs past the packet");
      }
      if (t != null) {
        t.child(IpProtocol.valueOf(nh).keyword() + " extension header").field("Length", hlen + " bytes");
      }
      nh = Bytes.u8(ip, off);
      off += hlen;
    }
    d.protocol = nh;
    up.payload = ip.asSlice(off, end - off);
    up.declaredLength = 40L + payloadLength - off;
    up.ip = ip;
  }

  /** ICMPv6 checksum sum over the pseudo-header (RFC 8200 8.1) and the message. */
  static boolean icmpv6ChecksumOk(MemorySegment ip, MemorySegment msg) {
    long s = Checksum.pseudoHeaderV6(ip.asSlice(8, 16), ip.asSlice(24, 16), msg.byteSize(), 58);
    return Checksum.verifies(Checksum.sum(msg, s));
  }
}
