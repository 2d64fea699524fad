package io.icmpkit.pcap.dissect;

import io.icmpkit.pcap.io.LinkLayer;
import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.pcap.io.PcapFormatException;
import io.icmpkit.pcap.io.PcapRecord;
import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * Dissects frames of one capture into a reused {@link Dissection}: link layer, IP, then the ICMP /
 * ICMPv6 / IGMP message. One instance per capture and thread.
 *
 * <p>Policy: every {@link WireException} ends its layer and becomes {@code malformed} (with the
 * layers above left empty); anomalies are collected by name and do not stop decoding. Checksums are
 * verified (never enforced) when the whole message is in the frame: a truncated capture or a
 * fragment gives {@code checksumOk == null}. Any other exception is a bug and propagates.
 */
public final class Dissector {
  private final LinkLayer link;
  private final boolean verbose;
  private final boolean nanoResolution;
  private final Dissection d = new Dissection();
  private final Upper upper = new Upper();

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
    try {
      if (link.ipVersion() == 4) {
        IpLayer.ipv4(ip, d, upper, root);
      } else {
        IpLayer.ipv6(ip, d, upper, root);
      }
    } catch (WireException e) {
      d.malformed = e.getMessage();
      d.protocolLabel = link.ipVersion() == 4 ? "IPv4" : "IPv6";
      d.summary = "Malformed " + d.protocolLabel + " packet: " + e.getMessage();
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
        case 1 -> {
          if (d.ipVersion == 6) {
            flag(Anomaly.IPV6_ICMPV4);
          }
          Messages.icmpv4(payload, d, upper, root);
        }
        case 58 -> {
          if (d.ipVersion == 4) {
            flag(Anomaly.IPV4_ICMPV6);
          }
          Messages.icmpv6(payload, d, upper, root);
        }
        case 2 -> Messages.igmp(payload, d, upper, root);
        default -> {
          d.protocolLabel = d.ipVersion == 4 ? "IPv4" : "IPv6";
          d.summary = "IP protocol " + IpProtocol.valueOf(d.protocol).keyword() + " (" + d.protocol + ")";
        }
      }
    } catch (WireException e) {
      d.malformed = e.getMessage();
      if (d.summary == null) {
        d.summary = "Malformed packet: " + e.getMessage();
      } else {
        d.summary = d.summary + " [Malformed: " + e.getMessage() + "]";
      }
    }
    return d;
  }

  private void flag(Anomaly a) {
    d.anomalies.add(a.name().toLowerCase(Locale.ROOT));
  }

  /** Scratch shared between the layers of one frame. */
  static final class Upper {
    MemorySegment payload;
    /** IP payload is complete in the capture (checksums checkable). */
    boolean complete;
    /** First fragment of a fragmented datagram (checksum not checkable). */
    boolean firstFragment;
    int fragmentOffset;
    long fragmentId;
    /** Pseudo-header sum for ICMPv6 (without the upper-layer length). */
    MemorySegment ip;
    int ipv6SrcOffset;
    /** Total upper-layer length declared by IP (may exceed the captured payload). */
    long declaredLength;
  }

  static void addAnomaly(Dissection d, Anomaly a) {
    String n = a.name().toLowerCase(Locale.ROOT);
    if (!d.anomalies.contains(n)) {
      d.anomalies.add(n);
    }
  }

  static int u8(MemorySegment s, long off) {
    return Bytes.u8(s, off);
  }

  static boolean verifies(MemorySegment s, long initial) {
    return Checksum.verifies(Checksum.sum(s, initial));
  }
}
