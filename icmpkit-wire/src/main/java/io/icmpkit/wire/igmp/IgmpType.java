package io.icmpkit.wire.igmp;

/**
 * IGMP message types (IANA "IGMP Type Numbers"). {@link #valueOf(int)} returns a cached instance
 * for every value 0-255 (unassigned ones named {@code Unknown (0xNN)}) and never throws for a byte.
 */
public record IgmpType(int value, String name) {
  private static final IgmpType[] TABLE = new IgmpType[256];

  public static final IgmpType MEMBERSHIP_QUERY = define(0x11, "Membership Query");
  public static final IgmpType V1_MEMBERSHIP_REPORT = define(0x12, "Version 1 Membership Report");
  public static final IgmpType DVMRP = define(0x13, "DVMRP");
  public static final IgmpType PIM_V1 = define(0x14, "PIM version 1");
  public static final IgmpType CISCO_TRACE = define(0x15, "Cisco Trace Messages");
  public static final IgmpType V2_MEMBERSHIP_REPORT = define(0x16, "Version 2 Membership Report");
  public static final IgmpType V2_LEAVE_GROUP = define(0x17, "Version 2 Leave Group");
  public static final IgmpType MTRACE_RESPONSE = define(0x1e, "Multicast Traceroute Response");
  public static final IgmpType MTRACE = define(0x1f, "Multicast Traceroute");
  public static final IgmpType V3_MEMBERSHIP_REPORT = define(0x22, "Version 3 Membership Report");
  public static final IgmpType MRD_ADVERTISEMENT = define(0x30, "Multicast Router Advertisement");
  public static final IgmpType MRD_SOLICITATION = define(0x31, "Multicast Router Solicitation");
  public static final IgmpType MRD_TERMINATION = define(0x32, "Multicast Router Termination");

  static {
    for (int i = 0; i < 256; i++) {
      if (TABLE[i] == null) {
        TABLE[i] = new IgmpType(i, String.format("Unknown (0x%02x)", i));
      }
    }
  }

  private static IgmpType define(int v, String name) {
    IgmpType t = new IgmpType(v, name);
    TABLE[v] = t;
    return t;
  }

  /** The cached instance for a type octet (only the low eight bits are used). */
  public static IgmpType valueOf(int value) {
    return TABLE[value & 0xFF];
  }

  /** Whether IANA assigns this type. */
  public boolean isKnown() {
    return !name.startsWith("Unknown");
  }

  @Override
  public String toString() {
    return name;
  }
}
