package io.icmpkit.stack.iface;

/**
 * A filter: a packet being forwarded or delivered whose source, destination and protocol match is
 * dropped and answered with "communication administratively prohibited" (ICMPv4 type 3 code 13,
 * RFC 1812 5.2.7.1; ICMPv6 type 1 code 1, RFC 4443 3.1). Null prefix or protocol -1: any.
 */
public record FilterRule(Prefix source, Prefix destination, int protocol) {
  public FilterRule {
    if (protocol < -1 || protocol > 255) {
      throw new IllegalArgumentException("protocol out of range -1..255: " + protocol);
    }
  }

  public static FilterRule prohibit(String source, String destination, int protocol) {
    return new FilterRule(source == null ? null : Prefix.parse(source),
        destination == null ? null : Prefix.parse(destination), protocol);
  }

  public boolean matches(byte[] src, byte[] dst, int proto) {
    return (source == null || source.contains(src)) && (destination == null || destination.contains(dst))
        && (protocol < 0 || protocol == proto);
  }
}
