package io.icmpkit.pcap.dissect;

/**
 * The datagram quoted by an ICMP error, as far as the quote shows it (as tshark does): addresses
 * and protocol from the quoted IP header when those bytes are there ({@code src}/{@code dst} null,
 * {@code protocol} -1 when cut off), ports when at least 4 bytes of a TCP/UDP/SCTP/DCCP header are
 * there (no ICMP echo identifier for a quoted echo: tshark shows none). {@code sport} and
 * {@code dport} are -1 when absent. A cut quote is shown, never associated with a flow (see
 * {@code QuotedDatagram.hasTuple()}).
 */
public record Quoted(int ipVersion, String src, String dst, int protocol, int sport, int dport) {
  public boolean hasPorts() {
    return sport >= 0;
  }
}
