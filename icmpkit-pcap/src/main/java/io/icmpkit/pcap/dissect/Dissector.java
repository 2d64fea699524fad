package io.icmpkit.pcap.dissect;

import io.icmpkit.pcap.io.LinkLayer;
import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.pcap.io.PcapFormatException;
import io.icmpkit.pcap.io.PcapRecord;
import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ipv6.Ipv6ExtensionWalk;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Dissects frames of one capture into a reused {@link Dissection}: link layer, IP, then the ICMP /
 * ICMPv6 / IGMP message. One instance per capture and thread.
 *
 * <p>Policy: every {@link WireException} ends its layer and becomes {@code malformed} (with the
 * layers above left empty); anomalies are collected by name and do not stop decoding, but the
 * {@link #STRUCTURAL} ones (fields promising bytes that are not there) make the packet malformed
 * too, as tshark's Malformed Packet. A frame the snaplen cut (caplen below its wire length) is
 * never malformed for the bytes the cut removed. Summaries of malformed packets read like tshark's:
 * what could be decoded, then {@code [Malformed Packet]}. Checksums are
 * verified (never enforced) when the whole message is in the frame: a truncated capture or a
 * fragment gives {@code checksumOk == null}. Any other exception is a bug and propagates.
 */
public final class Dissector {
  private final LinkLayer link;
  private final boolean verbose;
  private final boolean nanoResolution;
  private final Dissection d = new Dissection();
  private final Upper upper = new Upper();
  private final Ipv6ExtensionWalk walk = new Ipv6ExtensionWalk();
  private final EchoPairs echoPairs = new EchoPairs();
  /** The first anomaly of this frame that means "shorter than its own fields say", or null. */
  private Anomaly structural;
  /** Collects anomalies by name; the ICMP checksum verdict is the dissector's own (see Messages). */
  private final AnomalySink sink = a -> {
    if (a != Anomaly.ICMP_BAD_CHECKSUM) {
      addAnomaly(d, a);
    }
    if (structural == null && STRUCTURAL.contains(a)) {
      structural = a;
    }
  };

  /**
   * Anomalies that make a packet malformed in tshark's sense (its own length fields or counts
   * promise bytes that are not there) unless the capture's snaplen explains the missing bytes.
   */
  static final Set<Anomaly> STRUCTURAL = EnumSet.of(Anomaly.IPV4_TRUNC_PKT, Anomaly.IPV6_TRUNC_PKT,
      Anomaly.ICMP_TRUNCATED, Anomaly.ICMP_ROUTERADVERT_TRUNCATED, Anomaly.ND_OPT_TRUNCATED,
      Anomaly.ND_BAD_OPT_OFFSET, Anomaly.IGMP_TRUNCATED);
  /** Message-layer anomalies that a snaplen cut causes: tshark's "[Packet size limited during capture]". */
  private static final Set<Anomaly> CUT = EnumSet.of(Anomaly.ICMP_TRUNCATED, Anomaly.ICMP_ROUTERADVERT_TRUNCATED,
      Anomaly.ND_OPT_TRUNCATED, Anomaly.ND_BAD_OPT_OFFSET, Anomaly.IGMP_TRUNCATED, Anomaly.ICMP_QUOTE_TRUNCATED,
      Anomaly.ICMP_QUOTE_BAD_HLEN, Anomaly.ICMP_QUOTE_PORTS_MISSING, Anomaly.ICMP_EXT_BAD);
  /** What tshark appends to the Info column when dissection hit the end of a snaplen-cut frame. */
  static final String LIMITED = "[Packet size limited during capture]";

  /**
   * @param verbose build the {@link Dissection#tree()} field tree (costs allocation per frame)
   * @param nanoResolution the capture has nanosecond timestamps (only affects printing)
   */
  public Dissector(LinkType linkType, boolean verbose, boolean nanoResolution) throws PcapFormatException {
    this.link = LinkLayer.of(linkType);
    this.verbose = verbose;
    this.nanoResolution = nanoResolution;
  }

  public Dissection dissect(PcapRecord rec) {
    return dissect(rec.number(), rec.epochSeconds(), rec.nanos(), rec.data(), rec.origlen());
  }

  public Dissection dissect(long frame, long epochSeconds, int nanos, MemorySegment data, long frameLength) {
    d.reset();
    structural = null;
    d.frame = frame;
    d.epochSeconds = epochSeconds;
    d.nanos = nanos;
    d.frameLength = frameLength;
    d.capturedLength = (int) data.byteSize();
    d.nanoResolution = nanoResolution;
    FieldTree root = null;
    if (verbose) {
      root = FieldTree.root("Frame " + frame + ": " + frameLength + " bytes on wire, " + data.byteSize()
          + " bytes captured");
      root.field("Encapsulation type", link.linkType());
      d.tree = root;
    }
    if (!link.decode(data)) {
      d.protocolLabel = link.etherType() >= 0 ? String.format(Locale.ROOT, "0x%04x", link.etherType()) : "?";
      d.summary = link.problem();
      return d;
    }
    MemorySegment ip = data.asSlice(link.networkOffset());
    upper.snapped = data.byteSize() < frameLength;
    try {
      if (link.ipVersion() == 4) {
        IpLayer.ipv4(ip, d, upper, sink, root);
      } else {
        IpLayer.ipv6(ip, d, upper, sink, walk, root);
      }
    } catch (WireException e) {
      d.protocolLabel = link.ipVersion() == 4 ? "IPv4" : "IPv6";
      if (upper.snapped && isCut(e)) {
        // the snaplen cut the IP header: not malformed (tshark: "[Packet size limited during capture]")
        addAnomaly(d, link.ipVersion() == 4 ? Anomaly.IPV4_TRUNC_PKT : Anomaly.IPV6_TRUNC_PKT);
        d.summary = LIMITED;
        return d;
      }
      d.malformed = e.getMessage();
      d.summary = IpLayer.malformedSummary(ip, d, e);
      return d;
    }
    if (d.fragment) {
      d.protocolLabel = d.ipVersion == 4 ? "IPv4" : "IPv6";
      d.summary = String.format(Locale.ROOT, "Fragmented IP protocol (proto=%s %d, off=%d, ID=%x)",
          IpProtocol.valueOf(d.protocol).keyword(), d.protocol, upper.fragmentOffset, upper.fragmentId);
      return d;
    }
    MemorySegment payload = upper.payload;
    try {
      switch (d.protocol) {
        case 1 -> Messages.icmpv4(payload, d, upper, sink, root);
        case 58 -> Messages.icmpv6(payload, d, upper, sink, root);
        case 2 -> Messages.igmp(payload, d, upper, sink, root);
        default -> otherProtocol(payload);
      }
      pairEcho();
    } catch (WireException e) {
      String decoded = d.summary == null ? "" : withoutSuffix(d.summary, Messages.MALFORMED);
      if (!upper.complete && isCut(e)) {
        d.summary = decoded + LIMITED; // the capture cut the message: not malformed
      } else {
        d.malformed = e.getMessage();
        d.summary = decoded + Messages.MALFORMED;
      }
      return d;
    }
    structuralAnomaly();
    return d;
  }

  /**
   * A message that decoded but whose own fields promise more bytes than the packet has is malformed
   * (tshark: Malformed Packet), unless the capture's snaplen cut it: then the anomaly records the
   * truncation and the summary says so.
   */
  private void structuralAnomaly() {
    if (structural == null) {
      return;
    }
    // the message layer ran out of bytes: in tshark an exception, which adds an Info suffix
    boolean messageShort = false;
    boolean messageCut = false;
    for (String name : d.anomalies) {
      Anomaly a = Anomaly.valueOf(name.toUpperCase(Locale.ROOT));
      messageCut |= CUT.contains(a);
      messageShort |= CUT.contains(a) && STRUCTURAL.contains(a);
    }
    if (upper.complete) {
      d.malformed = structural.name().toLowerCase(Locale.ROOT) + ": " + structural.description();
      // an IP length past the frame is an expert error in tshark, without an Info suffix
      if (messageShort && d.summary != null && !d.summary.endsWith(Messages.MALFORMED)) {
        d.summary = d.summary + Messages.MALFORMED;
      }
    } else if (messageCut) {
      d.summary = (d.summary == null ? "" : d.summary) + LIMITED;
    }
  }

  private static boolean isCut(WireException e) {
    return e.reason() == WireException.Reason.TRUNCATED || e.reason() == WireException.Reason.PKT_TOO_SMALL;
  }

  private static String withoutSuffix(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }

  private void pairEcho() {
    if (d.id == null || d.seq == null) {
      return;
    }
    boolean v4 = d.protocol == 1;
    if ((v4 && d.type == 8) || (!v4 && d.type == 128)) {
      echoPairs.request(d.ipVersion, d.src, d.dst, d.id, d.seq, d.frame);
    } else if ((v4 && d.type == 0) || (!v4 && d.type == 129)) {
      long req = echoPairs.reply(d.ipVersion, d.src, d.dst, d.id, d.seq);
      if (req > 0) {
        d.summary = d.summary + " (request in " + req + ")";
      }
    }
  }

  /** Not ours to decode: a tshark-like line for UDP and TCP ports, the protocol otherwise. */
  private void otherProtocol(MemorySegment payload) {
    String keyword = IpProtocol.valueOf(d.protocol).keyword();
    if ((d.protocol == 17 || d.protocol == 6) && payload.byteSize() >= 4) {
      d.protocolLabel = keyword;
      int sport = Bytes.u16(payload, 0);
      int dport = Bytes.u16(payload, 2);
      d.summary = d.protocol == 17 && payload.byteSize() >= 8
          ? sport + " \u2192 " + dport + " Len=" + Math.max(0, Bytes.u16(payload, 4) - 8)
          : sport + " \u2192 " + dport;
    } else {
      d.protocolLabel = d.ipVersion == 4 ? "IPv4" : "IPv6";
      d.summary = "IP protocol " + keyword + " (" + d.protocol + ")";
    }
  }

  /** Scratch shared between the layers of one frame. */
  static final class Upper {
    MemorySegment payload;
    /** IP payload is complete in the capture (checksums checkable). */
    boolean complete;
    /**
     * The capture cut the frame (caplen below the wire length). Only then is an IP length past the
     * captured bytes a truncated capture; otherwise the IP header overstates and the bytes present
     * are the whole message as sent, so its checksum can be checked (as tshark does).
     */
    boolean snapped;
    /** First fragment of a fragmented datagram (checksum not checkable). */
    boolean firstFragment;
    int fragmentOffset;
    long fragmentId;
    /** The IP header's segment (ICMPv6 checksums read the addresses from it). */
    MemorySegment ip;
  }

  static void addAnomaly(Dissection d, Anomaly a) {
    String n = a.name().toLowerCase(Locale.ROOT);
    if (!d.anomalies.contains(n)) {
      d.anomalies.add(n);
    }
  }

}
