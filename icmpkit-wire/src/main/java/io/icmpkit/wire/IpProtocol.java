package io.icmpkit.wire;

/**
 * IP protocol numbers / IPv6 next-header values (IANA "Assigned Internet Protocol Numbers"): the
 * ones icmpkit decodes get constants; {@link #valueOf(int)} returns a cached instance for every
 * value 0-255, so lookups never allocate.
 */
public record IpProtocol(int number, String keyword) {
  private static final IpProtocol[] TABLE = new IpProtocol[256];

  public static final IpProtocol HOPOPT = define(0, "HOPOPT");
  public static final IpProtocol ICMP = define(1, "ICMP");
  public static final IpProtocol IGMP = define(2, "IGMP");
  public static final IpProtocol IPV4 = define(4, "IPv4");
  public static final IpProtocol TCP = define(6, "TCP");
  public static final IpProtocol UDP = define(17, "UDP");
  public static final IpProtocol IPV6 = define(41, "IPv6");
  public static final IpProtocol IPV6_ROUTE = define(43, "IPv6-Route");
  public static final IpProtocol IPV6_FRAG = define(44, "IPv6-Frag");
  public static final IpProtocol GRE = define(47, "GRE");
  public static final IpProtocol ESP = define(50, "ESP");
  public static final IpProtocol AH = define(51, "AH");
  public static final IpProtocol ICMPV6 = define(58, "IPv6-ICMP");
  public static final IpProtocol IPV6_NONXT = define(59, "IPv6-NoNxt");
  public static final IpProtocol IPV6_OPTS = define(60, "IPv6-Opts");
  public static final IpProtocol SCTP = define(132, "SCTP");
  public static final IpProtocol MOBILITY = define(135, "Mobility Header");
  public static final IpProtocol UDPLITE = define(136, "UDPLite");

  static {
    for (int i = 0; i < 256; i++) {
      if (TABLE[i] == null) {
        TABLE[i] = new IpProtocol(i, Integer.toString(i));
      }
    }
  }

  private static IpProtocol define(int n, String keyword) {
    IpProtocol p = new IpProtocol(n, keyword);
    TABLE[n] = p;
    return p;
  }

  /** The cached instance for a protocol number (0-255). */
  public static IpProtocol valueOf(int number) {
    if (number < 0 || number > 255) {
      throw new IllegalArgumentException("protocol number out of range: " + number);
    }
    return TABLE[number];
  }

  /** Whether this value is an IPv6 extension header that the chain walk steps over. */
  public boolean isIpv6ExtensionHeader() {
    return number == 0 || number == 43 || number == 44 || number == 60 || number == 135
        || number == 51 || number == 139 || number == 140;
  }

  @Override
  public String toString() {
    return keyword;
  }
}
