package io.icmpkit.wire.iana;

/**
 * ICMPv6 type and code numbers of the IANA "Internet Control Message Protocol version 6 (ICMPv6)
 * Parameters" registry, with names. Where Wireshark (4.0) names a value, the name is Wireshark's
 * wording, so that summaries read like tshark's Info column; values Wireshark does not know yet
 * (e.g. Parameter Problem codes 4-10 of RFC 8883/9098) carry the IANA wording. Unregistered values
 * are named as tshark names them: {@code Unknown (n)}, or {@code Unknown} for Destination
 * Unreachable codes.
 *
 * <p>Transcribed from the registry (last checked 2025); do not edit without checking it.
 *
 * @see <a href="https://www.iana.org/assignments/icmpv6-parameters">IANA ICMPv6 Parameters</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443</a>
 */
public final class Icmpv6Types {
  // error messages (RFC 4443 section 3)
  public static final int DESTINATION_UNREACHABLE = 1;
  public static final int PACKET_TOO_BIG = 2;
  public static final int TIME_EXCEEDED = 3;
  public static final int PARAMETER_PROBLEM = 4;
  // informational messages
  public static final int ECHO_REQUEST = 128;
  public static final int ECHO_REPLY = 129;
  public static final int MLD_QUERY = 130;
  public static final int MLD_REPORT = 131;
  public static final int MLD_DONE = 132;
  public static final int ROUTER_SOLICITATION = 133;
  public static final int ROUTER_ADVERTISEMENT = 134;
  public static final int NEIGHBOR_SOLICITATION = 135;
  public static final int NEIGHBOR_ADVERTISEMENT = 136;
  public static final int REDIRECT = 137;
  public static final int ROUTER_RENUMBERING = 138;
  public static final int NODE_INFORMATION_QUERY = 139;
  public static final int NODE_INFORMATION_REPLY = 140;
  public static final int INVERSE_ND_SOLICITATION = 141;
  public static final int INVERSE_ND_ADVERTISEMENT = 142;
  public static final int MLDV2_REPORT = 143;
  public static final int HOME_AGENT_DISCOVERY_REQUEST = 144;
  public static final int HOME_AGENT_DISCOVERY_REPLY = 145;
  public static final int MOBILE_PREFIX_SOLICITATION = 146;
  public static final int MOBILE_PREFIX_ADVERTISEMENT = 147;
  public static final int CERTIFICATION_PATH_SOLICITATION = 148;
  public static final int CERTIFICATION_PATH_ADVERTISEMENT = 149;
  public static final int EXPERIMENTAL_MOBILITY = 150;
  public static final int MULTICAST_ROUTER_ADVERTISEMENT = 151;
  public static final int MULTICAST_ROUTER_SOLICITATION = 152;
  public static final int MULTICAST_ROUTER_TERMINATION = 153;
  public static final int FMIPV6 = 154;
  public static final int RPL_CONTROL = 155;
  public static final int ILNP_LOCATOR_UPDATE = 156;
  public static final int DUPLICATE_ADDRESS_REQUEST = 157;
  public static final int DUPLICATE_ADDRESS_CONFIRMATION = 158;
  public static final int MPL_CONTROL = 159;
  public static final int EXTENDED_ECHO_REQUEST = 160;
  public static final int EXTENDED_ECHO_REPLY = 161;

  private static final String[] TYPE_NAMES = new String[256];
  /** Per type, the registered code names (index = code), null where the type has no code table. */
  private static final String[][] CODE_NAMES = new String[256][];

  static {
    type(1, "Destination Unreachable",
        "no route to destination", "Administratively prohibited", "Beyond scope of source address",
        "Address unreachable", "Port unreachable", "Source address failed ingress/egress policy",
        "Reject route to destination", "Error in Source Routing Header", "Headers too long");
    type(2, "Packet Too Big", "");
    type(3, "Time Exceeded", "hop limit exceeded in transit", "fragment reassembly time exceeded");
    type(4, "Parameter Problem",
        "erroneous header field encountered", "unrecognized Next Header type encountered",
        "unrecognized IPv6 option encountered", "IPv6 First Fragment has incomplete IPv6 Header Chain",
        "SR Upper-layer Header Error",
        "Unrecognized Next Header type encountered by intermediate node",
        "Extension header too big", "Extension header chain too long",
        "Too many extension headers", "Too many options in extension header", "Option too big");
    type(100, "Private experimentation");
    type(101, "Private experimentation");
    type(127, "Reserved for expansion of ICMPv6 error messages");
    type(128, "Echo (ping) request", "");
    type(129, "Echo (ping) reply", "");
    type(130, "Multicast Listener Query", "");
    type(131, "Multicast Listener Report", "");
    type(132, "Multicast Listener Done", "");
    type(133, "Router Solicitation", "");
    type(134, "Router Advertisement", "");
    type(135, "Neighbor Solicitation", "");
    type(136, "Neighbor Advertisement", "");
    type(137, "Redirect", "");
    type(138, "Router Renumbering", "Command", "Result");
    CODE_NAMES[138] = java.util.Arrays.copyOf(CODE_NAMES[138], 256);
    CODE_NAMES[138][255] = "Sequence Number Reset";
    type(139, "Node Information Query",
        "Query subject = IPv6 addresses", "Query subject = DNS name or empty", "Query subject = IPv4 addresses");
    type(140, "Node Information Reply", "Successful", "Refused", "Unknown query type");
    type(141, "Inverse Neighbor Discovery Solicitation", "");
    type(142, "Inverse Neighbor Discovery Advertisement", "");
    type(143, "Multicast Listener Report Message v2", "");
    type(144, "Home Agent Address Discovery Request", "");
    type(145, "Home Agent Address Discovery Reply", "");
    type(146, "Mobile Prefix Solicitation", "");
    type(147, "Mobile Prefix Advertisement", "");
    type(148, "Certification Path Solicitation", "");
    type(149, "Certification Path Advertisement", "");
    // RFC 4065 defines subtypes in the code field; none is registered as a code here
    type(150, "Experimental Mobility");
    type(151, "Multicast Router Advertisement", "");
    type(152, "Multicast Router Solicitation", "");
    type(153, "Multicast Router Termination", "");
    // RFC 5568: codes 2 and 3; 0-1 unassigned, 4-5 reserved (were HI/HAck)
    type(154, "FMIPv6", null, null, "RtSolPr", "PrRtAdv");
    type(155, "RPL Control",
        "DODAG Information Solicitation", "DODAG Information Object", "Destination Advertisement Object",
        "Destination Advertisement Object Acknowledgment");
    CODE_NAMES[155] = java.util.Arrays.copyOf(CODE_NAMES[155], 256);
    CODE_NAMES[155][0x80] = "Secure DODAG Information Solicitation";
    CODE_NAMES[155][0x81] = "Secure DODAG Information Object";
    CODE_NAMES[155][0x82] = "Secure Destination Advertisement Object";
    CODE_NAMES[155][0x83] = "Secure Destination Advertisement Object Acknowledgment";
    CODE_NAMES[155][0x8A] = "Consistency Check";
    type(156, "Locator Update", "Locator Update Message", "Locator Update Acknowledgement");
    type(157, "Duplicate Address Request", "");
    type(158, "Duplicate Address Confirmation", "");
    type(159, "MPL Control Message", "");
    type(160, "Extended Echo request", "No error");
    type(161, "Extended Echo reply",
        "No error", "Malformed Query", "No Such Interface", "No Such Table Entry",
        "Multiple Interfaces Satisfy Query");
    type(200, "Private experimentation");
    type(201, "Private experimentation");
    type(255, "Reserved for expansion of ICMPv6 informational messages");
    for (int t = 0; t < 256; t++) {
      if (TYPE_NAMES[t] == null) {
        TYPE_NAMES[t] = "Unknown (" + t + ")";
      }
    }
  }

  private Icmpv6Types() {}

  /** Registers a type; each code name at its index, "" for a code that has no name of its own. */
  private static void type(int t, String name, String... codes) {
    TYPE_NAMES[t] = name;
    CODE_NAMES[t] = codes.length == 0 ? null : codes;
  }

  /** RFC 4443 section 2.1: types 0-127 are error messages, 128-255 informational. */
  public static boolean isError(int type) {
    return (type & 0x80) == 0;
  }

  /** The name of a type (0-255); {@code Unknown (n)} when unregistered. Never null. */
  public static String typeName(int type) {
    return type >= 0 && type < 256 ? TYPE_NAMES[type] : "Unknown (" + type + ")";
  }

  /** Whether the type is in the registry (private experimentation and reserved values included). */
  public static boolean isKnownType(int type) {
    return type >= 0 && type < 256 && !TYPE_NAMES[type].startsWith("Unknown");
  }

  /**
   * Whether {@code code} is registered for {@code type}. Types without a code table in the registry
   * (private experimentation, reserved, Experimental Mobility) accept every code.
   */
  public static boolean isKnownCode(int type, int code) {
    if (!isKnownType(type) || code < 0 || code > 255) {
      return false;
    }
    String[] codes = CODE_NAMES[type];
    return codes == null || (code < codes.length && codes[code] != null);
  }

  /**
   * The name of a code: the registered name, {@code ""} for a registered code without a name of
   * its own (code 0 of most informational types), or for an unregistered code what tshark 4.0
   * prints: {@code Unknown} for Destination Unreachable (its {@code val_to_str_const}), {@code
   * Unknown (n)} for every other type.
   */
  public static String codeName(int type, int code) {
    if (type >= 0 && type < 256 && code >= 0) {
      String[] codes = CODE_NAMES[type];
      if (codes != null && code < codes.length && codes[code] != null) {
        return codes[code];
      }
    }
    return type == 1 ? "Unknown" : "Unknown (" + code + ")";
  }
}
