package io.icmpkit.wire.icmpv6;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.iana.Icmpv6Types;
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
      case Icmpv6Types.EXTENDED_ECHO_REQUEST -> code != 0 ? unknown(p)
          : new ExtendedEchoRequest(p.echoIdentifier(), Bytes.u8(s, 6), (Bytes.u8(s, 7) & 1) != 0,
              Octets.copyOf(p.data()));
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
      default -> unknown(p);
    };
  }

  /** Destination Unreachable / Time Exceeded with the RFC 4884 length attribute (section 4.5). */
  private static Icmpv6Message parse4884(Icmpv6Packet p, AnomalySink sink) {
    MemorySegment data = p.data();
    int words = p.length4884();
    Octets original;
    Octets ext;
    if (words == 0) {
      original = Octets.copyOf(data);
      ext = Octets.EMPTY;
    } else {
      long origLen = words * 8L;
      if (origLen >= data.byteSize()) {
        // the length points at or past the end: no room for the extension structure
        sink.flag(Anomaly.ICMP_EXT_BAD);
        return unknown(p);
      }
      original = Octets.copyOf(data, 0, origLen);
      ext = Octets.copyOf(data, origLen, data.byteSize() - origLen);
    }
    return p.type() == Icmpv6Types.DESTINATION_UNREACHABLE
        ? new DestinationUnreachable(p.code(), original, ext)
        : new TimeExceeded(p.code(), original, ext);
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
      case DestinationUnreachable d -> {
        Bytes.setU32(b, 4, d.extensions().isEmpty() ? 0 : (long) (d.originalDatagram().length() / 8) << 24);
        d.originalDatagram().copyTo(b, 8);
        d.extensions().copyTo(b, 8 + d.originalDatagram().length());
      }
      case TimeExceeded t -> {
        Bytes.setU32(b, 4, t.extensions().isEmpty() ? 0 : (long) (t.originalDatagram().length() / 8) << 24);
        t.originalDatagram().copyTo(b, 8);
        t.extensions().copyTo(b, 8 + t.originalDatagram().length());
      }
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
        e.extensions().copyTo(b, 8);
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
    }
    if (policy.fillsOnEmit()) {
      Icmpv6Packet.forWritingAnyLength(b).fillChecksum(Ip6.segment(source), Ip6.segment(destination));
    }
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

  /** RFC 4884 section 4.5: with extensions, the length attribute counts the original datagram in 8-byte words. */
  static void check4884(Octets original, Octets extensions) {
    if (!extensions.isEmpty() && (original.length() % 8 != 0 || original.length() > 255 * 8 || original.isEmpty())) {
      throw new IllegalArgumentException("with RFC 4884 extensions the original datagram must be 8-2040 bytes "
          + "in multiples of 8, got " + original.length());
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

  static void raw(FieldTree tree, String label, Octets bytes) {
    if (!bytes.isEmpty()) {
      tree.child(label + " (" + bytes.length() + " bytes)").field("Data", bytes.toHex());
    }
  }
}
