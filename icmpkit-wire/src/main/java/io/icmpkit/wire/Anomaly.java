package io.icmpkit.wire;

/**
 * Things wrong with a packet that do not stop its decoding ("flag" in
 * {@code shared/design/BAD-INPUTS.md}); named after the Suricata/Snort/Zeek event they mirror.
 * Parsers report them to an {@link AnomalySink}; rejections are {@link WireException}s instead.
 */
public enum Anomaly {
  // IPv4
  IPV4_TRUNC_PKT("total length larger than captured bytes"),
  IPV4_OPT_INVALID_LEN("IPv4 option with length 0 or 1"),
  IPV4_OPT_MALFORMED("IPv4 option runs past the header"),
  IPV4_OPT_POINTER("RR/TS option pointer inconsistent with its length"),
  IPV4_BAD_CHECKSUM("bad IPv4 header checksum"),
  IPV4_RESERVED_FLAG("reserved (evil) bit set"),
  IPV4_DF_WITH_OFFSET("DF set on a fragment with offset != 0"),
  IPV4_FRAG_TOO_LARGE("fragment offset + length beyond 65535"),
  IPV4_ICMPV6("ICMPv6 carried in IPv4"),
  // IPv6
  IPV6_TRUNC_PKT("payload length larger than captured bytes"),
  IPV6_EXTHDR_TRUNCATED("extension header runs past the packet"),
  IPV6_EXTHDR_TOO_MANY("extension-header chain longer than the walk bound"),
  IPV6_OPT_MALFORMED("hop-by-hop / destination option runs past its header"),
  IPV6_ICMPV4("ICMPv4 carried in IPv6"),
  // ICMP common
  ICMP_BAD_CHECKSUM("bad ICMP checksum"),
  ICMP_UNKNOWN_TYPE("unknown ICMP type"),
  ICMP_UNKNOWN_CODE("unknown code for this ICMP type"),
  ICMP_TRUNCATED("message shorter than its type's fixed part"),
  ICMP_QUOTE_TRUNCATED("quoted datagram shorter than an IP header"),
  ICMP_QUOTE_UNKNOWN_VERSION("quoted header has the wrong IP version"),
  ICMP_QUOTE_BAD_HLEN("quoted header length past the quoted bytes"),
  ICMP_QUOTE_PORTS_MISSING("quoted transport header shorter than 8 bytes"),
  ICMP_QUOTE_TOO_LONG("quoted datagram declares more than 576 bytes"),
  ICMP_QUOTE_FRAGMENT("quoted datagram is a non-first fragment"),
  ICMP_EXT_BAD("RFC 4884 extension structure malformed"),
  ICMP_PMTU_DOS("frag-needed / packet-too-big MTU below the minimum"),
  ICMP_ROUTERADVERT_TRUNCATED("router advertisement entries past the message"),
  ICMP_OPT_POINTER_ATTACK("RR/TS option pointer pattern of the Linux ICMP header DoS"),
  // ICMPv6 / NDP / MLD
  ND_OPT_TRUNCATED("ND options end with a stray partial option"),
  ND_BAD_OPT_OFFSET("ND fixed part longer than the message"),
  ND_RDNSS_BAD_LENGTH("RDNSS option of even length (Bad Neighbor, CVE-2020-16898)"),
  ND_RA_BAD_FIELDS("RA code != 0 or reachable time > 3600000 ms; RS reserved != 0"),
  MLD_HOP_LIMIT("MLD message with hop limit != 1"),
  // IGMP
  IGMP_TRUNCATED("IGMP message shorter than its version's fixed part");

  private final String description;

  Anomaly(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
