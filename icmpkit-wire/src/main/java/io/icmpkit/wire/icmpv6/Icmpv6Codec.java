package io.icmpkit.wire.icmpv6;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ext.ExtensionObject;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.InterfaceIdentification;
import io.icmpkit.wire.ext.Multipart;
import io.icmpkit.wire.iana.Icmpv6Types;
import io.icmpkit.wire.icmpv6.Icmpv6Message.*;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Mldv2Report.MulticastAddressRecord;
import io.icmpkit.wire.icmpv6.Icmpv6Message.DestinationUnreachable;
import io.icmpkit.wire.icmpv6.Icmpv6Message.EchoReply;
import io.icmpkit.wire.icmpv6.Icmpv6Message.EchoRequest;
import io.icmpkit.wire.icmpv6.Icmpv6Message.ExtendedEchoReply;
import io.icmpkit.wire.icmpv6.Icmpv6Message.ExtendedEchoRequest;
import io.icmpkit.wire.icmpv6.Icmpv6Message.NodeInformationQuery;
import io.icmpkit.wire.icmpv6.Icmpv6Message.NodeInformationReply;
import io.icmpkit.wire.icmpv6.Icmpv6Message.PacketTooBig;
import io.icmpkit.wire.icmpv6.Icmpv6Message.ParameterProblem;
import io.icmpkit.wire.icmpv6.Icmpv6Message.TimeExceeded;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Unknown;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/** Parse and emit logic behind {@link Icmpv6Message}, and the printing helpers its records share. */
final class Icmpv6Codec {
  /** RFC 8200 section 5: the minimum IPv6 link MTU; a smaller Packet Too Big MTU is bogus. */
  static final int IPV6_MIN_MTU = 1280;

  private Icmpv6Codec() {}

  // ---- parse ----------------------------------------------------------------------------------

  static Icmpv6Message parse(Icmpv6Packet p, MemorySegment src16, MemorySegment dst16,
      ChecksumPolicy policy, AnomalySink sink) {
    if (policy.verifiesOnParse()) {
      if (src16 == null || dst16 == null) {
        throw new IllegalArgumentException("ChecksumPolicy.VERIFY needs the IPv6 source and destination");
      }
      if (!p.verifyChecksum(src16, dst16)) {
        throw new WireException(WireException.Reason.BAD_CHECKSUM,
            "ICMPv6 checksum " + hex16(p.checksum()) + " does not verify");
      }
    }
    MemorySegment s = p.segment();
    int type = p.type();
    int code = p.code();
    int len = p.length();
    if (!Icmpv6Types.isKnownType(type)) {
      sink.flag(Anomaly.ICMP_UNKNOWN_TYPE);
      return unknown(p);
    }
    if (!Icmpv6Types.isKnownCode(type, code)) {
      sink.flag(Anomaly.ICMP_UNKNOWN_CODE);
    }
    // checked() guarantees 8 bytes for every registered type
    return switch (type) {
      case Icmpv6Types.DESTINATION_UNREACHABLE, Icmpv6Types.TIME_EXCEEDED -> parse4884(p, sink);
      case Icmpv6Types.PACKET_TOO_BIG -> {
        if (p.mtu() < IPV6_MIN_MTU) {
          sink.flag(Anomaly.ICMP_PMTU_DOS);
        }
        yield new PacketTooBig(p.mtu(), Octets.copyOf(p.data()));
      }
      case Icmpv6Types.PARAMETER_PROBLEM -> new ParameterProblem(code, p.pointer(), Octets.copyOf(p.data()));
      case Icmpv6Types.ECHO_REQUEST, Icmpv6Types.ECHO_REPLY -> {
        if (code != 0) {
          yield unknown(p); // flagged above; a code on an echo is a covert-channel sign (row 23)
        }
        Octets data = Octets.copyOf(p.data());
        yield type == Icmpv6Types.ECHO_REQUEST
            ? new EchoRequest(p.echoIdentifier(), p.echoSequence(), data)
            : new EchoReply(p.echoIdentifier(), p.echoSequence(), data);
      }
      case Icmpv6Types.EXTENDED_ECHO_REQUEST -> {
        if (code != 0) {
          yield unknown(p);
        }
        try {
          IcmpExtensions e = IcmpExtensions.parse(p.data(), true);
          if (e.objects().size() == 1 && e.objects().getFirst() instanceof InterfaceIdentification id) {
            yield new ExtendedEchoRequest(p.echoIdentifier(), Bytes.u8(s, 6), (Bytes.u8(s, 7) & 1) != 0, id);
          }
        } catch (WireException bad) {
          // flagged below and kept raw
        }
        sink.flag(Anomaly.ICMP_EXT_BAD); // RFC 8335 section 2: exactly one interface identification object
        yield unknown(p);
      }
      case Icmpv6Types.EXTENDED_ECHO_REPLY -> {
        int b = Bytes.u8(s, 7);
        yield new ExtendedEchoReply(code, p.echoIdentifier(), Bytes.u8(s, 6), b >>> 5,
            (b & 4) != 0, (b & 2) != 0, (b & 1) != 0, Octets.copyOf(p.data()));
      }
      case Icmpv6Types.NODE_INFORMATION_QUERY, Icmpv6Types.NODE_INFORMATION_REPLY -> {
        if (len < 16) {
          sink.flag(Anomaly.ICMP_TRUNCATED);
          yield unknown(p);
        }
        int qtype = Bytes.u16(s, 4);
        int flags = Bytes.u16(s, 6);
        long nonce = Bytes.i64(s, 8);
        Octets data = Octets.copyOf(s, 16, len - 16);
        yield type == Icmpv6Types.NODE_INFORMATION_QUERY
            ? new NodeInformationQuery(code, qtype, flags, nonce, data)
            : new NodeInformationReply(code, qtype, flags, nonce, data);
      }
      case Icmpv6Types.ROUTER_SOLICITATION -> {
        if (Bytes.u32(s, 4) != 0) {
          sink.flag(Anomaly.ND_RA_BAD_FIELDS); // row 46: RS reserved != 0 (Snort 116:289)
        }
        yield new RouterSolicitation(NdpOption.parseAll(s.asSlice(8), sink));
      }
      case Icmpv6Types.ROUTER_ADVERTISEMENT -> {
        if (len < 16) {
          sink.flag(Anomaly.ND_BAD_OPT_OFFSET);
          yield unknown(p);
        }
        long reachable = Bytes.u32(s, 8);
        if (code != 0 || reachable > 3_600_000L) {
          sink.flag(Anomaly.ND_RA_BAD_FIELDS); // row 46 (Snort 116:288/290); RFC 4861 6.2.1 MAX reachable 1 hour
        }
        int f = Bytes.u8(s, 5);
        yield new RouterAdvertisement(Bytes.u8(s, 4), (f & 0x80) != 0, (f & 0x40) != 0, f & 0x3F,
            Bytes.u16(s, 6), reachable, Bytes.u32(s, 12), NdpOption.parseAll(s.asSlice(16), sink));
      }
      case Icmpv6Types.NEIGHBOR_SOLICITATION -> {
        if (len < 24) {
          sink.flag(Anomaly.ND_BAD_OPT_OFFSET);
          yield unknown(p);
        }
        yield new NeighborSolicitation(Ip6.read(s, 8), NdpOption.parseAll(s.asSlice(24), sink));
      }
      case Icmpv6Types.NEIGHBOR_ADVERTISEMENT -> {
        if (len < 24) {
          sink.flag(Anomaly.ND_BAD_OPT_OFFSET);
          yield unknown(p);
        }
        int f = Bytes.u8(s, 4);
        yield new NeighborAdvertisement((f & 0x80) != 0, (f & 0x40) != 0, (f & 0x20) != 0, Ip6.read(s, 8),
            NdpOption.parseAll(s.asSlice(24), sink));
      }
      case Icmpv6Types.REDIRECT -> {
        if (len < 40) {
          sink.flag(Anomaly.ND_BAD_OPT_OFFSET);
          yield unknown(p);
        }
        yield new Redirect(Ip6.read(s, 8), Ip6.read(s, 24), NdpOption.parseAll(s.asSlice(40), sink));
      }
      case Icmpv6Types.MLD_QUERY, Icmpv6Types.MLD_REPORT, Icmpv6Types.MLD_DONE -> parseMld(p, sink);
      case Icmpv6Types.MLDV2_REPORT -> parseMldv2Report(p, sink);
      default -> unknown(p);
    };
  }

  /** RFC 3810 section 8.1: a query of 24 bytes is MLDv1, of 28 or more MLDv2; other lengths are invalid. */
  private static Icmpv6Message parseMld(Icmpv6Packet p, AnomalySink sink) {
    MemorySegment s = p.segment();
    int len = p.length();
    int type = p.type();
    if (type == Icmpv6Types.MLD_QUERY && len >= 28) {
      int n = Bytes.u16(s, 26);
      if (28L + 16L * n > len) {
        sink.flag(Anomaly.ICMP_TRUNCATED);
        return unknown(p);
      }
      List<Inet6Address> sources = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sources.add(Ip6.read(s, 28 + 16 * i));
      }
      int b = Bytes.u8(s, 24);
      return new Mldv2Query(Bytes.u16(s, 4), Ip6.read(s, 8), (b & 8) != 0, b & 7, Bytes.u8(s, 25), sources);
    }
    if (len < 24 || (type == Icmpv6Types.MLD_QUERY && len != 24)) {
      sink.flag(Anomaly.ICMP_TRUNCATED);
      return unknown(p);
    }
    int delay = Bytes.u16(s, 4);
    Inet6Address group = Ip6.read(s, 8);
    return switch (type) {
      case Icmpv6Types.MLD_QUERY -> new MldQuery(delay, group);
      case Icmpv6Types.MLD_REPORT -> new MldReport(delay, group);
      default -> new MldDone(delay, group);
    };
  }

  private static Icmpv6Message parseMldv2Report(Icmpv6Packet p, AnomalySink sink) {
    MemorySegment s = p.segment();
    long len = p.length();
    int m = Bytes.u16(s, 6);
    List<MulticastAddressRecord> records = new ArrayList<>(Math.min(m, (int) (len / 20)));
    long off = 8;
    for (int i = 0; i < m; i++) { // each record needs >= 20 bytes: bounded by len as well
      if (off + 20 > len) {
        sink.flag(Anomaly.ICMP_TRUNCATED);
        return unknown(p);
      }
      int rtype = Bytes.u8(s, off);
      int aux = Bytes.u8(s, off + 1) * 4;
      int n = Bytes.u16(s, off + 2);
      long end = off + 20 + 16L * n + aux;
      if (end > len) {
        sink.flag(Anomaly.ICMP_TRUNCATED);
        return unknown(p);
      }
      List<Inet6Address> sources = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        sources.add(Ip6.read(s, off + 20 + 16L * k));
      }
      records.add(new MulticastAddressRecord(rtype, Ip6.read(s, off + 4), sources,
          Octets.copyOf(s, off + 20 + 16L * n, aux)));
      off = end;
    }
    return new Mldv2Report(records);
  }

  /** Destination Unreachable / Time Exceeded with the RFC 4884 length attribute (section 4.5, 64-bit words). */
  private static Icmpv6Message parse4884(Icmpv6Packet p, AnomalySink sink) {
    int words = p.length4884();
    Multipart mp = Multipart.split(p.data(), words * 8, sink);
    if (words != 0 && mp.extensions() == null) {
      return unknown(p); // a length attribute with no valid structure behind it (flagged by split): keep raw
    }
    return p.type() == Icmpv6Types.DESTINATION_UNREACHABLE
        ? new DestinationUnreachable(p.code(), mp.originalDatagram(), mp.extensions())
        : new TimeExceeded(p.code(), mp.originalDatagram(), mp.extensions());
  }

  private static Unknown unknown(Icmpv6Packet p) {
    MemorySegment s = p.segment();
    return new Unknown(p.type(), p.code(), Octets.copyOf(s, 4, s.byteSize() - 4));
  }

  // ---- emit -----------------------------------------------------------------------------------

  static void emit(Icmpv6Message m, MemorySegment buf, Inet6Address source, Inet6Address destination,
      ChecksumPolicy policy) {
    int n = m.bufferLength();
    if (buf.byteSize() < n) {
      throw new WireException(WireException.Reason.BUFFER_TOO_SMALL,
          "ICMPv6 " + Icmpv6Types.typeName(m.type()) + " needs " + n + " bytes, buffer has " + buf.byteSize());
    }
    if (policy.fillsOnEmit() && (source == null || destination == null)) {
      throw new IllegalArgumentException("ChecksumPolicy." + policy + " needs the IPv6 source and destination");
    }
    MemorySegment b = buf.asSlice(0, n);
    Bytes.setU8(b, 0, m.type());
    Bytes.setU8(b, 1, m.code());
    Bytes.setU16(b, 2, 0);
    switch (m) {
      case DestinationUnreachable d -> multipart(b, d.originalDatagram(), d.extensions(), policy);
      case TimeExceeded t -> multipart(b, t.originalDatagram(), t.extensions(), policy);
      case PacketTooBig t -> {
        Bytes.setU32(b, 4, t.mtu());
        t.originalDatagram().copyTo(b, 8);
      }
      case ParameterProblem pp -> {
        Bytes.setU32(b, 4, pp.pointer());
        pp.originalDatagram().copyTo(b, 8);
      }
      case EchoRequest e -> echo(b, e.identifier(), e.sequence(), e.data());
      case EchoReply e -> echo(b, e.identifier(), e.sequence(), e.data());
      case ExtendedEchoRequest e -> {
        Bytes.setU16(b, 4, e.identifier());
        Bytes.setU8(b, 6, e.sequence());
        Bytes.setU8(b, 7, e.local() ? 1 : 0);
        IcmpExtensions.of(e.query()).emit(b.asSlice(8), ChecksumPolicy.FILL);
      }
      case ExtendedEchoReply e -> {
        Bytes.setU16(b, 4, e.identifier());
        Bytes.setU8(b, 6, e.sequence());
        Bytes.setU8(b, 7, e.state() << 5 | (e.active() ? 4 : 0) | (e.ipv4() ? 2 : 0) | (e.ipv6() ? 1 : 0));
        e.data().copyTo(b, 8);
      }
      case NodeInformationQuery q -> nodeInfo(b, q.qtype(), q.flags(), q.nonce(), q.data());
      case NodeInformationReply r -> nodeInfo(b, r.qtype(), r.flags(), r.nonce(), r.data());
      case Unknown u -> u.body().copyTo(b, 4);
      case RouterSolicitation r -> {
        Bytes.setU32(b, 4, 0);
        NdpOption.emitAll(r.options(), b, 8);
      }
      case RouterAdvertisement r -> {
        Bytes.setU8(b, 4, r.curHopLimit());
        Bytes.setU8(b, 5, (r.managed() ? 0x80 : 0) | (r.otherConfig() ? 0x40 : 0) | r.flags());
        Bytes.setU16(b, 6, r.routerLifetime());
        Bytes.setU32(b, 8, r.reachableTime());
        Bytes.setU32(b, 12, r.retransTimer());
        NdpOption.emitAll(r.options(), b, 16);
      }
      case NeighborSolicitation ns -> {
        Bytes.setU32(b, 4, 0);
        Ip6.write(b, 8, ns.target());
        NdpOption.emitAll(ns.options(), b, 24);
      }
      case NeighborAdvertisement na -> {
        Bytes.setU32(b, 4, (na.router() ? 0x8000_0000L : 0) | (na.solicited() ? 0x4000_0000L : 0)
            | (na.override() ? 0x2000_0000L : 0));
        Ip6.write(b, 8, na.target());
        NdpOption.emitAll(na.options(), b, 24);
      }
      case Redirect r -> {
        Bytes.setU32(b, 4, 0);
        Ip6.write(b, 8, r.target());
        Ip6.write(b, 24, r.destination());
        NdpOption.emitAll(r.options(), b, 40);
      }
      case MldQuery q -> mld(b, q.maxResponseDelay(), q.multicastAddress());
      case MldReport q -> mld(b, q.maxResponseDelay(), q.multicastAddress());
      case MldDone q -> mld(b, q.maxResponseDelay(), q.multicastAddress());
      case Mldv2Query q -> {
        Bytes.setU16(b, 4, q.maxResponseCode());
        Bytes.setU16(b, 6, 0);
        Ip6.write(b, 8, q.multicastAddress());
        Bytes.setU8(b, 24, (q.suppressRouterProcessing() ? 8 : 0) | q.robustness());
        Bytes.setU8(b, 25, q.queryIntervalCode());
        Bytes.setU16(b, 26, q.sources().size());
        int off = 28;
        for (Inet6Address a : q.sources()) {
          Ip6.write(b, off, a);
          off += 16;
        }
      }
      case Mldv2Report r -> {
        Bytes.setU16(b, 4, 0);
        Bytes.setU16(b, 6, r.records().size());
        long off = 8;
        for (MulticastAddressRecord rec : r.records()) {
          Bytes.setU8(b, off, rec.recordType());
          Bytes.setU8(b, off + 1, rec.auxData().length() / 4);
          Bytes.setU16(b, off + 2, rec.sources().size());
          Ip6.write(b, off + 4, rec.multicastAddress());
          off += 20;
          for (Inet6Address a : rec.sources()) {
            Ip6.write(b, off, a);
            off += 16;
          }
          rec.auxData().copyTo(b, off);
          off += rec.auxData().length();
        }
      }
    }
    if (policy.fillsOnEmit()) {
      Icmpv6Packet.forWritingAnyLength(b).fillChecksum(Ip6.segment(source), Ip6.segment(destination));
    }
  }

  private static void multipart(MemorySegment b, Octets original, IcmpExtensions ext, ChecksumPolicy policy) {
    Bytes.setU32(b, 4, 0);
    int words = new Multipart(original, ext).emit(b.asSlice(8), 8, policy);
    Bytes.setU8(b, 4, words);
  }

  private static void mld(MemorySegment b, int delay, Inet6Address group) {
    Bytes.setU16(b, 4, delay);
    Bytes.setU16(b, 6, 0);
    Ip6.write(b, 8, group);
  }

  private static void echo(MemorySegment b, int id, int seq, Octets data) {
    Bytes.setU16(b, 4, id);
    Bytes.setU16(b, 6, seq);
    data.copyTo(b, 8);
  }

  private static void nodeInfo(MemorySegment b, int qtype, int flags, long nonce, Octets data) {
    Bytes.setU16(b, 4, qtype);
    Bytes.setU16(b, 6, flags);
    Bytes.setI64(b, 8, nonce);
    data.copyTo(b, 16);
  }

  // ---- validation -----------------------------------------------------------------------------

  static void checkU8(String what, int v) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException(what + " out of range 0-255: " + v);
    }
  }

  static void checkU16(String what, int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException(what + " out of range 0-65535: " + v);
    }
  }

  static void checkU32(String what, long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " out of range 0-4294967295: " + v);
    }
  }

  /**
   * RFC 4884 sections 4.5 and 5: with extensions, the original datagram is zero-padded to whole
   * 64-bit words and at least 128 bytes, and the length attribute (8 bits) counts those words.
   */
  static void check4884(Octets original, IcmpExtensions extensions) {
    if (extensions != null && (original.length() % 8 != 0 || original.length() > 255 * 8
        || original.length() < Multipart.MIN_ORIGINAL_LENGTH)) {
      throw new IllegalArgumentException("with RFC 4884 extensions the original datagram must be 128-2040 bytes "
          + "in multiples of 8 (zero padded), got " + original.length());
    }
  }

  // ---- printing -------------------------------------------------------------------------------

  static String hex16(int v) {
    return String.format("0x%04x", v);
  }

  static String hex8(int v) {
    return String.format("0x%02x", v);
  }

  /** tshark's Info wording: the type name, then the code name in parentheses where the type has codes. */
  static String typeAndCode(int type, int code) {
    String t = Icmpv6Types.typeName(type);
    String c = Icmpv6Types.codeName(type, code);
    if (c.isEmpty() || !hasCodeNames(type)) {
      return t;
    }
    return t + " (" + c + ")";
  }

  /** Whether tshark shows a code name for this type (types whose codes mean something). */
  private static boolean hasCodeNames(int type) {
    return switch (type) {
      case 1, 3, 4, 138, 139, 140, 150, 154, 155, 160, 161 -> true;
      default -> false;
    };
  }

  static void header(FieldTree tree, int type, int code) {
    tree.field("Type", Icmpv6Types.typeName(type) + " (" + type + ")");
    String c = Icmpv6Types.codeName(type, code);
    tree.field("Code", c.isEmpty() || !hasCodeNames(type) ? Integer.toString(code) : code + " (" + c + ")");
  }

  /** tshark appends the link-layer address option's value: "... from aa:bb:..", "... is at aa:bb:..". */
  static String withLinkLayer(String head, String joiner, List<NdpOption> options, int optionType) {
    for (NdpOption o : options) {
      if (o.type() == optionType) {
        Octets a = o instanceof NdpOption.SourceLinkLayerAddress sl ? sl.address()
            : o instanceof NdpOption.TargetLinkLayerAddress tl ? tl.address() : null;
        if (a != null) {
          return head + joiner + Ip6.mac(a);
        }
      }
    }
    return head;
  }

  static void mldTree(FieldTree tree, int type, int delay, Inet6Address group) {
    header(tree, type, 0);
    tree.field("Maximum Response Delay [ms]", delay);
    tree.field("Reserved", "0000");
    tree.field("Multicast Address", Ip6.format(group));
  }

  static String echoSummary(int type, int id, int seq) {
    return Icmpv6Types.typeName(type) + " id=" + hex16(id) + ", seq=" + seq;
  }

  static void echoTree(FieldTree tree, int type, int id, int seq, Octets data) {
    header(tree, type, 0);
    tree.field("Identifier", hex16(id));
    tree.field("Sequence", seq);
    raw(tree, "Data", data);
  }

  static void nodeInfoTree(FieldTree tree, int type, int code, int qtype, int flags, long nonce, Octets data) {
    header(tree, type, code);
    tree.field("Qtype", qtypeName(qtype) + " (" + qtype + ")");
    tree.field("Flags", hex16(flags));
    tree.field("Nonce", String.format("0x%016x", nonce));
    raw(tree, "Data", data);
  }

  /** RFC 4620 section 4 query types. */
  static String qtypeName(int qtype) {
    return switch (qtype) {
      case 0 -> "NOOP";
      case 1 -> "Unused";
      case 2 -> "Node Name";
      case 3 -> "Node Addresses";
      case 4 -> "IPv4 Addresses";
      default -> "Unknown";
    };
  }

  /** The invoking packet, as tshark shows it: its own subtree (decoded by the IPv6 layer's printer). */
  static void quote(FieldTree tree, Octets original) {
    tree.child("Original datagram (" + original.length() + " bytes)").field("Data", original.toHex());
  }

  static void multipart(FieldTree tree, Octets original, IcmpExtensions ext) {
    tree.field("Length", ext == null ? "0" : (original.length() / 8) + " (" + original.length() + " bytes)");
    quote(tree, original);
    if (ext != null) {
      FieldTree e = tree.child("ICMP Multi-Part Extensions");
      e.field("Version", ext.version()).field("Checksum", hex16(ext.checksum()));
      for (ExtensionObject o : ext.objects()) {
        o.describe(e);
      }
    }
  }

  static void raw(FieldTree tree, String label, Octets bytes) {
    if (!bytes.isEmpty()) {
      tree.child(label + " (" + bytes.length() + " bytes)").field("Data", bytes.toHex());
    }
  }
}
