package io.icmpkit.pcap.dissect;

/**
 * The datagram quoted by an ICMP error, as far as the quote shows it: addresses and protocol from
 * the quoted IP header, ports (or the ICMP echo identifier / sequence for a quoted echo: tshark
 * shows none) only when the first 8 bytes of the transport header are there. {@code sport} and
 * {@code dport} are -1 when absent.
 */
public record Quoted(int ipVersion, String src, String dst, int protocol, int sport, int dport) {
  public boolean hasPorts() {
    return sport >= 0;
  }
}
