package io.icmpkit.wire.ipv6;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ipv6ViewPropertiesTest {

  static void touchEverything(Ipv6Packet p) {
    p.version();
    p.trafficClass();
    p.flowLabel();
    p.payloadLength();
    p.nextHeader();
    p.hopLimit();
    p.source();
    p.destination();
    p.sourceHigh();
    p.destinationLow();
    p.payload();
    MemorySegment upper = p.upperLayerPayload();
    assertThat(upper.byteSize()).isLessThanOrEqualTo(p.capturedPayloadLength());
    p.isFragment();
    p.fragmentOffset();
    p.isNonFirstFragment();
    p.extensionHeadersTruncated();
    p.toString();
    Ipv6Header.parse(p).summary();
  }

  @Property
  void junk(@ForAll @Size(min = 40, max = 120) byte[] b, @ForAll @IntRange(max = 7) int nhPick) {
    int[] nh = {0, 43, 44, 51, 60, 135, 58, 50};
    b[0] = (byte) (0x60 | (b[0] & 0x0F));
    b[6] = (byte) nh[nhPick];
    try {
      touchEverything(Ipv6Packet.checked(MemorySegment.ofArray(b), AnomalySink.collector()));
    } catch (WireException e) {
      throw new AssertionError("a 40-byte version-6 header must be accepted", e);
    }
  }

  @Property
  void mutatedChains(@ForAll @IntRange(min = 0, max = 4) int which, @ForAll @IntRange(min = 40, max = 90) int pos,
      @ForAll byte value) {
    String[] names = {"v6_hbh_ra_frag", "v6_routing0", "v6_destopt", "v6_ah", "v6_hbh_unknown_opt"};
    byte[] b = Vectors.get("ip", names[which]).toByteArray();
    if (pos < b.length) {
      b[pos] = value;
    }
    touchEverything(Ipv6Packet.checked(MemorySegment.ofArray(b), AnomalySink.collector()));
  }

  @Property
  void headerRoundTrip(@ForAll @IntRange(max = 255) int tc, @ForAll @IntRange(max = 0xFFFFF) int flow,
      @ForAll @IntRange(max = 65535) int plen, @ForAll @IntRange(max = 255) int nh,
      @ForAll @IntRange(max = 255) int hlim, @ForAll @Size(value = 16) byte[] src, @ForAll @Size(value = 16) byte[] dst) {
    Inet6Address s = Ipv6Packet.toAddress(src);
    Inet6Address d = Ipv6Packet.toAddress(dst);
    Ipv6Header h = new Ipv6Header(tc, flow, plen, nh, hlim, s, d);
    byte[] buf = new byte[40];
    h.emit(MemorySegment.ofArray(buf));
    assertThat(Ipv6Header.parse(Ipv6Packet.checked(MemorySegment.ofArray(buf)))).isEqualTo(h);
  }

  @Test
  void jumbogramPayloadIsWhatWasCaptured() {
    // payload length 0 with a hop-by-hop header (RFC 2675): out of scope, read as captured
    byte[] g = Vectors.get("ip", "v6_hbh_ra_frag").toByteArray();
    g[4] = 0;
    g[5] = 0;
    Ipv6Packet p = Ipv6Packet.checked(MemorySegment.ofArray(g));
    assertThat(p.isTruncated()).isFalse();
    assertThat(p.capturedPayloadLength()).isEqualTo(g.length - 40);
    assertThat(p.upperLayerProtocol()).isEqualTo(58);
    // without hop-by-hop, payload length 0 means an empty payload
    byte[] e = Vectors.get("ip", "v6_echo").toByteArray();
    e[4] = 0;
    e[5] = 0;
    Ipv6Packet q = Ipv6Packet.checked(MemorySegment.ofArray(e));
    assertThat(q.capturedPayloadLength()).isZero();
    assertThat(Octets.copyOf(q.upperLayerPayload())).isEqualTo(Octets.EMPTY);
  }
}
