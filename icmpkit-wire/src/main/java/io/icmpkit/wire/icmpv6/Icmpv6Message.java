package io.icmpkit.wire.icmpv6;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.QuotedDatagram;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.InterfaceIdentification;
import io.icmpkit.wire.iana.Icmpv6Types;
import io.icmpkit.wire.print.Describable;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.util.List;

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

  /**
   * BAD-INPUTS row 45 (Suricata 2200102): MLD messages (RFC 2710 section 3, RFC 3810 section 5)
   * are sent with hop limit 1; anything else is flagged {@link io.icmpkit.wire.Anomaly#MLD_HOP_LIMIT}.
   * The hop limit lives in the IPv6 header, so the dissector calls this with it.
   *
   * @return whether the hop limit is acceptable (always true for non-MLD types)
   */
  static boolean checkMldHopLimit(int icmpType, int hopLimit, AnomalySink sink) {
    boolean mld = icmpType == Icmpv6Types.MLD_QUERY || icmpType == Icmpv6Types.MLD_REPORT
        || icmpType == Icmpv6Types.MLD_DONE || icmpType == Icmpv6Types.MLDV2_REPORT;
    if (mld && hopLimit != 1) {
      sink.flag(io.icmpkit.wire.Anomaly.MLD_HOP_LIMIT);
      return false;
    }
    return true;
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
    /** The invoking packet's bytes, starting with its IPv6 header (with RFC 4884 zero padding, if any). */
    Octets originalDatagram();

    /**
     * The flow fields of the quoted datagram (IPv6 header, extension headers, ports / inner echo
     * id); see {@link QuotedDatagram} for what stays unset when the quote is short. Parses on every call.
     */
    default QuotedDatagram quoted() {
      return QuotedDatagram.parse(originalDatagram().asSegment(), 6);
    }

    /** {@link #quoted()} reporting the quote's anomalies (BAD-INPUTS rows 25-30) to {@code sink}. */
    default QuotedDatagram quoted(AnomalySink sink) {
      return QuotedDatagram.parse(originalDatagram().asSegment(), 6, sink);
    }
  }

  // ---- error messages (RFC 4443 section 3) -------------------------------------------------

  /**
   * Destination Unreachable (type 1, codes 0-8). {@code extensions}: the RFC 4884 extension
   * structure after the original datagram, or null (then byte 4, the length attribute, is 0). With
   * extensions the original datagram must be 128-2040 bytes in whole 8-byte words (RFC 4884
   * section 4.5: the sender zero-pads it), so that parse(emit(x)) equals x.
   */
  record DestinationUnreachable(int code, Octets originalDatagram, IcmpExtensions extensions) implements Error {
    public DestinationUnreachable {
      Icmpv6Codec.checkU8("code", code);
      java.util.Objects.requireNonNull(originalDatagram, "originalDatagram");
      Icmpv6Codec.check4884(originalDatagram, extensions);
    }

    public DestinationUnreachable(int code, Octets originalDatagram) {
      this(code, originalDatagram, null);
    }

    @Override
    public int type() {
      return Icmpv6Types.DESTINATION_UNREACHABLE;
    }

    @Override
    public int bufferLength() {
      return 8 + originalDatagram.length() + (extensions == null ? 0 : extensions.bufferLength());
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      Icmpv6Codec.multipart(tree, originalDatagram, extensions);
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

  /** Time Exceeded (type 3, codes 0-1); RFC 4884 extensions (or null) as in {@link DestinationUnreachable}. */
  record TimeExceeded(int code, Octets originalDatagram, IcmpExtensions extensions) implements Error {
    public TimeExceeded {
      Icmpv6Codec.checkU8("code", code);
      java.util.Objects.requireNonNull(originalDatagram, "originalDatagram");
      Icmpv6Codec.check4884(originalDatagram, extensions);
    }

    public TimeExceeded(int code, Octets originalDatagram) {
      this(code, originalDatagram, null);
    }

    @Override
    public int type() {
      return Icmpv6Types.TIME_EXCEEDED;
    }

    @Override
    public int bufferLength() {
      return 8 + originalDatagram.length() + (extensions == null ? 0 : extensions.bufferLength());
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      Icmpv6Codec.multipart(tree, originalDatagram, extensions);
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
   * number, the L (local) bit, and the interface to probe: one Interface Identification Object in
   * an RFC 4884 extension structure (emitted with its checksum computed).
   */
  record ExtendedEchoRequest(int identifier, int sequence, boolean local, InterfaceIdentification query)
      implements Icmpv6Message {
    public ExtendedEchoRequest {
      Icmpv6Codec.checkU16("identifier", identifier);
      Icmpv6Codec.checkU8("sequence", sequence);
      java.util.Objects.requireNonNull(query, "query");
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
      return 8 + IcmpExtensions.HEADER_LENGTH + query.bufferLength();
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Identifier", Icmpv6Codec.hex16(identifier));
      tree.field("Sequence number", sequence + " (" + Icmpv6Codec.hex8(sequence) + ")");
      tree.field("Local bit", local ? "Set" : "Not set");
      FieldTree e = tree.child("ICMP Multi-Part Extensions");
      e.field("Version", IcmpExtensions.VERSION);
      query.describe(e);
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

  // ---- neighbor discovery (RFC 4861 section 4) ---------------------------------------------

  /** Router Solicitation (type 133, RFC 4861 section 4.1). */
  record RouterSolicitation(List<NdpOption> options) implements Icmpv6Message {
    public RouterSolicitation {
      options = List.copyOf(options);
    }

    @Override
    public int type() {
      return Icmpv6Types.ROUTER_SOLICITATION;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 8 + NdpOption.lengthOf(options);
    }

    @Override
    public String summary() {
      return Icmpv6Codec.withLinkLayer("Router Solicitation", " from ", options, NdpOption.SOURCE_LINK_LAYER_ADDRESS);
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Reserved", "00000000");
      options.forEach(o -> o.describe(tree));
    }
  }

  /**
   * Router Advertisement (type 134, RFC 4861 section 4.2). {@code flags} holds the six flag bits
   * after M and O: H (home agent, RFC 6275), Prf (default router preference, RFC 4191), P (proxy,
   * RFC 4389) and two reserved bits, in their wire positions (mask 0x3F).
   */
  record RouterAdvertisement(int curHopLimit, boolean managed, boolean otherConfig, int flags,
      int routerLifetime, long reachableTime, long retransTimer, List<NdpOption> options) implements Icmpv6Message {
    public RouterAdvertisement {
      Icmpv6Codec.checkU8("cur hop limit", curHopLimit);
      if (flags < 0 || flags > 0x3F) {
        throw new IllegalArgumentException("flags are the 6 bits after M and O: " + flags);
      }
      Icmpv6Codec.checkU16("router lifetime", routerLifetime);
      Icmpv6Codec.checkU32("reachable time", reachableTime);
      Icmpv6Codec.checkU32("retrans timer", retransTimer);
      options = List.copyOf(options);
    }

    /** H: the router is a Mobile IPv6 home agent (RFC 6275 section 7.1). */
    public boolean homeAgent() {
      return (flags & 0x20) != 0;
    }

    /** Prf: default router preference (RFC 4191 section 2.2): 0 medium, 1 high, 3 low. */
    public int preference() {
      return (flags >> 3) & 3;
    }

    /** P: proxied (RFC 4389 section 4.1.3.3). */
    public boolean proxy() {
      return (flags & 0x04) != 0;
    }

    @Override
    public int type() {
      return Icmpv6Types.ROUTER_ADVERTISEMENT;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 16 + NdpOption.lengthOf(options);
    }

    @Override
    public String summary() {
      return Icmpv6Codec.withLinkLayer("Router Advertisement", " from ", options, NdpOption.SOURCE_LINK_LAYER_ADDRESS);
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Cur hop limit", curHopLimit);
      StringBuilder f = new StringBuilder(Icmpv6Codec.hex8((managed ? 0x80 : 0) | (otherConfig ? 0x40 : 0) | flags));
      if (managed) {
        f.append(", Managed address configuration");
      }
      if (otherConfig) {
        f.append(", Other configuration");
      }
      if (homeAgent()) {
        f.append(", Home Agent");
      }
      f.append(", Prf (Default Router Preference): ").append(NdpOption.preferenceName(preference()));
      if (proxy()) {
        f.append(", Proxy");
      }
      tree.field("Flags", f);
      tree.field("Router lifetime (s)", routerLifetime);
      tree.field("Reachable time (ms)", reachableTime);
      tree.field("Retrans timer (ms)", retransTimer);
      options.forEach(o -> o.describe(tree));
    }
  }

  /** Neighbor Solicitation (type 135, RFC 4861 section 4.3). */
  record NeighborSolicitation(Inet6Address target, List<NdpOption> options) implements Icmpv6Message {
    public NeighborSolicitation {
      java.util.Objects.requireNonNull(target, "target");
      options = List.copyOf(options);
    }

    @Override
    public int type() {
      return Icmpv6Types.NEIGHBOR_SOLICITATION;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 24 + NdpOption.lengthOf(options);
    }

    @Override
    public String summary() {
      return Icmpv6Codec.withLinkLayer("Neighbor Solicitation for " + Ip6.format(target), " from ", options,
          NdpOption.SOURCE_LINK_LAYER_ADDRESS);
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Reserved", "00000000");
      tree.field("Target Address", Ip6.format(target));
      options.forEach(o -> o.describe(tree));
    }
  }

  /** Neighbor Advertisement (type 136, RFC 4861 section 4.4): R (router), S (solicited), O (override). */
  record NeighborAdvertisement(boolean router, boolean solicited, boolean override, Inet6Address target,
      List<NdpOption> options) implements Icmpv6Message {
    public NeighborAdvertisement {
      java.util.Objects.requireNonNull(target, "target");
      options = List.copyOf(options);
    }

    @Override
    public int type() {
      return Icmpv6Types.NEIGHBOR_ADVERTISEMENT;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 24 + NdpOption.lengthOf(options);
    }

    @Override
    public String summary() {
      StringBuilder f = new StringBuilder();
      if (router) {
        f.append("rtr, ");
      }
      if (solicited) {
        f.append("sol, ");
      }
      if (override) {
        f.append("ovr, ");
      }
      String flags = f.isEmpty() ? "none" : f.substring(0, f.length() - 2);
      return Icmpv6Codec.withLinkLayer("Neighbor Advertisement " + Ip6.format(target) + " (" + flags + ")", " is at ",
          options, NdpOption.TARGET_LINK_LAYER_ADDRESS);
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      StringBuilder f = new StringBuilder(String.format("0x%08x",
          (router ? 0x8000_0000L : 0) | (solicited ? 0x4000_0000L : 0) | (override ? 0x2000_0000L : 0)));
      if (router) {
        f.append(", Router");
      }
      if (solicited) {
        f.append(", Solicited");
      }
      if (override) {
        f.append(", Override");
      }
      tree.field("Flags", f);
      tree.field("Target Address", Ip6.format(target));
      options.forEach(o -> o.describe(tree));
    }
  }

  /** Redirect (type 137, RFC 4861 section 4.5): a better first hop (target) for a destination. */
  record Redirect(Inet6Address target, Inet6Address destination, List<NdpOption> options) implements Icmpv6Message {
    public Redirect {
      java.util.Objects.requireNonNull(target, "target");
      java.util.Objects.requireNonNull(destination, "destination");
      options = List.copyOf(options);
    }

    @Override
    public int type() {
      return Icmpv6Types.REDIRECT;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 40 + NdpOption.lengthOf(options);
    }

    @Override
    public String summary() {
      return Icmpv6Codec.withLinkLayer("Redirect", " is at ", options, NdpOption.TARGET_LINK_LAYER_ADDRESS);
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Reserved", "00000000");
      tree.field("Target Address", Ip6.format(target));
      tree.field("Destination Address", Ip6.format(destination));
      options.forEach(o -> o.describe(tree));
    }
  }

  // ---- multicast listener discovery (RFC 2710, RFC 3810) -----------------------------------

  /** An MLDv1 message: 24 bytes, code 0; the three types differ only in their type. */
  sealed interface Mldv1 extends Icmpv6Message permits MldQuery, MldReport, MldDone {
    int maxResponseDelay();

    Inet6Address multicastAddress();

    @Override
    default int code() {
      return 0;
    }

    @Override
    default int bufferLength() {
      return 24;
    }

    @Override
    default String summary() {
      return Icmpv6Types.typeName(type());
    }

    @Override
    default void describe(FieldTree tree) {
      Icmpv6Codec.mldTree(tree, type(), maxResponseDelay(), multicastAddress());
    }
  }

  /** MLDv1 Multicast Listener Query (type 130, exactly 24 bytes; RFC 2710 section 3, RFC 3810 section 8.1). */
  record MldQuery(int maxResponseDelay, Inet6Address multicastAddress) implements Mldv1 {
    public MldQuery {
      Icmpv6Codec.checkU16("maximum response delay", maxResponseDelay);
      java.util.Objects.requireNonNull(multicastAddress, "multicastAddress");
    }

    @Override
    public int type() {
      return Icmpv6Types.MLD_QUERY;
    }
  }

  /** MLDv1 Multicast Listener Report (type 131). */
  record MldReport(int maxResponseDelay, Inet6Address multicastAddress) implements Mldv1 {
    public MldReport {
      Icmpv6Codec.checkU16("maximum response delay", maxResponseDelay);
      java.util.Objects.requireNonNull(multicastAddress, "multicastAddress");
    }

    public MldReport(Inet6Address multicastAddress) {
      this(0, multicastAddress);
    }

    @Override
    public int type() {
      return Icmpv6Types.MLD_REPORT;
    }
  }

  /** MLDv1 Multicast Listener Done (type 132). */
  record MldDone(int maxResponseDelay, Inet6Address multicastAddress) implements Mldv1 {
    public MldDone {
      Icmpv6Codec.checkU16("maximum response delay", maxResponseDelay);
      java.util.Objects.requireNonNull(multicastAddress, "multicastAddress");
    }

    public MldDone(Inet6Address multicastAddress) {
      this(0, multicastAddress);
    }

    @Override
    public int type() {
      return Icmpv6Types.MLD_DONE;
    }
  }

  /**
   * MLDv2 Query (type 130 with 28 bytes or more, RFC 3810 section 5.1): maximum response code, S
   * (suppress router-side processing), QRV (robustness, 3 bits), QQIC, sources.
   */
  record Mldv2Query(int maxResponseCode, Inet6Address multicastAddress, boolean suppressRouterProcessing,
      int robustness, int queryIntervalCode, List<Inet6Address> sources) implements Icmpv6Message {
    public Mldv2Query {
      Icmpv6Codec.checkU16("maximum response code", maxResponseCode);
      java.util.Objects.requireNonNull(multicastAddress, "multicastAddress");
      if (robustness < 0 || robustness > 7) {
        throw new IllegalArgumentException("QRV is 3 bits: " + robustness);
      }
      Icmpv6Codec.checkU8("QQIC", queryIntervalCode);
      sources = List.copyOf(sources);
      if (sources.size() > (0xFFFF - 28) / 16) {
        throw new IllegalArgumentException("too many sources for one message: " + sources.size());
      }
    }

    /** RFC 3810 section 5.1.3: the maximum response delay in milliseconds the code stands for. */
    public long maxResponseDelayMillis() {
      if (maxResponseCode < 0x8000) {
        return maxResponseCode;
      }
      int exp = (maxResponseCode >> 12) & 7;
      int mant = maxResponseCode & 0xFFF;
      return (long) (mant | 0x1000) << (exp + 3);
    }

    @Override
    public int type() {
      return Icmpv6Types.MLD_QUERY;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      return 28 + 16 * sources.size();
    }

    @Override
    public String summary() {
      return Icmpv6Types.typeName(type());
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Maximum Response Code", maxResponseCode);
      tree.field("Reserved", "0000");
      tree.field("Multicast Address", Ip6.format(multicastAddress));
      tree.field("Flags", Icmpv6Codec.hex8((suppressRouterProcessing ? 8 : 0) | robustness)
          + (suppressRouterProcessing ? ", Suppress Router-Side Processing" : "") + ", QRV: " + robustness);
      tree.field("QQIC (Querier's Query Interval Code)", queryIntervalCode);
      tree.field("Number of Sources", sources.size());
      sources.forEach(a -> tree.field("Source Address", Ip6.format(a)));
    }
  }

  /** MLDv2 Multicast Listener Report (type 143, RFC 3810 section 5.2). */
  record Mldv2Report(List<MulticastAddressRecord> records) implements Icmpv6Message {
    public Mldv2Report {
      records = List.copyOf(records);
      if (records.size() > 0xFFFF) {
        throw new IllegalArgumentException("too many records: " + records.size());
      }
    }

    @Override
    public int type() {
      return Icmpv6Types.MLDV2_REPORT;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int bufferLength() {
      int n = 8;
      for (MulticastAddressRecord r : records) {
        n += r.bufferLength();
      }
      return n;
    }

    @Override
    public String summary() {
      return Icmpv6Types.typeName(type());
    }

    @Override
    public void describe(FieldTree tree) {
      Icmpv6Codec.header(tree, type(), code());
      tree.field("Reserved", "0000");
      tree.field("Number of Multicast Address Records", records.size());
      for (MulticastAddressRecord r : records) {
        FieldTree t = tree.child("Multicast Address Record " + r.recordTypeName() + ": " + Ip6.format(r.multicastAddress()));
        t.field("Record Type", r.recordTypeName() + " (" + r.recordType() + ")");
        t.field("Aux Data Len", r.auxData().length() / 4);
        t.field("Number of Sources", r.sources().size());
        t.field("Multicast Address", Ip6.format(r.multicastAddress()));
        r.sources().forEach(a -> t.field("Source Address", Ip6.format(a)));
        if (!r.auxData().isEmpty()) {
          t.field("Aux Data", r.auxData().toHex());
        }
      }
    }

    /**
     * One Multicast Address Record (RFC 3810 section 5.2.4): record type (1-6), multicast address,
     * sources, auxiliary data (a multiple of 4 bytes).
     */
    public record MulticastAddressRecord(int recordType, Inet6Address multicastAddress, List<Inet6Address> sources,
        Octets auxData) {
      public MulticastAddressRecord {
        Icmpv6Codec.checkU8("record type", recordType);
        java.util.Objects.requireNonNull(multicastAddress, "multicastAddress");
        sources = List.copyOf(sources);
        if (sources.size() > 0xFFFF / 16 || auxData.length() % 4 != 0 || auxData.length() > 255 * 4) {
          throw new IllegalArgumentException("too many sources or aux data not in 4-byte words (max 1020 bytes)");
        }
      }

      public MulticastAddressRecord(int recordType, Inet6Address multicastAddress, List<Inet6Address> sources) {
        this(recordType, multicastAddress, sources, Octets.EMPTY);
      }

      public int bufferLength() {
        return 20 + 16 * sources.size() + auxData.length();
      }

      /** Wireshark's names for the RFC 3810 section 5.2.12 record types. */
      public String recordTypeName() {
        return switch (recordType) {
          case 1 -> "Mode is include";
          case 2 -> "Mode is exclude";
          case 3 -> "Changed to include";
          case 4 -> "Changed to exclude";
          case 5 -> "Allow new sources";
          case 6 -> "Block old sources";
          default -> "Unknown (" + recordType + ")";
        };
      }
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
      if (body.length() < 4 && Icmpv6Types.isKnownType(type)) {
        // Icmpv6Packet.checked() would reject the emitted bytes: registered types have 8 bytes or more
        throw new IllegalArgumentException("a registered type needs at least 4 body bytes, got " + body.length());
      }
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
