package io.icmpkit.pcap.io;

/**
 * A pcap LINKTYPE_ value with its tcpdump.org name; {@link #valueOf(int)} never throws and returns
 * the known constant or an unnamed instance.
 *
 * @see <a href="https://www.tcpdump.org/linktypes.html">tcpdump.org link-layer header types</a>
 */
public record LinkType(int value, String name) {
  public static final LinkType NULL = new LinkType(0, "NULL");
  public static final LinkType ETHERNET = new LinkType(1, "ETHERNET");
  public static final LinkType RAW = new LinkType(101, "RAW");
  public static final LinkType LOOP = new LinkType(108, "LOOP");
  public static final LinkType LINUX_SLL = new LinkType(113, "LINUX_SLL");
  public static final LinkType IPV4 = new LinkType(228, "IPV4");
  public static final LinkType IPV6 = new LinkType(229, "IPV6");
  public static final LinkType LINUX_SLL2 = new LinkType(276, "LINUX_SLL2");

  private static final LinkType[] KNOWN = {NULL, ETHERNET, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2};

  public static LinkType valueOf(int value) {
    for (LinkType t : KNOWN) {
      if (t.value == value) {
        return t;
      }
    }
    // OpenBSD's 12 and some writers' 14 also mean raw IP (libpcap maps them to LINKTYPE_RAW)
    return new LinkType(value, "LINKTYPE_" + value);
  }

  @Override
  public String toString() {
    return name + "(" + value + ")";
  }
}
