package io.icmpkit.wire;

import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.ipv6.Ipv6ExtensionWalk;
import io.icmpkit.wire.ipv6.Ipv6Packet;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * What an ICMP error message quotes of the datagram that caused it (RFC 792 "Internet Header + 64
 * bits of Original Data Datagram", RFC 4443 section 2.4 "as much of invoking packet as possible"):
 * the IP header fields and, when present, the transport fields that identify the flow (ports, TCP
 * sequence, UDP length/checksum, ICMP type/code/echo identifier/sequence).
 *
 * <p>{@link #parse} never throws: a quote is hostile input by nature (BAD-INPUTS rows 25-30, 32);
 * whatever cannot be read is left unset ({@code null} / {@code -1}) and flagged. A cut quote still
 * shows the fields that are in it (a 12-byte IPv4 quote its protocol, a 4-byte transport header its
 * ports), but only a quote whose fields are all present may be associated with a flow: check
 * {@link #hasTuple()}, never {@link #hasPorts()} alone.
 *
 * @param ipVersion 4 or 6 (as soon as the version nibble matches, even for a cut header); 0 when the
 *     quote is empty or carries an unexpected version
 * @param source quoted source address, null when cut off
 * @param destination quoted destination address, null when cut off
 * @param protocol upper-layer protocol (after IPv6 extension headers); -1 when unknown
 * @param headerLength IPv4 header length, or 40 + IPv6 extension headers; -1 when unknown
 * @param declaredTotalLength the original datagram's total length (IPv6: 40 + payload length); -1
 * @param ipIdentification IPv4 identification (0-65535); -1 absent (and for IPv6)
 * @param ttl TTL / hop limit as quoted (what was left when the datagram died); -1
 * @param nonFirstFragment whether the quoted datagram is a fragment with offset != 0 (no ports)
 * @param fragmentIdentification IPv6 fragment header identification (unsigned 32 bits); -1 absent
 * @param sourcePort TCP/UDP/SCTP/UDP-Lite/DCCP source port (read from 4 transport bytes on); -1 absent
 * @param destinationPort -1 absent
 * @param tcpSequence TCP sequence number (unsigned); -1 absent
 * @param udpLength UDP length field; -1 absent
 * @param udpChecksum UDP checksum field; -1 absent
 * @param icmpType inner ICMP/ICMPv6 type; -1 absent
 * @param icmpCode inner ICMP/ICMPv6 code; -1 absent
 * @param echoIdentifier inner echo (and timestamp/info/address-mask) identifier; -1 absent
 * @param echoSequence inner sequence number; -1 absent
 * @param transportOffset offset of the transport header in {@link #raw}; -1 when unknown
 * @param raw the quote bytes as received (at most 65535 bytes kept)
 */
public record QuotedDatagram(
    int ipVersion,
    InetAddress source,
    InetAddress destination,
    int protocol,
    int headerLength,
    int declaredTotalLength,
    int ipIdentification,
    int ttl,
    boolean nonFirstFragment,
    long fragmentIdentification,
    int sourcePort,
    int destinationPort,
    long tcpSequence,
    int udpLength,
    int udpChecksum,
    int icmpType,
    int icmpCode,
    int echoIdentifier,
    int echoSequence,
    int transportOffset,
    Octets raw) {

  /** RFC 1812 4.3.2.3: an ICMPv4 error should not exceed 576 bytes, so neither can its quote. */
  public static final int MAX_QUOTED_V4 = 576;
  /** Longest quote accepted: an ICMP payload cannot exceed 65535 - 8 (Suricata's guard, row 32). */
  public static final int MAX_QUOTE = 65535;

  public QuotedDatagram {
    if (raw == null) {
      throw new IllegalArgumentException("raw must not be null (use Octets.EMPTY)");
    }
  }

  /** Whether transport ports were read. */
  public boolean hasPorts() {
    return sourcePort >= 0 && destinationPort >= 0;
  }

  /**
   * Whether the quote identifies a flow: both addresses, the protocol, and for port-based
   * protocols the ports, for ICMP the type (and for echo-like types the identifier). Only such a
   * quote may be associated with a probe or flow (row 25: no tuple, no association).
   */
  public boolean hasTuple() {
    if (source == null || destination == null || protocol < 0 || nonFirstFragment) {
      return false;
    }
    if (hasPortsProtocol(protocol)) {
      // row 28: ports read from a transport header cut below 8 bytes do not make a tuple
      return hasPorts() && transportOffset >= 0 && raw.length() - transportOffset >= 8;
    }
    if (protocol == 1 || protocol == 58) {
      return icmpType >= 0 && (!isEchoLike(protocol, icmpType) || echoIdentifier >= 0);
    }
    return true;
  }

  private static boolean hasPortsProtocol(int p) {
    return p == 6 || p == 17 || p == 33 || p == 132 || p == 136;
  }

  private static boolean isEchoLike(int protocol, int type) {
    if (protocol == 58) {
      return type == 128 || type == 129;
    }
    return switch (type) {
      case 0, 8, 13, 14, 15, 16, 17, 18 -> true;
      default -> false;
    };
  }

  /**
   * Reads a quote. {@code expectedIpVersion} is the version of the ICMP carrying it (4 for
   * ICMPv4, 6 for ICMPv6); 0 accepts either (taken from the version nibble). Never throws.
   */
  public static QuotedDatagram parse(MemorySegment quote, int expectedIpVersion, AnomalySink sink) {
    long size = quote == null ? 0 : quote.byteSize();
    if (size > MAX_QUOTE) {
      // row 32: longer than any ICMP payload can be: length sanity, read nothing
      sink.flag(Anomaly.ICMP_QUOTE_TOO_LONG);
      return new Builder(Octets.copyOf(quote, 0, MAX_QUOTE)).build();
    }
    Builder b = new Builder(size == 0 ? Octets.EMPTY : Octets.copyOf(quote));
    if (size == 0) {
      sink.flag(Anomaly.ICMP_QUOTE_TRUNCATED);
      return b.build();
    }
    MemorySegment q = b.raw.asSegment();
    int nibble = Bytes.u8(q, 0) >>> 4;
    int version = expectedIpVersion == 0 ? nibble : expectedIpVersion;
    if (version == 4) {
      parseV4(q, (int) size, b, sink);
    } else if (version == 6) {
      parseV6(q, (int) size, b, sink);
    } else {
      sink.flag(Anomaly.ICMP_QUOTE_UNKNOWN_VERSION);
    }
    return b.build();
  }

  /** {@link #parse(MemorySegment, int, AnomalySink)} ignoring anomalies. */
  public static QuotedDatagram parse(MemorySegment quote, int expectedIpVersion) {
    return parse(quote, expectedIpVersion, AnomalySink.IGNORE);
  }

  private static void parseV4(MemorySegment q, int size, Builder b, AnomalySink sink) {
    if (Bytes.u8(q, 0) >>> 4 != 4) {
      sink.flag(size < Ipv4Packet.MIN_HEADER_LENGTH ? Anomaly.ICMP_QUOTE_TRUNCATED
          : Anomaly.ICMP_QUOTE_UNKNOWN_VERSION); // row 26
      return;
    }
    if (size < Ipv4Packet.MIN_HEADER_LENGTH) {
      // row 25: flagged and never a tuple, but the header fields that are there are shown (as tshark does)
      sink.flag(Anomaly.ICMP_QUOTE_TRUNCATED);
      b.ipVersion = 4;
      if (size >= 10) {
        b.protocol = Bytes.u8(q, 9);
      }
      if (size >= 16) {
        b.source = Ipv4Packet.toAddress(Bytes.i32(q, 12));
      }
      return;
    }
    b.ipVersion = 4;
    int hl = (Bytes.u8(q, 0) & 0x0F) * 4;
    b.declaredTotalLength = Bytes.u16(q, 2);
    b.ipIdentification = Bytes.u16(q, 4);
    int fragWord = Bytes.u16(q, 6);
    b.ttl = Bytes.u8(q, 8);
    b.protocol = Bytes.u8(q, 9);
    b.source = Ipv4Packet.toAddress(Bytes.i32(q, 12));
    b.destination = Ipv4Packet.toAddress(Bytes.i32(q, 16));
    if (b.declaredTotalLength > MAX_QUOTED_V4) {
      sink.flag(Anomaly.ICMP_QUOTE_TOO_LONG); // row 29, Snort 116:254 (the quoted ip_len)
    }
    if (hl < Ipv4Packet.MIN_HEADER_LENGTH || hl > size) {
      sink.flag(Anomaly.ICMP_QUOTE_BAD_HLEN); // row 27: no ports
      return;
    }
    b.headerLength = hl;
    if ((fragWord & 0x1FFF) != 0) {
      b.nonFirstFragment = true;
      sink.flag(Anomaly.ICMP_QUOTE_FRAGMENT); // row 30: the bytes after the header are not ports
      return;
    }
    transport(q, hl, size, b, 4, sink);
  }

  private static void parseV6(MemorySegment q, int size, Builder b, AnomalySink sink) {
    if (Bytes.u8(q, 0) >>> 4 != 6) {
      sink.flag(size < Ipv6Packet.HEADER_LENGTH ? Anomaly.ICMP_QUOTE_TRUNCATED : Anomaly.ICMP_QUOTE_UNKNOWN_VERSION);
      return;
    }
    if (size < Ipv6Packet.HEADER_LENGTH) {
      // row 25 for IPv6: flagged, never a tuple; show what is there. The Next Header is the upper
      // layer only when it names no extension header (a chain cannot be walked without the header).
      sink.flag(Anomaly.ICMP_QUOTE_TRUNCATED);
      b.ipVersion = 6;
      if (size >= 7 && !Ipv6ExtensionWalk.isExtensionHeader(Bytes.u8(q, 6))) {
        b.protocol = Bytes.u8(q, 6);
      }
      if (size >= 24) {
        b.source = Ipv6Packet.toAddress(q, 8);
      }
      return;
    }
    b.ipVersion = 6;
    b.declaredTotalLength = Ipv6Packet.HEADER_LENGTH + Bytes.u16(q, 4);
    b.ttl = Bytes.u8(q, 7);
    b.source = Ipv6Packet.toAddress(q, 8);
    b.destination = Ipv6Packet.toAddress(q, 24);
    Ipv6ExtensionWalk w = new Ipv6ExtensionWalk();
    // the quote is usually cut short, so walk what is there, not what the payload length says
    w.walk(q, Ipv6Packet.HEADER_LENGTH, size, Bytes.u8(q, 6), AnomalySink.IGNORE);
    if (w.isFragment()) {
      b.fragmentIdentification = w.fragmentIdentification();
    }
    if (w.upperLayerProtocol() < 0) {
      sink.flag(Anomaly.ICMP_QUOTE_BAD_HLEN); // extension headers cut off: no upper layer
      return;
    }
    b.protocol = w.upperLayerProtocol();
    b.headerLength = w.upperLayerOffset();
    if (w.isNonFirstFragment()) {
      b.nonFirstFragment = true;
      sink.flag(Anomaly.ICMP_QUOTE_FRAGMENT);
      return;
    }
    transport(q, w.upperLayerOffset(), size, b, 6, sink);
  }

  private static void transport(MemorySegment q, int off, int size, Builder b, int v, AnomalySink sink) {
    int have = size - off;
    int p = b.protocol;
    boolean icmp = (v == 4 && p == 1) || (v == 6 && p == 58);
    if (!icmp && !hasPortsProtocol(p)) {
      if (have >= 0) {
        b.transportOffset = off;
      }
      return; // nothing we know how to read
    }
    b.transportOffset = off;
    if (have < 8) {
      // row 28: flagged and no flow association (hasTuple), but the fields that are there are read:
      // type/code from 2 bytes, ports from 4 (tshark shows them too)
      sink.flag(Anomaly.ICMP_QUOTE_PORTS_MISSING);
      if (icmp && have >= 2) {
        b.icmpType = Bytes.u8(q, off);
        b.icmpCode = Bytes.u8(q, off + 1);
      } else if (!icmp && have >= 4) {
        b.sourcePort = Bytes.u16(q, off);
        b.destinationPort = Bytes.u16(q, off + 2);
      }
      return;
    }
    if (icmp) {
      b.icmpType = Bytes.u8(q, off);
      b.icmpCode = Bytes.u8(q, off + 1);
      if (isEchoLike(p, b.icmpType)) {
        b.echoIdentifier = Bytes.u16(q, off + 4);
        b.echoSequence = Bytes.u16(q, off + 6);
      }
      return;
    }
    b.sourcePort = Bytes.u16(q, off);
    b.destinationPort = Bytes.u16(q, off + 2);
    if (p == 6) {
      b.tcpSequence = Bytes.u32(q, off + 4);
    } else if (p == 17 || p == 136) {
      b.udpLength = Bytes.u16(q, off + 4);
      b.udpChecksum = Bytes.u16(q, off + 6);
    }
  }

  /** Mutable accumulator; every field starts as "absent". */
  private static final class Builder {
    final Octets raw;
    int ipVersion;
    InetAddress source;
    InetAddress destination;
    int protocol = -1;
    int headerLength = -1;
    int declaredTotalLength = -1;
    int ipIdentification = -1;
    int ttl = -1;
    boolean nonFirstFragment;
    long fragmentIdentification = -1;
    int sourcePort = -1;
    int destinationPort = -1;
    long tcpSequence = -1;
    int udpLength = -1;
    int udpChecksum = -1;
    int icmpType = -1;
    int icmpCode = -1;
    int echoIdentifier = -1;
    int echoSequence = -1;
    int transportOffset = -1;

    Builder(Octets raw) {
      this.raw = raw;
    }

    QuotedDatagram build() {
      return new QuotedDatagram(ipVersion, source, destination, protocol, headerLength, declaredTotalLength,
          ipIdentification, ttl, nonFirstFragment, fragmentIdentification, sourcePort, destinationPort, tcpSequence, udpLength,
          udpChecksum, icmpType, icmpCode, echoIdentifier, echoSequence, transportOffset, raw);
    }
  }
}
