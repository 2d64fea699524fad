package io.icmpkit.wire.icmpv6;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.iana.Icmpv6Types;
import io.icmpkit.wire.print.Describable;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;

/**
 * An ICMPv6 message as an immutable value: one record per message kind, {@link Unknown} for
 * anything else (raw bytes kept).
 *
 * <p>Contract (smoltcp style): after {@link #parse} succeeds, {@link #emit} into a buffer of
 * exactly {@link #bufferLength()} bytes never fails and, for valid input, reproduces the bytes;
 * {@code parse(emit(x))} equals {@code x}.
 *
 * <p>The ICMPv6 checksum covers the IPv6 pseudo-header (RFC 4443 section 2.3), so parse and emit
 * take the IPv6 source and destination: parse as 16-byte segments (straight from the IPv6 header,
 * no copy), emit as {@link Inet6Address}es. They may be null only when the policy does not touch
 * the checksum ({@link ChecksumPolicy#IGNORE}, {@link ChecksumPolicy#KERNEL}; also
 * {@link ChecksumPolicy#FILL} on parse).
 */
public sealed interface Icmpv6Message extends Describable {

  /** The ICMPv6 type number. */
  int type();

  /** The ICMPv6 code. */
  int code();

  /** The number of bytes {@link #emit} writes. */
  int bufferLength();

  /**
   * Writes the message at the start of {@code buf}.
   *
   * @param source IPv6 source, for the checksum; may be null unless the policy fills it
   * @param destination IPv6 destination, likewise
   * @throws WireException BUFFER_TOO_SMALL when {@code buf} is shorter than {@link #bufferLength()}
   */
  default void emit(MemorySegment buf, Inet6Address source, Inet6Address destination, ChecksumPolicy policy) {
    Icmpv6Codec.emit(this, buf, source, destination, policy);
  }

  /** {@link #emit(MemorySegment, Inet6Address, Inet6Address, ChecksumPolicy)} without addresses: IGNORE or KERNEL only. */
  default void emit(MemorySegment buf, ChecksumPolicy policy) {
    emit(buf, null, null, policy);
  }

  /** The summary of a message that does not print more than its type and code. */
  @Override
  default String summary() {
    return Icmpv6Codec.typeAndCode(type(), code());
  }

  /**
   * Parses a checked view. Anomalies (unknown type/code, PMTU DoS, truncated parts, ND option
   * trouble) go to {@code sink}; a message whose fixed part is cut short becomes {@link Unknown}.
   *
   * @param src16 IPv6 source address (16 bytes), needed only when {@code policy} verifies
   * @param dst16 IPv6 destination address (16 bytes), likewise
   * @throws WireException BAD_CHECKSUM under VERIFY; MALFORMED for an ND option of length 0
   */
  static Icmpv6Message parse(Icmpv6Packet packet, MemorySegment src16, MemorySegment dst16,
      ChecksumPolicy policy, AnomalySink sink) {
    return Icmpv6Codec.parse(packet, src16, dst16, policy, sink);
  }

  /** {@link #parse(Icmpv6Packet, MemorySegment, MemorySegment, ChecksumPolicy, AnomalySink)} with addresses. */
  static Icmpv6Message parse(Icmpv6Packet packet, Inet6Address source, Inet6Address destination,
      ChecksumPolicy policy, AnomalySink sink) {
    return parse(packet, source == null ? null : Ip6.segment(source),
        destination == null ? null : Ip6.segment(destination), policy, sink);
  }

  /** Parses without addresses (policy IGNORE, FILL or KERNEL) and without anomaly reports. */
  static Icmpv6Message parse(Icmpv6Packet packet, ChecksumPolicy policy) {
    return parse(packet, (MemorySegment) null, null, policy, AnomalySink.IGNORE);
  }

  /** An error message: carries as much of the invoking packet as fits (RFC 4443 section 2.4 (c)). */
  sealed interface Error extends Icmpv6Message {
    /** The invoking packet's bytes, starting with its IPv6 header (RFC 4884: without padding removed). */
    Octets originalDatagram();
  }

  // ---- error messages (RFC 4443 section 3) -------------------------------------------------

  /**
   * Destination Unreachable (type 1, codes 0-8). {@code extensions} holds the raw RFC 4884
   * extension structure after the original datagram (empty: none; then byte 4 is 0). With
   * extensions the original datagram must be a multiple of 8 bytes, at most 2040.
   */
  record DestinationUnreachable(int code, Octets originalDatagram, Octets extensions) implements Error {
    public DestinationUnreachable {
      Icmpv6Codec.checkU8("code", code);
      Icmpv6Codec.check4884(originalDatagram, extensions);
    }

    public DestinationUnreachable(int code, Octets originalDatagram) {
      this(code, originalDatagram, Octets.EMPTY);
    }

    @Override
    public int type() {
      return Icmpv6Types.DESTINATION_UNREACHABLE;
    }

    @Override
    public int bufferLength() {
      return 8 + originalDatagram.length() + extensions.length();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Length", extensions.isEmpty() ? "0" : (originalDatagram.length() / 8) + " (" + originalDatagram.length() + " bytes)");
      Icmpv6Codec.quote(tree, originalDatagram);
      Icmpv6Codec.raw(tree, "ICMP Multi-Part Extensions", extensions);
    }
  }

  /** Packet Too Big (type 2, RFC 4443 section 3.2): the MTU of the next-hop link. */
  record PacketTooBig(long mtu, Octets originalDatagram) implements Error {
    public PacketTooBig {
      Icmpv6Codec.checkU32("mtu", mtu);
    }

    @Override
    public int type() {
      return Icmpv6Types.PACKET_TOO_BIG;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 8 + originalDatagram.length();
    }

    @Override
    public String summary() {
      return Icmpv6Types.typeName(type());
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("MTU", mtu);
      Icmpv6Codec.quote(tree, originalDatagram);
    }
  }

  /** Time Exceeded (type 3, codes 0-1); RFC 4884 extensions as in {@link DestinationUnreachable}. */
  record TimeExceeded(int code, Octets originalDatagram, Octets extensions) implements Error {
    public TimeExceeded {
      Icmpv6Codec.checkU8("code", code);
      Icmpv6Codec.check4884(originalDatagram, extensions);
    }

    public TimeExceeded(int code, Octets originalDatagram) {
      this(code, originalDatagram, Octets.EMPTY);
    }

    @Override
    public int type() {
      return Icmpv6Types.TIME_EXCEEDED;
    }

    @Override
    public int bufferLength() {
      return 8 + originalDatagram.length() + extensions.length();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Length", extensions.isEmpty() ? "0" : (originalDatagram.length() / 8) + " (" + originalDatagram.length() + " bytes)");
      Icmpv6Codec.quote(tree, originalDatagram);
      Icmpv6Codec.raw(tree, "ICMP Multi-Part Extensions", extensions);
    }
  }

  /** Parameter Problem (type 4, codes 0-10): the pointer is the offset of the offending byte. */
  record ParameterProblem(int code, long pointer, Octets originalDatagram) implements Error {
    public ParameterProblem {
      Icmpv6Codec.checkU8("code", code);
      Icmpv6Codec.checkU32("pointer", pointer);
    }

    @Override
    public int type() {
      return Icmpv6Types.PARAMETER_PROBLEM;
    }

    @Override
    public int bufferLength() {
      return 8 + originalDatagram.length();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Pointer", pointer);
      Icmpv6Codec.quote(tree, originalDatagram);
    }
  }

  // ---- echo (RFC 4443 section 4) -----------------------------------------------------------

  /** Echo Request (type 128, code 0). */
  record EchoRequest(int identifier, int sequence, Octets data) implements Icmpv6Message {
    public EchoRequest {
      Icmpv6Codec.checkU16("identifier", identifier);
      Icmpv6Codec.checkU16("sequence", sequence);
    }

    @Override
    public int type() {
      return Icmpv6Types.ECHO_REQUEST;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 8 + data.length();
    }

    @Override
    public String summary() {
      return Icmpv6Codec.echoSummary(type(), identifier, sequence);
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.echoTree(tree, type(), identifier, sequence, data);
    }
  }

  /** Echo Reply (type 129, code 0). */
  record EchoReply(int identifier, int sequence, Octets data) implements Icmpv6Message {
    public EchoReply {
      Icmpv6Codec.checkU16("identifier", identifier);
      Icmpv6Codec.checkU16("sequence", sequence);
    }

    @Override
    public int type() {
      return Icmpv6Types.ECHO_REPLY;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 8 + data.length();
    }

    @Override
    public String summary() {
      return Icmpv6Codec.echoSummary(type(), identifier, sequence);
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.echoTree(tree, type(), identifier, sequence, data);
    }
  }

  // ---- extended echo (RFC 8335) ------------------------------------------------------------

  /**
   * Extended Echo Request (type 160, code 0, RFC 8335 section 2): identifier, 8-bit sequence
   * number, the L (local) bit, and the ICMP extension structure holding the Interface
   * Identification Object (raw bytes here).
   */
  record ExtendedEchoRequest(int identifier, int sequence, boolean local, Octets extensions)
      implements Icmpv6Message {
    public ExtendedEchoRequest {
      Icmpv6Codec.checkU16("identifier", identifier);
      Icmpv6Codec.checkU8("sequence", sequence);
    }

    @Override
    public int type() {
      return Icmpv6Types.EXTENDED_ECHO_REQUEST;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 8 + extensions.length();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Identifier", Icmpv6Codec.hex16(identifier));
      tree.field("Sequence number", sequence + " (" + Icmpv6Codec.hex8(sequence) + ")");
      tree.field("Local bit", local ? "Set" : "Not set");
      Icmpv6Codec.raw(tree, "ICMP Multi-Part Extensions", extensions);
    }
  }

  /**
   * Extended Echo Reply (type 161, codes 0-4, RFC 8335 section 3): state (3 bits) and the A
   * (active), 4 (IPv4) and 6 (IPv6) bits of the probed interface.
   */
  record ExtendedEchoReply(int code, int identifier, int sequence, int state, boolean active,
      boolean ipv4, boolean ipv6, Octets data) implements Icmpv6Message {
    public ExtendedEchoReply {
      Icmpv6Codec.checkU8("code", code);
      Icmpv6Codec.checkU16("identifier", identifier);
      Icmpv6Codec.checkU8("sequence", sequence);
      if (state < 0 || state > 7) {
        throw new IllegalArgumentException("state out of range 0-7: " + state);
      }
    }

    @Override
    public int type() {
      return Icmpv6Types.EXTENDED_ECHO_REPLY;
    }

    @Override
    public int bufferLength() {
      return 8 + data.length();
    }

    /** RFC 8335 section 3 state names. */
    public String stateName() {
      return switch (state) {
        case 0 -> "Reserved";
        case 1 -> "Incomplete";
        case 2 -> "Reachable";
        case 3 -> "Stale";
        case 4 -> "Delay";
        case 5 -> "Probe";
        case 6 -> "Failed";
        default -> "Unknown";
      };
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Identifier", Icmpv6Codec.hex16(identifier));
      tree.field("Sequence number", sequence + " (" + Icmpv6Codec.hex8(sequence) + ")");
      tree.field("State", stateName() + " (" + state + ")");
      tree.field("Active bit", active ? "Set" : "Not set");
      tree.field("IPv4 bit", ipv4 ? "Set" : "Not set");
      tree.field("IPv6 bit", ipv6 ? "Set" : "Not set");
      Icmpv6Codec.raw(tree, "Data", data);
    }
  }

  // ---- node information (RFC 4620), kept raw -----------------------------------------------

  /** Node Information Query (type 139, codes 0-2 name the subject): qtype, flags, nonce, data. */
  record NodeInformationQuery(int code, int qtype, int flags, long nonce, Octets data) implements Icmpv6Message {
    public NodeInformationQuery {
      Icmpv6Codec.checkU8("code", code);
      Icmpv6Codec.checkU16("qtype", qtype);
      Icmpv6Codec.checkU16("flags", flags);
    }

    @Override
    public int type() {
      return Icmpv6Types.NODE_INFORMATION_QUERY;
    }

    @Override
    public int bufferLength() {
      return 16 + data.length();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.nodeInfoTree(tree, type(), code, qtype, flags, nonce, data);
    }
  }

  /** Node Information Reply (type 140, codes 0-2): qtype, flags, nonce, data. */
  record NodeInformationReply(int code, int qtype, int flags, long nonce, Octets data) implements Icmpv6Message {
    public NodeInformationReply {
      Icmpv6Codec.checkU8("code", code);
      Icmpv6Codec.checkU16("qtype", qtype);
      Icmpv6Codec.checkU16("flags", flags);
    }

    @Override
    public int type() {
      return Icmpv6Types.NODE_INFORMATION_REPLY;
    }

    @Override
    public int bufferLength() {
      return 16 + data.length();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.nodeInfoTree(tree, type(), code, qtype, flags, nonce, data);
    }
  }

  // ---- anything else -----------------------------------------------------------------------

  /**
   * Any other message, or a known one whose fixed part is cut short or whose code is invalid for
   * an echo: type, code and every byte after the checksum ({@code body}, which starts with the
   * 4-byte rest of header when the message has 8 bytes or more).
   */
  record Unknown(int type, int code, Octets body) implements Icmpv6Message {
    public Unknown {
      Icmpv6Codec.checkU8("type", type);
      Icmpv6Codec.checkU8("code", code);
    }

    /** Bytes 4-7 as one unsigned value (0 when the message is shorter than 8 bytes). */
    public long rest() {
      if (body.length() < 4) {
        return 0;
      }
      return ((long) body.get(0) << 24) | (body.get(1) << 16) | (body.get(2) << 8) | body.get(3);
    }

    @Override
    public int bufferLength() {
      return 4 + body.length();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type, code);
      Icmpv6Codec.raw(tree, "Data", body);
    }
  }
}
