package io.icmpkit.wire.iana;

/**
 * ICMPv4 type and code names: the IANA "ICMP Type Numbers" registry and, for one-line summaries,
 * Wireshark's wording of the same code points.
 *
 * <p>Table from the IANA registry icmp-parameters (ICMP Type Numbers and Code Fields) as of
 * 2025-04-29; regenerate by comparing {@code https://www.iana.org/assignments/icmp-parameters/icmp-parameters.xml}
 * with the {@code IANA_*} tables below (one row per registry record, description text verbatim).
 * The {@code WS_*} tables are Wireshark 4.0's {@code packet-icmp.c} strings, checked against
 * {@code tshark -T fields -e _ws.col.Info} on Scapy-built packets. Do not edit by hand except to
 * follow the registry.
 *
 * <p>All lookups take any int and never throw: values outside 0..255 are simply unknown.
 */
public final class Icmpv4Types {
  private Icmpv4Types() {}

  /** Echo Reply. */
  public static final int ECHO_REPLY = 0;
  public static final int DESTINATION_UNREACHABLE = 3;
  public static final int SOURCE_QUENCH = 4;
  public static final int REDIRECT = 5;
  public static final int ALTERNATE_HOST_ADDRESS = 6;
  public static final int ECHO_REQUEST = 8;
  public static final int ROUTER_ADVERTISEMENT = 9;
  public static final int ROUTER_SOLICITATION = 10;
  public static final int TIME_EXCEEDED = 11;
  public static final int PARAMETER_PROBLEM = 12;
  public static final int TIMESTAMP = 13;
  public static final int TIMESTAMP_REPLY = 14;
  public static final int INFORMATION_REQUEST = 15;
  public static final int INFORMATION_REPLY = 16;
  public static final int ADDRESS_MASK_REQUEST = 17;
  public static final int ADDRESS_MASK_REPLY = 18;
  public static final int PHOTURIS = 40;
  public static final int EXTENDED_ECHO_REQUEST = 42;
  public static final int EXTENDED_ECHO_REPLY = 43;

  /** Destination unreachable code 4 (RFC 1191: carries the next-hop MTU). */
  public static final int CODE_FRAGMENTATION_NEEDED = 4;

  // ---- IANA registry text -------------------------------------------------------------------

  private static final String[] IANA_TYPES = new String[256];
  private static final boolean[] DEPRECATED = new boolean[256];
  private static final String[][] IANA_CODES = new String[256][];

  private static void type(int t, String name) {
    IANA_TYPES[t] = name;
  }

  private static void deprecated(int t, String name) {
    IANA_TYPES[t] = name;
    DEPRECATED[t] = true;
  }

  static {
    for (int t = 0; t < 256; t++) {
      IANA_TYPES[t] = "Unassigned"; // 1, 2, 7, 44-252
    }
    type(0, "Echo Reply");
    type(3, "Destination Unreachable");
    deprecated(4, "Source Quench");
    type(5, "Redirect");
    deprecated(6, "Alternate Host Address");
    type(8, "Echo");
    type(9, "Router Advertisement");
    type(10, "Router Solicitation");
    type(11, "Time Exceeded");
    type(12, "Parameter Problem");
    type(13, "Timestamp");
    type(14, "Timestamp Reply");
    deprecated(15, "Information Request");
    deprecated(16, "Information Reply");
    deprecated(17, "Address Mask Request");
    deprecated(18, "Address Mask Reply");
    type(19, "Reserved (for Security)");
    for (int t = 20; t <= 29; t++) {
      type(t, "Reserved (for Robustness Experiment)");
    }
    deprecated(30, "Traceroute");
    deprecated(31, "Datagram Conversion Error");
    deprecated(32, "Mobile Host Redirect");
    deprecated(33, "IPv6 Where-Are-You");
    deprecated(34, "IPv6 I-Am-Here");
    deprecated(35, "Mobile Registration Request");
    deprecated(36, "Mobile Registration Reply");
    deprecated(37, "Domain Name Request");
    deprecated(38, "Domain Name Reply");
    deprecated(39, "SKIP");
    type(40, "Photuris");
    type(41, "ICMP messages utilized by experimental mobility protocols such as Seamoby");
    type(42, "Extended Echo Request");
    type(43, "Extended Echo Reply");
    type(253, "RFC3692-style Experiment 1");
    type(254, "RFC3692-style Experiment 2");
    type(255, "Reserved");

    // types whose only registered code is 0 "No Code"
    for (int t : new int[] {0, 4, 8, 10, 13, 14, 15, 16, 17, 18, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39}) {
      IANA_CODES[t] = new String[] {"No Code"};
    }
    IANA_CODES[3] = new String[] {
      "Net Unreachable",
      "Host Unreachable",
      "Protocol Unreachable",
      "Port Unreachable",
      "Fragmentation Needed and Don't Fragment was Set",
      "Source Route Failed",
      "Destination Network Unknown",
      "Destination Host Unknown",
      "Source Host Isolated",
      "Communication with Destination Network is Administratively Prohibited",
      "Communication with Destination Host is Administratively Prohibited",
      "Destination Network Unreachable for Type of Service",
      "Destination Host Unreachable for Type of Service",
      "Communication Administratively Prohibited",
      "Host Precedence Violation",
      "Precedence cutoff in effect",
    };
    IANA_CODES[5] = new String[] {
      "Redirect Datagram for the Network (or subnet)",
      "Redirect Datagram for the Host",
      "Redirect Datagram for the Type of Service and Network",
      "Redirect Datagram for the Type of Service and Host",
    };
    IANA_CODES[6] = new String[] {"Alternate Address for Host"};
    String[] ra = new String[17];
    ra[0] = "Normal router advertisement";
    ra[16] = "Does not route common traffic";
    IANA_CODES[9] = ra;
    IANA_CODES[11] = new String[] {"Time to Live exceeded in Transit", "Fragment Reassembly Time Exceeded"};
    IANA_CODES[12] = new String[] {"Pointer indicates the error", "Missing a Required Option", "Bad Length"};
    IANA_CODES[40] = new String[] {
      "Bad SPI", "Authentication Failed", "Decompression Failed", "Decryption Failed",
      "Need Authentication", "Need Authorization",
    };
    IANA_CODES[42] = new String[] {"No Error"};
    IANA_CODES[43] = new String[] {
      "No Error", "Malformed Query", "No Such Interface", "No Such Table Entry",
      "Multiple Interfaces Satisfy Query",
    };
  }

  // ---- Wireshark wording (Info column / tshark -V) ------------------------------------------

  private static final String WS_UNKNOWN_TYPE = "Unknown ICMP (obsolete or malformed?)";
  private static final String[] WS_TYPES = new String[256];
  private static final String[][] WS_CODES = new String[256][];

  static {
    String[][] t = {
      {"0", "Echo (ping) reply"}, {"1", "Reserved"}, {"2", "Reserved"},
      {"3", "Destination unreachable"}, {"4", "Source quench (flow control)"}, {"5", "Redirect"},
      {"6", "Alternate host address"}, {"8", "Echo (ping) request"}, {"9", "Router advertisement"},
      {"10", "Router solicitation"}, {"11", "Time-to-live exceeded"}, {"12", "Parameter problem"},
      {"13", "Timestamp request"}, {"14", "Timestamp reply"}, {"15", "Information request"},
      {"16", "Information reply"}, {"17", "Address mask request"}, {"18", "Address mask reply"},
      {"19", "Reserved (for security)"}, {"30", "Traceroute"}, {"31", "Datagram Conversion Error"},
      {"32", "Mobile Host Redirect"}, {"33", "IPv6 Where-Are-You"}, {"34", "IPv6 I-Am-Here"},
      {"35", "Mobile Registration Request"}, {"36", "Mobile Registration Reply"},
      {"37", "Domain Name Request"}, {"38", "Domain Name Reply"}, {"39", "SKIP"}, {"40", "Photuris"},
      {"41", "Experimental mobility protocols"}, {"42", "Extended Echo request"},
      {"43", "Extended Echo reply"},
    };
    for (String[] row : t) {
      WS_TYPES[Integer.parseInt(row[0])] = row[1];
    }
    WS_CODES[3] = new String[] {
      "Network unreachable", "Host unreachable", "Protocol unreachable", "Port unreachable",
      "Fragmentation needed", "Source route failed", "Destination network unknown",
      "Destination host unknown", "Source host isolated", "Network administratively prohibited",
      "Host administratively prohibited", "Network unreachable for TOS", "Host unreachable for TOS",
      "Communication administratively filtered", "Host precedence violation",
      "Precedence cutoff in effect",
    };
    WS_CODES[5] = new String[] {
      "Redirect for network", "Redirect for host", "Redirect for TOS and network", "Redirect for TOS and host",
    };
    WS_CODES[6] = new String[] {"Alternate address for host"};
    String[] ra = new String[17];
    ra[0] = "Normal router advertisement";
    ra[16] = "Does not route common traffic";
    WS_CODES[9] = ra;
    WS_CODES[11] = new String[] {"Time to live exceeded in transit", "Fragment reassembly time exceeded"};
    WS_CODES[12] = new String[] {"Pointer indicates the error", "Required option missing", "Bad length"};
    WS_CODES[40] = new String[] {
      "Bad SPI", "Authentication Failed", "Decompression Failed", "Decryption Failed",
      "Need Authentication", "Need Authorization",
    };
    WS_CODES[42] = new String[] {"No error"};
    WS_CODES[43] = new String[] {
      "No error", "Malformed Query", "No Such Interface", "No Such Table Entry",
      "Multiple Interfaces Satisfy Query",
    };
  }

  private static boolean inRange(int type) {
    return type >= 0 && type <= 255;
  }

  private static String lookup(String[][] table, int type, int code) {
    if (!inRange(type) || code < 0) {
      return null;
    }
    String[] codes = table[type];
    return codes != null && code < codes.length ? codes[code] : null;
  }

  /**
   * The IANA description of a type without the "(Deprecated)" suffix (see {@link #isDeprecated}):
   * "Unassigned" or "Reserved ..." for the ranges the registry lists so; "Unknown type N" outside
   * 0..255.
   */
  public static String typeName(int type) {
    return inRange(type) ? IANA_TYPES[type] : "Unknown type " + type;
  }

  /** The IANA description of a code of a type, or null when the registry lists no such code. */
  public static String codeName(int type, int code) {
    return lookup(IANA_CODES, type, code);
  }

  /** Whether the registry lists the code for the type (types without a code table: code 0 only if listed). */
  public static boolean isKnownCode(int type, int code) {
    return codeName(type, code) != null;
  }

  /** Whether the type is assigned to a message (not Unassigned/Reserved/experimental). */
  public static boolean isAssigned(int type) {
    if (!inRange(type)) {
      return false;
    }
    String n = IANA_TYPES[type];
    return !n.equals("Unassigned") && !n.startsWith("Reserved") && !n.startsWith("RFC3692");
  }

  /** Types the registry marks "(Deprecated)": 4, 6, 15-18, 30-39. */
  public static boolean isDeprecated(int type) {
    return inRange(type) && DEPRECATED[type];
  }

  /**
   * Error messages, which quote the datagram that caused them (RFC 1812 section 4.3.2.3): 3, 4, 5,
   * 11, 12. Hosts never answer an error with an error (RFC 1122 section 3.2.2).
   */
  public static boolean isError(int type) {
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
  }

  /** Queries that expect a reply: 8, 10, 13, 15, 17, 42. */
  public static boolean isQuery(int type) {
    return type == 8 || type == 10 || type == 13 || type == 15 || type == 17 || type == 42;
  }

  /** The reply type for a query type, or -1. */
  public static int replyTypeOf(int type) {
    return switch (type) {
      case 8 -> 0;
      case 13 -> 14;
      case 15 -> 16;
      case 17 -> 18;
      case 42 -> 43;
      case 10 -> 9;
      default -> -1;
    };
  }

  /** Wireshark's name of the type, e.g. "Echo (ping) request"; "Unknown ICMP (obsolete or malformed?)" otherwise. */
  public static String displayTypeName(int type) {
    String s = inRange(type) ? WS_TYPES[type] : null;
    return s != null ? s : WS_UNKNOWN_TYPE;
  }

  /** Whether Wireshark shows a code text for this type (it does for 3, 5, 6, 9, 11, 12, 40, 42, 43). */
  public static boolean hasDisplayCodes(int type) {
    return inRange(type) && WS_CODES[type] != null;
  }

  /**
   * Wireshark's name of the code, e.g. "Port unreachable"; "Unknown code: N" for a type with a code
   * table; null for types Wireshark shows without a code.
   */
  public static String displayCodeName(int type, int code) {
    if (!hasDisplayCodes(type)) {
      return null;
    }
    String s = lookup(WS_CODES, type, code);
    return s != null ? s : "Unknown code: " + code;
  }

  /**
   * The first part of tshark's Info column: the type name padded to 20 characters, then the code
   * text in parentheses where Wireshark shows one, e.g. {@code "Redirect             (Redirect for host)"}.
   * Type 9 with code 0 or 16 reads "Mobile IP Advertisement", as Wireshark names it.
   */
  public static String infoPrefix(int type, int code) {
    String name = type == 9 && (code == 0 || code == 16) ? "Mobile IP Advertisement" : displayTypeName(type);
    StringBuilder sb = new StringBuilder(48).append(name);
    while (sb.length() < 20) {
      sb.append(' ');
    }
    String c = displayCodeName(type, code);
    if (c != null) {
      sb.append(" (").append(c).append(')');
    }
    return sb.toString();
  }
}
