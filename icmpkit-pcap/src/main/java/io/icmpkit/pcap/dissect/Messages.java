package io.icmpkit.pcap.dissect;

import io.icmpkit.wire.AddressText;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.QuotedDatagram;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ext.ExtensionObject;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.InterfaceIdentification;
import io.icmpkit.wire.ext.InterfaceInformation;
import io.icmpkit.wire.ext.MplsLabelStack;
import io.icmpkit.wire.ext.UnknownObject;
import io.icmpkit.wire.iana.Icmpv4Types;
import io.icmpkit.wire.iana.Icmpv6Types;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import io.icmpkit.wire.igmp.IgmpMessage;
import io.icmpkit.wire.igmp.IgmpPacket;
import io.icmpkit.wire.igmp.IgmpType;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message layer of the dissector: ICMPv4, ICMPv6 and IGMP through the icmpkit-wire views and
 * records. Fills type, code, name, checksum verdict, the fields of the
 * message kinds (id/seq, MTU, gateway, pointer), the quoted datagram and RFC 4884 extensions.
 *
 * <p>Checksum policy: messages are parsed with {@link ChecksumPolicy#IGNORE} (an analyser never
 * drops a frame for its checksum); the verdict is computed here, and only when every byte of the
 * message is in the frame.
 */
final class Messages {
  private Messages() {}

  // ---- ICMPv4 ----

  static void icmpv4(MemorySegment m, Dissection d, Dissector.Upper up, AnomalySink sink, FieldTree root) {
    d.protocolLabel = "ICMP";
    typeCode(m, d);
    if (d.code >= 0) {
      d.name = name(Icmpv4Types.displayTypeName(d.type), Icmpv4Types.displayCodeName(d.type, d.code));
      d.summary = Icmpv4Types.infoPrefix(d.type, d.code) + MALFORMED; // replaced once the message parses
    }
    // the verdict is a property of the bytes: given whenever the whole message is here, even a short one
    if (checkable(d, up) && m.byteSize() >= 4) {
      d.checksumOk = Checksum.verifies(Checksum.sum(m, 0));
      flagChecksum(d);
    }
    Icmpv4Packet p = Icmpv4Packet.checked(m);
    Icmpv4Message msg = Icmpv4Message.parse(p, ChecksumPolicy.IGNORE, sink);
    d.summary = msg.summary();
    if (msg instanceof Icmpv4Message.Unknown && isEchoLikeV4(d.type)) {
      // cut short or odd code: the identifier and sequence are still in the 8-byte header
      d.summary = String.format("%s id=0x%04x, seq=%d/%d", Icmpv4Types.infoPrefix(d.type, d.code),
          p.echoIdentifier(), p.echoSequence(), Short.reverseBytes((short) p.echoSequence()) & 0xFFFF);
      idSeq(d, p.echoIdentifier(), p.echoSequence(), true);
    }
    switch (msg) {
      case Icmpv4Message.EchoRequest e -> idSeq(d, e.identifier(), e.sequence(), true);
      case Icmpv4Message.EchoReply e -> idSeq(d, e.identifier(), e.sequence(), true);
      case Icmpv4Message.Timestamp t -> idSeq(d, t.identifier(), t.sequence(), true);
      case Icmpv4Message.TimestampReply t -> idSeq(d, t.identifier(), t.sequence(), true);
      case Icmpv4Message.InformationRequest i -> idSeq(d, i.identifier(), i.sequence(), true);
      case Icmpv4Message.InformationReply i -> idSeq(d, i.identifier(), i.sequence(), true);
      case Icmpv4Message.AddressMaskRequest a -> idSeq(d, a.identifier(), a.sequence(), true);
      case Icmpv4Message.AddressMaskReply a -> idSeq(d, a.identifier(), a.sequence(), true);
      case Icmpv4Message.ExtendedEchoRequest e -> idSeq(d, e.identifier(), e.sequence(), false);
      case Icmpv4Message.ExtendedEchoReply e -> idSeq(d, e.identifier(), e.sequence(), false);
      case Icmpv4Message.DestinationUnreachable u -> {
        if (u.code() == Icmpv4Types.CODE_FRAGMENTATION_NEEDED) {
          d.mtu = (long) u.nextHopMtu();
        }
        extensions(d, u.extensions());
      }
      case Icmpv4Message.Redirect r -> d.gateway = r.gateway().getHostAddress();
      case Icmpv4Message.TimeExceeded t -> extensions(d, t.extensions());
      case Icmpv4Message.ParameterProblem pp -> {
        d.pointer = pp.pointer();
        extensions(d, pp.extensions());
      }
      default -> {}
    }
    if (msg instanceof Icmpv4Message.ErrorMessage err) {
      quoted(d, err.originalDatagram(), 4, sink);
    }
    if (root != null) {
      FieldTree t = root.child("Internet Control Message Protocol");
      msg.describe(t);
      checksumField(t, p.checksum(), d.checksumOk);
    }
  }

  // ---- ICMPv6 ----

  static void icmpv6(MemorySegment m, Dissection d, Dissector.Upper up, AnomalySink sink, FieldTree root) {
    d.protocolLabel = "ICMPv6";
    typeCode(m, d);
    if (d.code >= 0) {
      d.name = name(Icmpv6Types.typeName(d.type), Icmpv6Types.codeName(d.type, d.code));
      d.summary = d.name + MALFORMED; // replaced once the message parses
    }
    if (checkable(d, up) && d.ipVersion == 6 && m.byteSize() >= 4) {
      long dst = IpLayer.finalDestinationOffset(up.ip);
      if (dst >= 0) { // the pseudo-header names the final destination (RFC 8200 8.1)
        long sum = Checksum.pseudoHeaderV6(up.ip.asSlice(8, 16), up.ip.asSlice(dst, 16), m.byteSize(), 58);
        d.checksumOk = Checksum.verifies(Checksum.sum(m, sum));
        flagChecksum(d);
      }
    }
    Icmpv6Packet p = Icmpv6Packet.checked(m);
    Icmpv6Message msg = Icmpv6Message.parse(p, (MemorySegment) null, null, ChecksumPolicy.IGNORE, sink);
    d.summary = msg.summary();
    if (d.ipVersion == 6) {
      Icmpv6Message.checkMldHopLimit(d.type, d.ttl, sink); // row 45: the hop limit is the IP layer's
    }
    if (msg instanceof Icmpv6Message.Unknown && (d.type == 128 || d.type == 129) && m.byteSize() >= 8) {
      d.summary = String.format("%s id=0x%04x, seq=%d", Icmpv6Types.typeName(d.type), p.echoIdentifier(),
          p.echoSequence());
      idSeq(d, p.echoIdentifier(), p.echoSequence(), false);
    }
    switch (msg) {
      case Icmpv6Message.EchoRequest e -> idSeq(d, e.identifier(), e.sequence(), false);
      case Icmpv6Message.EchoReply e -> idSeq(d, e.identifier(), e.sequence(), false);
      case Icmpv6Message.ExtendedEchoRequest e -> idSeq(d, e.identifier(), e.sequence(), false);
      case Icmpv6Message.ExtendedEchoReply e -> idSeq(d, e.identifier(), e.sequence(), false);
      case Icmpv6Message.PacketTooBig t -> d.mtu = t.mtu();
      case Icmpv6Message.ParameterProblem pp -> d.pointer = (int) Math.min(pp.pointer(), Integer.MAX_VALUE);
      case Icmpv6Message.DestinationUnreachable u -> {
        if (u.extensions() != null) {
          extensions(d, u.extensions());
        }
      }
      case Icmpv6Message.TimeExceeded t -> {
        if (t.extensions() != null) {
          extensions(d, t.extensions());
        }
      }
      default -> {}
    }
    if (d.type == 137 && m.byteSize() >= 40) { // Redirect (RFC 4861 4.5): target address is the gateway
      d.gateway = AddressText.ipv6(m, 8);
    }
    if (msg instanceof Icmpv6Message.Error err) {
      quoted(d, err.originalDatagram(), 6, sink);
    }
    if (root != null) {
      FieldTree t = root.child("Internet Control Message Protocol v6");
      msg.describe(t);
      checksumField(t, p.checksum(), d.checksumOk);
    }
  }

  // ---- IGMP ----

  static void igmp(MemorySegment m, Dissection d, Dissector.Upper up, AnomalySink sink, FieldTree root) {
    d.protocolLabel = "IGMP";
    typeCode(m, d);
    if (d.type >= 0) {
      d.name = IgmpType.valueOf(d.type).name();
      d.summary = d.name + MALFORMED;
    }
    // tshark (packet-igmp.c igmp_checksum) verifies v1/v2 messages over their fixed 8 bytes only
    // when all 8 are there: a shorter message gets no verdict
    if (checkable(d, up) && m.byteSize() >= 8) {
      d.checksumOk = Checksum.verifies(Checksum.sum(m, 0));
      flagChecksum(d);
    }
    IgmpPacket p = IgmpPacket.checked(m, sink);
    int version = p.version();
    d.protocolLabel = version == 0 ? "IGMP" : "IGMPv" + version;
    IgmpMessage msg = IgmpMessage.parse(p, ChecksumPolicy.IGNORE, sink);
    d.summary = msg.summary();
    if (root != null) {
      FieldTree t = root.child("Internet Group Management Protocol");
      msg.describe(t);
      checksumField(t, p.checksum(), d.checksumOk);
    }
  }

  // ---- shared ----

  /** What tshark appends to the Info column of a message it could not decode. */
  static final String MALFORMED = "[Malformed Packet]";

  private static boolean isEchoLikeV4(int type) {
    return switch (type) {
      case 0, 8, 13, 14, 15, 16, 17, 18 -> true;
      default -> false;
    };
  }

  private static void checksumField(FieldTree t, int checksum, Boolean ok) {
    t.field("Checksum", String.format("0x%04x [%s]", checksum,
        ok == null ? "unverified" : ok ? "correct" : "incorrect"));
  }

  private static void typeCode(MemorySegment m, Dissection d) {
    // type and code are shown even for a message too short for its header (BAD-INPUTS row 19)
    if (m.byteSize() >= 1) {
      d.type = Bytes.u8(m, 0);
    }
    if (m.byteSize() >= 2) {
      d.code = Bytes.u8(m, 1);
    }
  }

  private static String name(String type, String code) {
    return code == null || code.isEmpty() ? type : type + " (" + code + ")";
  }

  private static void flagChecksum(Dissection d) {
    if (Boolean.FALSE.equals(d.checksumOk)) {
      Dissector.addAnomaly(d, io.icmpkit.wire.Anomaly.ICMP_BAD_CHECKSUM);
    }
  }

  /** The checksum can be verified only over the whole message: not truncated, not a fragment. */
  static boolean checkable(Dissection d, Dissector.Upper up) {
    return up.complete && !up.firstFragment && !d.fragment;
  }

  private static void idSeq(Dissection d, int id, int seq, boolean ttlSuffix) {
    d.id = id;
    d.seq = seq;
    // tshark appends the IP TTL / hop limit to echo-like lines
    if (d.ipVersion == 4 && ttlSuffix) {
      d.summary = d.summary + ", ttl=" + d.ttl;
    } else if (d.ipVersion == 6 && (d.type == 128 || d.type == 129)) {
      d.summary = d.summary + ", hop limit=" + d.ttl;
    }
  }

  private static void quoted(Dissection d, Octets original, int version, AnomalySink sink) {
    QuotedDatagram q = QuotedDatagram.parse(original.asSegment(), version, sink);
    if (q.ipVersion() == 0 || (q.source() == null && q.protocol() < 0)) {
      return; // nothing of the quoted header is readable
    }
    // a cut quote shows what it holds (rows 25/28: flagged, and QuotedDatagram.hasTuple() stays false)
    d.quoted = new Quoted(q.ipVersion(), q.source() == null ? null : text(q.source()),
        q.destination() == null ? null : text(q.destination()), q.protocol(),
        q.hasPorts() ? q.sourcePort() : -1, q.hasPorts() ? q.destinationPort() : -1);
  }

  private static String text(InetAddress a) {
    return AddressText.of(a);
  }

  private static void extensions(Dissection d, IcmpExtensions ext) {
    if (ext == null) {
      return;
    }
    for (ExtensionObject o : ext.objects()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("class", o.classNum());
      m.put("c_type", o.cType());
      switch (o) {
        case MplsLabelStack s -> {
          m.put("name", "mpls_label_stack");
          List<Object> labels = new ArrayList<>();
          for (MplsLabelStack.Entry e : s.entries()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("label", e.label());
            l.put("tc", e.trafficClass());
            l.put("s", e.bottomOfStack());
            l.put("ttl", e.ttl());
            labels.add(l);
          }
          m.put("labels", labels);
        }
        case InterfaceInformation i -> {
          m.put("name", "interface_information");
          m.put("role", InterfaceInformation.roleName(i.role()));
          putIfPresent(m, "if_index", i.ifIndex());
          putIfPresent(m, "address", i.address() == null ? null : text(i.address()));
          putIfPresent(m, "if_name", i.name());
          putIfPresent(m, "mtu", i.mtu());
        }
        case InterfaceIdentification i -> {
          m.put("name", "interface_identification");
          putIfPresent(m, "if_name", i.name());
          if (i.cType() == InterfaceIdentification.BY_INDEX) {
            m.put("if_index", i.index());
          }
          if (i.cType() == InterfaceIdentification.BY_ADDRESS) {
            InetAddress a = i.inetAddress();
            m.put("address", a != null ? text(a) : i.address().toHex());
          }
        }
        case UnknownObject u -> {
          m.put("name", "unknown");
          m.put("payload", u.payload().toHex());
        }
      }
      d.extensions.add(m);
    }
  }

  private static void putIfPresent(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
