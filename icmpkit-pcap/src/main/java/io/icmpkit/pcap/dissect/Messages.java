package io.icmpkit.pcap.dissect;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/** The message layer of the dissector: ICMPv4, ICMPv6, IGMP. */
final class Messages {
  private Messages() {}

  static void icmpv4(MemorySegment m, Dissection d, Dissector.Upper up, FieldTree root) {
    d.protocolLabel = "ICMP";
    common(m, d, up, root, "Internet Control Message Protocol");
    if (d.checksumOk != null || !checkable(d, up, m)) {
      return;
    }
  }

  static void icmpv6(MemorySegment m, Dissection d, Dissector.Upper up, FieldTree root) {
    d.protocolLabel = "ICMPv6";
    common(m, d, up, root, "Internet Control Message Protocol v6");
  }

  static void igmp(MemorySegment m, Dissection d, Dissector.Upper up, FieldTree root) {
    d.protocolLabel = "IGMP";
    common(m, d, up, root, "Internet Group Management Protocol");
  }

  private static void common(MemorySegment m, Dissection d, Dissector.Upper up, FieldTree root, String label) {
    WireException.requireLength(m.byteSize(), 4, label);
    d.type = Bytes.u8(m, 0);
    d.code = Bytes.u8(m, 1);
    d.name = "Type " + d.type;
    if (checkable(d, up, m)) {
      d.checksumOk = d.protocol == 58 && d.ipVersion == 6
          ? IpLayer.icmpv6ChecksumOk(up.ip, m)
          : Checksum.verifies(Checksum.sum(m, 0));
    }
    d.summary = d.name + ", code " + d.code;
    if (root != null) {
      root.child(label).field("Type", d.type).field("Code", d.code)
          .field("Checksum", String.format("0x%04x", Bytes.u16(m, 2)));
    }
  }

  static boolean checkable(Dissection d, Dissector.Upper up, MemorySegment m) {
    return up.complete && !up.firstFragment && !d.fragment;
  }
}
