package io.icmpkit.wire.icmpv4;

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
import io.icmpkit.wire.iana.Icmpv4Types;
import io.icmpkit.wire.icmpv4.Icmpv4Message.*;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Parse, emit and print for {@link Icmpv4Message}: one switch per direction over the sealed records. */
final class Icmpv4Codec {
  private Icmpv4Codec() {}

  /** RFC 1191 section 3 / RFC 791: a router must forward 576-byte datagrams; less is a PMTU DoS sign. */
  static final int MIN_PLAUSIBLE_MTU = 576;

  // ---- parse --------------------------------------------------------------------------------

  static Icmpv4Message parse(Icmpv4Packet p, ChecksumPolicy policy, AnomalySink sink) {
    if (policy == ChecksumPolicy.VERIFY) {
      if (!p.verifyChecksum()) {
        sink.flag(Anomaly.ICMP_BAD_CHECKSUM);
        throw new WireException(WireException.Reason.BAD_CHECKSUM, String.format(
            "ICMPv4 checksum 0x%04x, expected 0x%04x", p.checksum(), p.computeChecksum()));
      }
    } else if (policy != ChecksumPolicy.KERNEL && sink != AnomalySink.IGNORE && !p.verifyChecksum()) {
      sink.flag(Anomaly.ICMP_BAD_CHECKSUM);
    }
    int type = p.type();
    int code = p.code();
    Icmpv4Message m = decode(p, type, code, sink);
    if (m instanceof Unknown && !hasRecord(type)) {
      sink.flag(Anomaly.ICMP_UNKNOWN_TYPE);
    } else if (!Icmpv4Types.isKnownCode(type, code)) {
      sink.flag(Anomaly.ICMP_UNKNOWN_CODE);
    }
    return m;
  }

  static boolean hasRecord(int type) {
    return switch (type) {
      case 0, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 42, 43 -> true;
      default -> false;
    };
  }

  private static Icmpv4Message decode(Icmpv4Packet p, int type, int code, AnomalySink sink) {
    switch (type) {
      case 0:
        return new EchoReply(code, p.echoIdentifier(), p.echoSequence(), data(p));
      case 8:
        return new EchoRequest(code, p.echoIdentifier(), p.echoSequence(), data(p));
      case 3: {
        Multipart mp = Multipart.split(p.data(), p.rfc4884Length() * 4, sink);
        int mtu = p.nextHopMtu();
        if (code == Icmpv4Types.CODE_FRAGMENTATION_NEEDED && mtu < MIN_PLAUSIBLE_MTU) {
          sink.flag(Anomaly.ICMP_PMTU_DOS);
        }
        return new DestinationUnreachable(code, mtu, mp.originalDatagram(), mp.extensions());
      }
      case 4:
        return new SourceQuench(code, data(p));
      case 5:
        return new Redirect(code, v4(p.gateway()), data(p));
      case 11: {
        Multipart mp = Multipart.split(p.data(), p.rfc4884Length() * 4, sink);
        return new TimeExceeded(code, mp.originalDatagram(), mp.extensions());
      }
      case 12: {
        Multipart mp = Multipart.split(p.data(), p.rfc4884Length() * 4, sink);
        return new ParameterProblem(code, p.pointer(), mp.originalDatagram(), mp.extensions());
      }
      case 9:
        return routerAdvertisement(p, code, sink);
      case 10:
        return new RouterSolicitation(code);
      case 13, 14: {
        if (!p.hasFixedPart()) {
          sink.flag(Anomaly.ICMP_TRUNCATED);
          return unknown(p);
        }
        return type == 13
            ? new Timestamp(code, p.echoIdentifier(), p.echoSequence(), p.originateTimestamp(),
                p.receiveTimestamp(), p.transmitTimestamp())
            : new TimestampReply(code, p.echoIdentifier(), p.echoSequence(), p.originateTimestamp(),
                p.receiveTimestamp(), p.transmitTimestamp());
      }
      case 15:
        return new InformationRequest(code, p.echoIdentifier(), p.echoSequence());
      case 16:
        return new InformationReply(code, p.echoIdentifier(), p.echoSequence());
      case 17, 18: {
        if (!p.hasFixedPart()) {
          sink.flag(Anomaly.ICMP_TRUNCATED);
          return unknown(p);
        }
        Inet4Address mask = v4(p.addressMask());
        return type == 17
            ? new AddressMaskRequest(code, p.echoIdentifier(), p.echoSequence(), mask)
            : new AddressMaskReply(code, p.echoIdentifier(), p.echoSequence(), mask);
      }
      case 42: {
        try {
          IcmpExtensions e = IcmpExtensions.parse(p.data(), true);
          if (e.objects().size() == 1 && e.objects().getFirst() instanceof InterfaceIdentification id) {
            return new ExtendedEchoRequest(code, p.echoIdentifier(), p.extendedEchoSequence(),
                p.extendedEchoLocal(), id);
          }
        } catch (WireException bad) {
          // fall through: flagged and kept raw
        }
        sink.flag(Anomaly.ICMP_EXT_BAD);
        return unknown(p);
      }
      case 43:
        return new ExtendedEchoReply(code, p.echoIdentifier(), p.extendedEchoSequence(), p.extendedEchoState(),
            p.extendedEchoActive(), p.extendedEchoIpv4(), p.extendedEchoIpv6());
      default:
        return unknown(p);
    }
  }

  private static Icmpv4Message routerAdvertisement(Icmpv4Packet p, int code, AnomalySink sink) {
    int n = p.numAddrs();
    int size = p.addrEntrySize();
    long need = Icmpv4Packet.HEADER_LENGTH + (long) n * size * 4;
    // BAD-INPUTS 33 exactly: entries past the message, or entry size 0 (no entry can be walked)
    if (size == 0 || need > p.length()) {
      sink.flag(Anomaly.ICMP_ROUTERADVERT_TRUNCATED);
      return unknown(p);
    }
    if (size != 2) {
      // entries that fit but are not RFC 1256's address + preference (size 1, or a future format
      // of section 3): kept raw, not flagged (tshark does not call them malformed either)
      return unknown(p);
    }
    List<RouterEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(new RouterEntry(v4(p.routerAddress(i)), p.routerPreference(i)));
    }
    MemorySegment seg = p.segment();
    return new RouterAdvertisement(code, p.lifetime(), entries, Octets.copyOf(seg, need, seg.byteSize() - need));
  }

  private static Octets data(Icmpv4Packet p) {
    return Octets.copyOf(p.segment(), Icmpv4Packet.HEADER_LENGTH, p.dataLength());
  }

  private static Unknown unknown(Icmpv4Packet p) {
    return new Unknown(p.type(), p.code(), Octets.copyOf(p.segment(), 4, 4), data(p));
  }

  static Inet4Address v4(int bits) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {
        (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // 4 bytes are always an address
    }
  }

  static int bits(Inet4Address a) {
    byte[] b = a.getAddress();
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  // ---- emit ---------------------------------------------------------------------------------

  private static Multipart multipart(Octets orig, IcmpExtensions ext) {
    return new Multipart(orig, ext);
  }

  static int bufferLength(Icmpv4Message m) {
    int h = Icmpv4Packet.HEADER_LENGTH;
    return switch (m) {
      case EchoRequest e -> h + e.data().length();
      case EchoReply e -> h + e.data().length();
      case DestinationUnreachable d -> h + multipart(d.originalDatagram(), d.extensions()).bufferLength(4);
      case SourceQuench s -> h + s.originalDatagram().length();
      case Redirect r -> h + r.originalDatagram().length();
      case RouterAdvertisement r -> h + 8 * r.entries().size() + r.trailer().length();
      case RouterSolicitation r -> h;
      case TimeExceeded t -> h + multipart(t.originalDatagram(), t.extensions()).bufferLength(4);
      case ParameterProblem pp -> h + multipart(pp.originalDatagram(), pp.extensions()).bufferLength(4);
      case Timestamp t -> 20;
      case TimestampReply t -> 20;
      case InformationRequest i -> h;
      case InformationReply i -> h;
      case AddressMaskRequest a -> 12;
      case AddressMaskReply a -> 12;
      case ExtendedEchoRequest x -> h + IcmpExtensions.HEADER_LENGTH + x.query().bufferLength();
      case ExtendedEchoReply x -> h;
      case Unknown u -> h + u.body().length();
    };
  }

  static void emit(Icmpv4Message m, MemorySegment dst, ChecksumPolicy policy) {
    int n = bufferLength(m);
    if (dst.byteSize() < n) {
      throw new WireException(WireException.Reason.BUFFER_TOO_SMALL,
          "ICMPv4 " + m.getClass().getSimpleName() + " needs " + n + " bytes, buffer has " + dst.byteSize());
    }
    MemorySegment seg = dst.asSlice(0, n);
    Icmpv4Packet v = Icmpv4Packet.checked(seg);
    v.setType(m.type());
    v.setCode(m.code());
    v.setChecksum(0);
    v.setRestOfHeader(0);
    MemorySegment body = seg.asSlice(Icmpv4Packet.HEADER_LENGTH);
    switch (m) {
      case EchoRequest e -> {
        v.setEchoIdentifier(e.identifier());
        v.setEchoSequence(e.sequence());
        e.data().copyTo(body, 0);
      }
      case EchoReply e -> {
        v.setEchoIdentifier(e.identifier());
        v.setEchoSequence(e.sequence());
        e.data().copyTo(body, 0);
      }
      case DestinationUnreachable d -> {
        v.setNextHopMtu(d.nextHopMtu());
        v.setRfc4884Length(multipart(d.originalDatagram(), d.extensions()).emit(body, 4, policy));
      }
      case SourceQuench s -> s.originalDatagram().copyTo(body, 0);
      case Redirect r -> {
        v.setGateway(bits(r.gateway()));
        r.originalDatagram().copyTo(body, 0);
      }
      case RouterAdvertisement r -> {
        v.setNumAddrs(r.entries().size());
        v.setAddrEntrySize(2);
        v.setLifetime(r.lifetime());
        for (int i = 0; i < r.entries().size(); i++) {
          RouterEntry e = r.entries().get(i);
          v.setRouterEntry(i, bits(e.address()), e.preference());
        }
        r.trailer().copyTo(body, 8L * r.entries().size());
      }
      case RouterSolicitation r -> { }
      case TimeExceeded t ->
          v.setRfc4884Length(multipart(t.originalDatagram(), t.extensions()).emit(body, 4, policy));
      case ParameterProblem pp -> {
        v.setPointer(pp.pointer());
        v.setRfc4884Length(multipart(pp.originalDatagram(), pp.extensions()).emit(body, 4, policy));
      }
      case Timestamp t -> timestamps(v, t.identifier(), t.sequence(), t.originate(), t.receive(), t.transmit());
      case TimestampReply t -> timestamps(v, t.identifier(), t.sequence(), t.originate(), t.receive(), t.transmit());
      case InformationRequest i -> {
        v.setEchoIdentifier(i.identifier());
        v.setEchoSequence(i.sequence());
      }
      case InformationReply i -> {
        v.setEchoIdentifier(i.identifier());
        v.setEchoSequence(i.sequence());
      }
      case AddressMaskRequest a -> {
        v.setEchoIdentifier(a.identifier());
        v.setEchoSequence(a.sequence());
        v.setAddressMask(bits(a.mask()));
      }
      case AddressMaskReply a -> {
        v.setEchoIdentifier(a.identifier());
        v.setEchoSequence(a.sequence());
        v.setAddressMask(bits(a.mask()));
      }
      case ExtendedEchoRequest x -> {
        v.setEchoIdentifier(x.identifier());
        v.setExtendedEchoSequence(x.sequence());
        v.setExtendedEchoLocal(x.local());
        // RFC 8335 section 2: the extension structure checksum is always computed
        IcmpExtensions.of(x.query()).emit(body, ChecksumPolicy.FILL);
      }
      case ExtendedEchoReply x -> {
        v.setEchoIdentifier(x.identifier());
        v.setExtendedEchoSequence(x.sequence());
        v.setExtendedEchoReplyFlags(x.state(), x.active(), x.ipv4(), x.ipv6());
      }
      case Unknown u -> {
        u.restOfHeader().copyTo(seg, 4);
        u.body().copyTo(body, 0);
      }
    }
    if (policy.fillsOnEmit()) {
      v.fillChecksum();
    }
  }

  private static void timestamps(Icmpv4Packet v, int id, int seq, long o, long r, long t) {
    v.setEchoIdentifier(id);
    v.setEchoSequence(seq);
    v.setOriginateTimestamp(o);
    v.setReceiveTimestamp(r);
    v.setTransmitTimestamp(t);
  }

  // ---- print --------------------------------------------------------------------------------

  private static String idSeq(int id, int seq) {
    // tshark shows the sequence number read big-endian and little-endian
    return String.format(" id=0x%04x, seq=%d/%d", id, seq, Short.reverseBytes((short) seq) & 0xFFFF);
  }

  static String summary(Icmpv4Message m) {
    String prefix = Icmpv4Types.infoPrefix(m.type(), m.code());
    return switch (m) {
      case EchoRequest e -> prefix + idSeq(e.identifier(), e.sequence());
      case EchoReply e -> prefix + idSeq(e.identifier(), e.sequence());
      case Timestamp t -> prefix + idSeq(t.identifier(), t.sequence());
      case TimestampReply t -> prefix + idSeq(t.identifier(), t.sequence());
      case InformationRequest i -> prefix + idSeq(i.identifier(), i.sequence());
      case InformationReply i -> prefix + idSeq(i.identifier(), i.sequence());
      case AddressMaskRequest a -> prefix + idSeq(a.identifier(), a.sequence());
      case AddressMaskReply a -> prefix + idSeq(a.identifier(), a.sequence());
      default -> prefix;
    };
  }

  private static String hex16(int v) {
    return String.format("%d (0x%04x)", v, v);
  }

  private static void identSeq(FieldTree t, int id, int seq) {
    t.field("Identifier (BE)", hex16(id));
    t.field("Identifier (LE)", hex16(Short.reverseBytes((short) id) & 0xFFFF));
    t.field("Sequence Number (BE)", hex16(seq));
    t.field("Sequence Number (LE)", hex16(Short.reverseBytes((short) seq) & 0xFFFF));
  }

  private static void ts(FieldTree t, String name, long ms) {
    t.field(name + " Timestamp", ms + " (" + (ms / 1000) + "." + String.format("%03d", ms % 1000)
        + " seconds after midnight UTC)");
  }

  private static void original(FieldTree t, Octets orig, IcmpExtensions ext) {
    t.field("Original datagram", orig.length() + " bytes");
    if (ext != null) {
      FieldTree e = t.child("ICMP Multi-Part Extensions");
      e.field("Version", ext.version()).field("Checksum", String.format("0x%04x", ext.checksum()));
      for (ExtensionObject o : ext.objects()) {
        o.describe(e);
      }
    }
  }

  static void describe(Icmpv4Message m, FieldTree t) {
    String typeName = m.type() == 9 && (m.code() == 0 || m.code() == 16)
        ? "Mobile IP Advertisement" : Icmpv4Types.displayTypeName(m.type());
    t.field("Type", m.type() + " (" + typeName + ")");
    String codeName = Icmpv4Types.displayCodeName(m.type(), m.code());
    t.field("Code", codeName != null ? m.code() + " (" + codeName + ")" : String.valueOf(m.code()));
    switch (m) {
      case EchoRequest e -> {
        identSeq(t, e.identifier(), e.sequence());
        t.field("Data", e.data().length() + " bytes");
      }
      case EchoReply e -> {
        identSeq(t, e.identifier(), e.sequence());
        t.field("Data", e.data().length() + " bytes");
      }
      case DestinationUnreachable d -> {
        if (d.extensions() != null) {
          t.field("Length", d.bufferLength() - 8 - d.extensions().bufferLength());
        }
        if (d.code() == Icmpv4Types.CODE_FRAGMENTATION_NEEDED) {
          t.field("MTU of next hop", d.nextHopMtu());
        }
        original(t, d.originalDatagram(), d.extensions());
      }
      case SourceQuench s -> original(t, s.originalDatagram(), null);
      case Redirect r -> {
        t.field("Gateway Address", r.gateway().getHostAddress());
        original(t, r.originalDatagram(), null);
      }
      case RouterAdvertisement r -> {
        t.field("Number of addresses", r.entries().size());
        t.field("Address entry size", 2);
        t.field("Lifetime", r.lifetime() + " (" + r.lifetime() + " seconds)");
        for (RouterEntry e : r.entries()) {
          t.field("Router address", e.address().getHostAddress());
          t.field("Preference level", e.preference());
        }
        if (!r.trailer().isEmpty()) {
          t.field("Data", r.trailer().length() + " bytes");
        }
      }
      case RouterSolicitation r -> { }
      case TimeExceeded x -> original(t, x.originalDatagram(), x.extensions());
      case ParameterProblem pp -> {
        t.field("Pointer", pp.pointer());
        original(t, pp.originalDatagram(), pp.extensions());
      }
      case Timestamp x -> {
        identSeq(t, x.identifier(), x.sequence());
        ts(t, "Originate", x.originate());
        ts(t, "Receive", x.receive());
        ts(t, "Transmit", x.transmit());
      }
      case TimestampReply x -> {
        identSeq(t, x.identifier(), x.sequence());
        ts(t, "Originate", x.originate());
        ts(t, "Receive", x.receive());
        ts(t, "Transmit", x.transmit());
      }
      case InformationRequest i -> identSeq(t, i.identifier(), i.sequence());
      case InformationReply i -> identSeq(t, i.identifier(), i.sequence());
      case AddressMaskRequest a -> {
        identSeq(t, a.identifier(), a.sequence());
        t.field("Address Mask", a.mask().getHostAddress());
      }
      case AddressMaskReply a -> {
        identSeq(t, a.identifier(), a.sequence());
        t.field("Address Mask", a.mask().getHostAddress());
      }
      case ExtendedEchoRequest x -> {
        t.field("Identifier", hex16(x.identifier()));
        t.field("Sequence Number", x.sequence());
        t.field("Local bit", x.local() ? "Set" : "Not set");
        FieldTree e = t.child("ICMP Multi-Part Extensions");
        e.field("Version", IcmpExtensions.VERSION);
        x.query().describe(e);
      }
      case ExtendedEchoReply x -> {
        t.field("Identifier", hex16(x.identifier()));
        t.field("Sequence Number", x.sequence());
        t.field("State", x.state());
        t.field("Active bit", x.active() ? "Set" : "Not set");
        t.field("IPv4 bit", x.ipv4() ? "Set" : "Not set");
        t.field("IPv6 bit", x.ipv6() ? "Set" : "Not set");
      }
      case Unknown u -> {
        t.field("Rest of header", u.restOfHeader().toHex());
        t.field("Data", u.body().length() + " bytes");
      }
    }
  }
}
