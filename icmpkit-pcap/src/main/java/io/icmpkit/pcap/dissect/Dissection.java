package io.icmpkit.pcap.dissect;

import io.icmpkit.wire.print.FieldTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the dissector found in one frame. One instance is reused for every frame of a
 * {@link Dissector}: read (or copy) it before dissecting the next one.
 *
 * <p>Absent values: {@code ipVersion} 0 when the frame is not IP; {@code protocol}, {@code type},
 * {@code code}, {@code ttl} -1 when not reached; boxed fields ({@code checksumOk}, {@code id},
 * {@code seq}, {@code mtu}, {@code pointer}) and strings null when they do not apply.
 */
public final class Dissection {
  long frame;
  long epochSeconds;
  int nanos;
  long frameLength;
  int capturedLength;
  boolean nanoResolution;
  int ipVersion;
  String src;
  String dst;
  int protocol = -1;
  int ttl = -1;
  int type = -1;
  int code = -1;
  String name;
  Boolean checksumOk;
  Integer id;
  Integer seq;
  Long mtu;
  String gateway;
  Integer pointer;
  Quoted quoted;
  final List<Map<String, Object>> extensions = new ArrayList<>();
  boolean fragment;
  String malformed;
  final List<String> anomalies = new ArrayList<>();
  String summary;
  String protocolLabel;
  FieldTree tree;

  void reset() {
    frame = 0;
    epochSeconds = 0;
    nanos = 0;
    frameLength = 0;
    capturedLength = 0;
    ipVersion = 0;
    src = null;
    dst = null;
    protocol = -1;
    ttl = -1;
    type = -1;
    code = -1;
    name = null;
    checksumOk = null;
    id = null;
    seq = null;
    mtu = null;
    gateway = null;
    pointer = null;
    quoted = null;
    extensions.clear();
    fragment = false;
    malformed = null;
    anomalies.clear();
    summary = null;
    protocolLabel = null;
    tree = null;
  }

  /** 1-based frame number. */
  public long frame() {
    return frame;
  }

  public long epochSeconds() {
    return epochSeconds;
  }

  public int nanos() {
    return nanos;
  }

  /** Whether the capture has nanosecond timestamps (for printing 9 rather than 6 digits). */
  public boolean nanoResolution() {
    return nanoResolution;
  }

  /** Length on the wire. */
  public long frameLength() {
    return frameLength;
  }

  public int capturedLength() {
    return capturedLength;
  }

  /** 4, 6, or 0 when the frame is not IP; the version nibble as read when the IP layer is malformed. */
  public int ipVersion() {
    return ipVersion;
  }

  public String src() {
    return src;
  }

  public String dst() {
    return dst;
  }

  /** IP protocol number of the upper layer (after IPv6 extension headers), or -1. */
  public int protocol() {
    return protocol;
  }

  /** {@code icmp}, {@code icmpv6}, {@code igmp}, or the protocol number as text; null when not IP. */
  public String protocolName() {
    return switch (protocol) {
      case -1 -> null;
      case 1 -> "icmp";
      case 58 -> "icmpv6";
      case 2 -> "igmp";
      default -> Integer.toString(protocol);
    };
  }

  /** The tshark Protocol column: ICMP, ICMPv6, IGMPv3, IPv4, IPv6... */
  public String protocolLabel() {
    return protocolLabel;
  }

  /** IPv4 TTL or IPv6 hop limit, or -1. */
  public int ttl() {
    return ttl;
  }

  public int type() {
    return type;
  }

  public int code() {
    return code;
  }

  /** Name of the type (and code), e.g. {@code Echo (ping) request}; null when no ICMP/IGMP header. */
  public String name() {
    return name;
  }

  /** True/false when the ICMP/IGMP checksum could be checked; null when not (truncated, fragment). */
  public Boolean checksumOk() {
    return checksumOk;
  }

  /** Identifier of echo-like messages. */
  public Integer id() {
    return id;
  }

  /** Sequence number of echo-like messages. */
  public Integer seq() {
    return seq;
  }

  /** Next-hop MTU (ICMPv4 3/4) or MTU (ICMPv6 Packet Too Big). */
  public Long mtu() {
    return mtu;
  }

  /** Redirect gateway / target address. */
  public String gateway() {
    return gateway;
  }

  /** Parameter problem pointer. */
  public Integer pointer() {
    return pointer;
  }

  /** The quoted datagram of an error message, or null. */
  public Quoted quoted() {
    return quoted;
  }

  /** RFC 4884 extension objects, each as ordered field name to value (String, Number, or List). */
  public List<Map<String, Object>> extensions() {
    return extensions;
  }

  /** True for a non-first IP fragment: the ICMP header is not in this frame (no reassembly here). */
  public boolean fragment() {
    return fragment;
  }

  /**
   * Why the packet is malformed in tshark's sense, or null: a layer could not be decoded (the
   * WireException message), or its fields promise bytes the packet does not have (the anomaly,
   * e.g. {@code icmp_truncated: ...}). A frame cut by the capture's snaplen is not malformed: its
   * truncation is in {@link #anomalies()} and the summary ends with "[Packet size limited during
   * capture]" when a message needed the missing bytes.
   */
  public String malformed() {
    return malformed;
  }

  /** Names of the anomalies flagged (lowercase, as the Anomaly constants). */
  public List<String> anomalies() {
    return anomalies;
  }

  /** tshark-style Info column. */
  public String summary() {
    return summary;
  }

  /** The verbose field tree, or null unless the dissector was asked for it. */
  public FieldTree tree() {
    return tree;
  }
}
