package io.icmpkit.engine.trace;

/** How a trace probes (Linux traceroute's {@code -I}, default UDP, {@code -T}, Paris traceroute). */
public enum ProbeMethod {
  /** ICMP / ICMPv6 echo requests; the destination answers with an echo reply. */
  ICMP,
  /** UDP to incrementing ports from 33434 (one port per probe); port unreachable ends the trace. */
  UDP,
  /**
   * UDP with one constant 5-tuple for every probe of the trace, so that per-flow load balancers
   * keep all probes on one path; probes differ only in the payload (hence the UDP checksum).
   */
  UDP_PARIS,
  /** TCP SYN (default port 80); SYN-ACK or RST ends the trace. */
  TCP;

  /** Default destination port (ICMP: none, 0). */
  public int defaultPort() {
    return switch (this) {
      case ICMP -> 0;
      case UDP, UDP_PARIS -> 33434;
      case TCP -> 80;
    };
  }

  /** Transport header length in bytes. */
  int transportHeaderLength() {
    return switch (this) {
      case ICMP, UDP, UDP_PARIS -> 8;
      case TCP -> 20;
    };
  }
}
