package io.icmpkit.engine.sweep;

/**
 * The probe kinds of a sweep, as nmap's {@code -PE -PP -PM}. Timestamp and address mask exist in
 * ICMPv4 only and need a raw socket (a Linux ping socket sends echo requests only).
 */
public enum ProbeType {
  /** Echo request (ICMPv4 type 8, ICMPv6 128), RFC 792 / RFC 4443 section 4.1. */
  ECHO(8, 0, 128, 129),
  /** Timestamp request (type 13, reply 14), RFC 792; Linux answers it. */
  TIMESTAMP(13, 14, -1, -1),
  /** Address mask request (type 17, reply 18), RFC 950; Linux does not answer it. */
  ADDRESS_MASK(17, 18, -1, -1);

  private final int v4Request;
  private final int v4Reply;
  private final int v6Request;
  private final int v6Reply;

  ProbeType(int v4Request, int v4Reply, int v6Request, int v6Reply) {
    this.v4Request = v4Request;
    this.v4Reply = v4Reply;
    this.v6Request = v6Request;
    this.v6Reply = v6Reply;
  }

  /** ICMPv4 request type. */
  public int ipv4RequestType() {
    return v4Request;
  }

  /** ICMPv4 reply type. */
  public int ipv4ReplyType() {
    return v4Reply;
  }

  /** Whether the probe exists in ICMPv6. */
  public boolean hasIpv6() {
    return v6Request >= 0;
  }

  /** ICMPv6 request type, or -1. */
  public int ipv6RequestType() {
    return v6Request;
  }

  /** The probe whose ICMPv4 request type is {@code type}, or null. */
  static ProbeType ofIpv4Request(int type) {
    for (ProbeType p : values()) {
      if (p.v4Request == type) {
        return p;
      }
    }
    return null;
  }

  /** Lower-case name for output ({@code echo}, {@code timestamp}, {@code address-mask}). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
