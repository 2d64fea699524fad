package io.icmpkit.wire.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** After checked() succeeds no accessor throws, whatever the bytes (the view's contract). */
class Ipv4ViewPropertiesTest {

  static void touchEverything(Ipv4Packet p) {
    p.version();
    p.ihl();
    p.dscp();
    p.ecn();
    p.typeOfService();
    p.identification();
    p.flags();
    p.reservedFlag();
    p.dontFragment();
    p.moreFragments();
    p.fragmentOffset();
    p.isFragment();
    p.ttl();
    p.protocol();
    p.headerChecksum();
    p.source();
    p.destination();
    p.options();
    p.payload();
    p.isTruncated();
    p.verifyChecksum();
    p.computeChecksum();
    p.toString();
    Ipv4OptionWalk w = new Ipv4OptionWalk();
    int steps = 0;
    for (w.reset(p, AnomalySink.IGNORE); w.next(); steps++) {
      assertThat(w.offset() + w.length()).isLessThanOrEqualTo(p.headerLength());
    }
    assertThat(steps).isLessThanOrEqualTo(40);
    Ipv4Header h = Ipv4Header.parse(p, ChecksumPolicy.IGNORE, AnomalySink.IGNORE);
    h.summary();
    // raw option fallback keeps every header byte, so the header re-emits to the same bytes
    byte[] out = new byte[h.bufferLength()];
    h.emit(MemorySegment.ofArray(out), ChecksumPolicy.IGNORE);
    byte[] in = p.segment().asSlice(0, p.headerLength()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    in[10] = 0;
    in[11] = 0;
    assertThat(out).isEqualTo(in);
  }

  @Property
  void junk(@ForAll @Size(max = 80) byte[] b) {
    if (b.length > 0) {
      b[0] = (byte) (0x40 | (b[0] & 0x0F)); // mostly version 4, so that the rest gets exercised
    }
    try {
      touchEverything(Ipv4Packet.checked(MemorySegment.ofArray(b), AnomalySink.collector()));
    } catch (WireException expected) {
      // rejected at the boundary: fine
    }
  }

  @Property
  void mutatedOptions(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll @IntRange(min = 20, max = 35) int pos,
      @ForAll byte value) {
    String[] names = {"v4_rr", "v4_ts", "v4_lsrr", "v4_router_alert"};
    byte[] b = Vectors.get("ip", names[which]).toByteArray();
    if (pos < b.length) {
      b[pos] = value;
    }
    touchEverything(Ipv4Packet.checked(MemorySegment.ofArray(b), AnomalySink.collector()));
  }
}
