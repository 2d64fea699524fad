package io.icmpkit.wire.icmpv4;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.QuotedDatagram;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.InterfaceIdentification;
import io.icmpkit.wire.print.Describable;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * An ICMPv4 message as an immutable value: one record per message of RFC 792 and its updates, and
 * {@link Unknown} for every other type (and for known types too short for their fixed part), which
 * keeps all bytes.
 *
 * <p>Contract (smoltcp's {@code Repr}): after {@link #parse} succeeds, {@link #emit} into a buffer of
 * exactly {@link #bufferLength()} bytes never fails and, for well-formed input with a valid
 * checksum, gives back the same bytes; {@code parse(emit(x))} equals {@code x}. Every record keeps
 * the code it was received with, so unusual codes survive a round trip (they are flagged as
 * {@link io.icmpkit.wire.Anomaly#ICMP_UNKNOWN_CODE}). Reserved and unused bytes are not kept: they
 * are emitted as zero.
 *
 * <pre>{@code
 * Icmpv4Message m = Icmpv4Message.parse(Icmpv4Packet.checked(seg), ChecksumPolicy.VERIFY);
 * switch (m) {
 *   case Icmpv4Message.EchoReply r -> ...;
 *   case Icmpv4Message.ErrorMessage e -> e.originalDatagram();
 *   default -> ...;
 * }
 * }</pre>
 */
public sealed interface Icmpv4Message extends Describable {
  int type();

  int code();

  /**
   * Decodes a message; {@link ChecksumPolicy#VERIFY} rejects a bad checksum with {@code BAD_CHECKSUM},
   * the other policies do not look at it. No anomalies are reported; see the 3-argument overload.
   */
  static Icmpv4Message parse(Icmpv4Packet packet, ChecksumPolicy policy) {
    return Icmpv4Codec.parse(packet, policy, AnomalySink.IGNORE);
  }

  /**
   * Decodes a message and reports anomalies: ICMP_UNKNOWN_TYPE (no record for the type),
   * ICMP_UNKNOWN_CODE, ICMP_TRUNCATED (timestamp shorter than 20 bytes, address mask shorter than
   * 12: returned as {@link Unknown}), ICMP_ROUTERADVERT_TRUNCATED, ICMP_PMTU_DOS (frag-needed with a
   * next-hop MTU below 576), ICMP_EXT_BAD (malformed RFC 4884 structure, kept as raw bytes of the
   * original datagram) and ICMP_BAD_CHECKSUM. The checksum is checked under {@code VERIFY} (flagged,
   * then rejected) and, when {@code sink} is not {@link AnomalySink#IGNORE}, under {@code IGNORE} and
   * {@code FILL} too (flagged only: what an analyser wants); never under {@code KERNEL}.
   */
  static Icmpv4Message parse(Icmpv4Packet packet, ChecksumPolicy policy, AnomalySink sink) {
    return Icmpv4Codec.parse(packet, policy, sink);
  }

  /** The exact number of bytes {@link #emit} writes. */
  default int bufferLength() {
    return Icmpv4Codec.bufferLength(this);
  }

  /**
   * Writes the message at the start of {@code dst}. The checksum is computed under VERIFY and FILL,
   * zero under IGNORE and KERNEL.
   *
   * @throws io.icmpkit.wire.WireException BUFFER_TOO_SMALL when {@code dst} is shorter than
   *     {@link #bufferLength()}; UNENCODABLE when an error message with extensions quotes more than
   *     1020 bytes
   */
  default void emit(MemorySegment dst, ChecksumPolicy policy) {
    Icmpv4Codec.emit(this, dst, policy);
  }

  @Override
  default String summary() {
    return Icmpv4Codec.summary(this);
  }

  @Override
  default void describe(FieldTree tree) {
    Icmpv4Codec.describe(this, tree);
  }

  /** Messages that quote the datagram that caused them (types 3, 4, 5, 11, 12). */
  sealed interface ErrorMessage extends Icmpv4Message
      permits DestinationUnreachable, SourceQuench, Redirect, TimeExceeded, ParameterProblem {
    /** The quoted IP header and leading data of the datagram in error, as received. */
    Octets originalDatagram();

    /**
     * The quote decoded (addresses, protocol, ports, inner echo identifier...), expecting IPv4; see
     * {@link QuotedDatagram} for what is unset when the quote is short. Parses on every call.
     */
    default QuotedDatagram quoted() {
      return QuotedDatagram.parse(originalDatagram().asSegment(), 4);
    }

    /** {@link #quoted()} reporting BAD-INPUTS rows 25-30 anomalies to {@code sink}. */
    default QuotedDatagram quoted(AnomalySink sink) {
      return QuotedDatagram.parse(originalDatagram().asSegment(), 4, sink);
    }
  }

  private static void u8(String what, int v) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException(what + " out of range 0..255: " + v);
    }
  }

  private static void u16(String what, int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException(what + " out of range 0..65535: " + v);
    }
  }

  private static void u32(String what, long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " out of range 0..2^32-1: " + v);
    }
  }

  /** Echo request (type 8, RFC 792). */
  record EchoRequest(int code, int identifier, int sequence, Octets data) implements Icmpv4Message {
    public EchoRequest {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
      Objects.requireNonNull(data, "data");
    }

    public EchoRequest(int identifier, int sequence, Octets data) {
      this(0, identifier, sequence, data);
    }

    @Override
    public int type() {
      return 8;
    }
  }

  /** Echo reply (type 0, RFC 792). */
  record EchoReply(int code, int identifier, int sequence, Octets data) implements Icmpv4Message {
    public EchoReply {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
      Objects.requireNonNull(data, "data");
    }

    public EchoReply(int identifier, int sequence, Octets data) {
      this(0, identifier, sequence, data);
    }

    @Override
    public int type() {
      return 0;
    }
  }

  /**
   * Destination unreachable (type 3, RFC 792; codes 0-15 per RFC 1122/1812).
   *
   * @param nextHopMtu bytes 6-7: the next-hop MTU for code 4 (RFC 1191); unused (0) for other codes
   * @param extensions RFC 4884 extensions, or null
   */
  record DestinationUnreachable(int code, int nextHopMtu, Octets originalDatagram, IcmpExtensions extensions)
      implements ErrorMessage {
    public DestinationUnreachable {
      u8("code", code);
      u16("nextHopMtu", nextHopMtu);
      Objects.requireNonNull(originalDatagram, "originalDatagram");
    }

    public DestinationUnreachable(int code, Octets originalDatagram) {
      this(code, 0, originalDatagram, null);
    }

    @Override
    public int type() {
      return 3;
    }
  }

  /** Source quench (type 4, deprecated by RFC 6633; still seen in captures). */
  record SourceQuench(int code, Octets originalDatagram) implements ErrorMessage {
    public SourceQuench {
      u8("code", code);
      Objects.requireNonNull(originalDatagram, "originalDatagram");
    }

    @Override
    public int type() {
      return 4;
    }
  }

  /** Redirect (type 5, RFC 792; codes 0-3). */
  record Redirect(int code, Inet4Address gateway, Octets originalDatagram) implements ErrorMessage {
    public Redirect {
      u8("code", code);
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(originalDatagram, "originalDatagram");
    }

    @Override
    public int type() {
      return 5;
    }
  }

  /** One router advertisement entry (RFC 1256 section 3): address and signed preference level. */
  record RouterEntry(Inet4Address address, int preference) {
    public RouterEntry {
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * Router advertisement (type 9, RFC 1256): address entry size 2.
   *
   * @param lifetime seconds
   * @param trailer bytes after the entries (e.g. RFC 5944 mobility agent extensions), as received
   */
  record RouterAdvertisement(int code, int lifetime, List<RouterEntry> entries, Octets trailer)
      implements Icmpv4Message {
    public RouterAdvertisement {
      u8("code", code);
      u16("lifetime", lifetime);
      entries = List.copyOf(entries);
      if (entries.size() > 255) {
        throw new IllegalArgumentException("at most 255 entries: " + entries.size());
      }
      Objects.requireNonNull(trailer, "trailer");
    }

    @Override
    public int type() {
      return 9;
    }
  }

  /** Router solicitation (type 10, RFC 1256). */
  record RouterSolicitation(int code) implements Icmpv4Message {
    public RouterSolicitation {
      u8("code", code);
    }

    @Override
    public int type() {
      return 10;
    }
  }

  /** Time exceeded (type 11, RFC 792; code 0 TTL in transit, 1 reassembly). */
  record TimeExceeded(int code, Octets originalDatagram, IcmpExtensions extensions) implements ErrorMessage {
    public TimeExceeded {
      u8("code", code);
      Objects.requireNonNull(originalDatagram, "originalDatagram");
    }

    @Override
    public int type() {
      return 11;
    }
  }

  /** Parameter problem (type 12, RFC 792; codes 0-2). */
  record ParameterProblem(int code, int pointer, Octets originalDatagram, IcmpExtensions extensions)
      implements ErrorMessage {
    public ParameterProblem {
      u8("code", code);
      u8("pointer", pointer);
      Objects.requireNonNull(originalDatagram, "originalDatagram");
    }

    @Override
    public int type() {
      return 12;
    }
  }

  /** Timestamp (type 13, RFC 792): times in milliseconds since midnight UT. */
  record Timestamp(int code, int identifier, int sequence, long originate, long receive, long transmit)
      implements Icmpv4Message {
    public Timestamp {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
      u32("originate", originate);
      u32("receive", receive);
      u32("transmit", transmit);
    }

    @Override
    public int type() {
      return 13;
    }
  }

  /** Timestamp reply (type 14, RFC 792). */
  record TimestampReply(int code, int identifier, int sequence, long originate, long receive, long transmit)
      implements Icmpv4Message {
    public TimestampReply {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
      u32("originate", originate);
      u32("receive", receive);
      u32("transmit", transmit);
    }

    @Override
    public int type() {
      return 14;
    }
  }

  /** Information request (type 15, RFC 792, deprecated by RFC 6918). */
  record InformationRequest(int code, int identifier, int sequence) implements Icmpv4Message {
    public InformationRequest {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
    }

    @Override
    public int type() {
      return 15;
    }
  }

  /** Information reply (type 16, RFC 792, deprecated by RFC 6918). */
  record InformationReply(int code, int identifier, int sequence) implements Icmpv4Message {
    public InformationReply {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
    }

    @Override
    public int type() {
      return 16;
    }
  }

  /** Address mask request (type 17, RFC 950, deprecated by RFC 6918). */
  record AddressMaskRequest(int code, int identifier, int sequence, Inet4Address mask) implements Icmpv4Message {
    public AddressMaskRequest {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
      Objects.requireNonNull(mask, "mask");
    }

    @Override
    public int type() {
      return 17;
    }
  }

  /** Address mask reply (type 18, RFC 950, deprecated by RFC 6918). */
  record AddressMaskReply(int code, int identifier, int sequence, Inet4Address mask) implements Icmpv4Message {
    public AddressMaskReply {
      u8("code", code);
      u16("identifier", identifier);
      u16("sequence", sequence);
      Objects.requireNonNull(mask, "mask");
    }

    @Override
    public int type() {
      return 18;
    }
  }

  /**
   * Extended echo request (type 42, RFC 8335 section 2): an 8-bit sequence number, the L bit (probed
   * interface is the proxy's own) and one interface identification object in an RFC 4884 structure.
   */
  record ExtendedEchoRequest(int code, int identifier, int sequence, boolean local, InterfaceIdentification query)
      implements Icmpv4Message {
    public ExtendedEchoRequest {
      u8("code", code);
      u16("identifier", identifier);
      u8("sequence", sequence);
      Objects.requireNonNull(query, "query");
    }

    public ExtendedEchoRequest(int identifier, int sequence, boolean local, InterfaceIdentification query) {
      this(0, identifier, sequence, local, query);
    }

    @Override
    public int type() {
      return 42;
    }
  }

  /**
   * Extended echo reply (type 43, RFC 8335 section 3; codes 0-4).
   *
   * @param state 3-bit neighbour state (0 reserved, 1 incomplete, 2 reachable, 3 stale, 4 delay, 5 probe, 6 failed)
   * @param active the A bit
   * @param ipv4 the 4 bit (IPv4 running on the interface)
   * @param ipv6 the 6 bit (IPv6 running)
   */
  record ExtendedEchoReply(int code, int identifier, int sequence, int state, boolean active, boolean ipv4,
      boolean ipv6) implements Icmpv4Message {
    public ExtendedEchoReply {
      u8("code", code);
      u16("identifier", identifier);
      u8("sequence", sequence);
      if (state < 0 || state > 7) {
        throw new IllegalArgumentException("state must fit 3 bits: " + state);
      }
    }

    @Override
    public int type() {
      return 43;
    }
  }

  /**
   * Any other message, kept whole: the type and code, the 4 rest-of-header bytes and the body.
   * Also what a known type becomes when it is too short for its fixed part.
   */
  record Unknown(int type, int code, Octets restOfHeader, Octets body) implements Icmpv4Message {
    public Unknown {
      u8("type", type);
      u8("code", code);
      if (restOfHeader.length() != 4) {
        throw new IllegalArgumentException("rest of header must be 4 bytes: " + restOfHeader.length());
      }
      Objects.requireNonNull(body, "body");
    }
  }
}
