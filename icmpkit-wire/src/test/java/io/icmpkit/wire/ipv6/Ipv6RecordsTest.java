package io.icmpkit.wire.ipv6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.ipv6.Ipv6ExtensionHeader.AuthenticationHeader;
import io.icmpkit.wire.ipv6.Ipv6ExtensionHeader.DestinationOptions;
import io.icmpkit.wire.ipv6.Ipv6ExtensionHeader.Fragment;
import io.icmpkit.wire.ipv6.Ipv6ExtensionHeader.HopByHopOptions;
import io.icmpkit.wire.ipv6.Ipv6ExtensionHeader.Routing;
import io.icmpkit.wire.ipv6.Ipv6ExtensionHeader.Unknown;
import io.icmpkit.wire.print.FieldTree;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ipv6RecordsTest {
  static final Inet6Address SRC = v6("2001:db8::1");
  static final Inet6Address DST = v6("2001:db8::2");

  static Inet6Address v6(String s) {
    try {
      return (Inet6Address) InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static MemorySegment vec(String name) {
    return MemorySegment.ofArray(Vectors.get("ip", name).toByteArray());
  }

  static List<Ipv6ExtensionHeader> chain(String vector) {
    return Ipv6ExtensionHeader.parseChain(Ipv6Packet.checked(vec(vector)));
  }

  static List<Ipv6ExtensionHeader> expected(String vector) {
    return switch (vector) {
      case "v6_echo", "v6_udp", "v6_esp", "v6_nonext" -> List.of();
      case "v6_hbh_ra_frag" -> List.of(
          new HopByHopOptions(44, List.of(new Ipv6Option.RouterAlert(0), new Ipv6Option.PadN(Octets.EMPTY))),
          new Fragment(58, 0, true, 0xdeadbeefL));
      case "v6_frag_nonfirst" -> List.of(new Fragment(17, 800, false, 5));
      case "v6_routing0" -> List.of(new Routing(17, 0, 2, Octets.ofHex("00000000"
          + "20010db8000000000000000000000005" + "20010db8000000000000000000000006")));
      case "v6_srh" -> List.of(new Routing(17, 4, 0, Octets.ofHex("00000000 20010db8000000000000000000000007")));
      case "v6_destopt" -> List.of(new DestinationOptions(6, List.of(new Ipv6Option.PadN(Octets.ofHex("00000000")))));
      case "v6_hbh_unknown_opt" -> List.of(
          new HopByHopOptions(58, List.of(new Ipv6Option.Unknown(0x9e, Octets.ofHex("01020304")))));
      case "v6_ah" -> List.of(new AuthenticationHeader(58, 0x100, 1, Octets.of(new byte[12])));
      case "v6_mobility" -> List.of(new Unknown(135, 59, Octets.ofHex("000068fb0000")));
      default -> throw new IllegalArgumentException(vector);
    };
  }

  static final String[] VECTORS = {"v6_echo", "v6_udp", "v6_esp", "v6_nonext", "v6_hbh_ra_frag", "v6_frag_nonfirst",
      "v6_routing0", "v6_srh", "v6_destopt", "v6_hbh_unknown_opt", "v6_ah", "v6_mobility"};

  @Test
  void parseChainGivesExpectedRecords() {
    for (String v : VECTORS) {
      assertThat(chain(v)).as(v).isEqualTo(expected(v));
    }
  }

  @Test
  void emitChainGivesGoldenBytes() {
    for (String v : VECTORS) {
      List<Ipv6ExtensionHeader> c = expected(v);
      int n = Ipv6ExtensionHeader.chainLength(c);
      byte[] buf = new byte[n + 3];
      Arrays.fill(buf, (byte) 0xA5);
      assertThat(Ipv6ExtensionHeader.emitChain(c, MemorySegment.ofArray(buf))).isEqualTo(n);
      assertThat(Octets.of(Arrays.copyOf(buf, n))).as(v)
          .isEqualTo(Octets.copyOf(vec(v), 40, n));
      assertThat(buf[n]).isEqualTo((byte) 0xA5);
    }
  }

  @Test
  void walkAgreesWithRecords() {
    for (String v : VECTORS) {
      Ipv6Packet p = Ipv6Packet.checked(vec(v));
      assertThat(p.extensions().headerCount()).as(v).isEqualTo(expected(v).size());
      if (p.upperLayerOffset() >= 0) {
        assertThat(p.upperLayerOffset()).isEqualTo(40 + Ipv6ExtensionHeader.chainLength(expected(v)));
      }
    }
  }

  @Test
  void fixedHeaderQuartet() {
    Ipv6Header h = new Ipv6Header(0xb8, 0x12345, 11, 58, 64, SRC, DST);
    assertThat(Ipv6Header.parse(Ipv6Packet.checked(vec("v6_echo")))).isEqualTo(h);
    byte[] buf = new byte[44];
    Arrays.fill(buf, (byte) 0xA5);
    h.emit(MemorySegment.ofArray(buf));
    assertThat(Octets.of(Arrays.copyOf(buf, 40))).isEqualTo(Octets.copyOf(vec("v6_echo"), 0, 40));
    assertThat(buf[40]).isEqualTo((byte) 0xA5);
    assertThatThrownBy(() -> h.emit(MemorySegment.ofArray(new byte[39])))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BUFFER_TOO_SMALL));
    FieldTree t = FieldTree.root("Internet Protocol Version 6");
    h.describe(t);
    assertThat(t.render()).contains("Flow Label: 0x12345", "Next Header: IPv6-ICMP (58)");
  }

  @Test
  void truncatedChainIsRejected() {
    MemorySegment s = vec("v6_hbh_ra_frag");
    for (int len = 40; len < 56; len++) {
      Ipv6Packet p = Ipv6Packet.checked(s.asSlice(0, len));
      assertThatThrownBy(() -> Ipv6ExtensionHeader.parseChain(p))
          .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }
  }

  @Test
  void unknownOptionKeepsActionAndChangeBits() {
    Ipv6Option.Unknown u = new Ipv6Option.Unknown(0x9e, Octets.EMPTY);
    assertThat(u.action()).isEqualTo(2);
    assertThat(u.mayChange()).isFalse();
    assertThat(new Ipv6Option.Unknown(0x3e, Octets.EMPTY).mayChange()).isTrue();
  }

  @Test
  void badOptionIsRejectedByParseChain() {
    byte[] b = Vectors.get("ip", "v6_hbh_unknown_opt").toByteArray();
    b[43] = 9;
    Ipv6Packet p = Ipv6Packet.checked(MemorySegment.ofArray(b));
    assertThatThrownBy(() -> Ipv6ExtensionHeader.parseChain(p))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void optionsArePadded() {
    HopByHopOptions h = new HopByHopOptions(58, List.of(new Ipv6Option.Jumbo(100000)));
    assertThat(h.bufferLength()).isEqualTo(8);
    assertThat(new DestinationOptions(6, List.of()).options()).containsExactly(Ipv6Option.PadN.ofLength(6));
    assertThat(new DestinationOptions(6, List.of(new Ipv6Option.Unknown(7, Octets.ofHex("0102")), new Ipv6Option.Pad1()))
        .options()).endsWith(new Ipv6Option.Pad1());
  }

  // ---- round trip ----

  @Provide
  Arbitrary<Ipv6Option> options() {
    return Arbitraries.oneOf(
        Arbitraries.just(new Ipv6Option.Pad1()),
        Arbitraries.integers().between(2, 9).map(Ipv6Option.PadN::ofLength),
        Arbitraries.integers().between(0, 0xFFFF).map(Ipv6Option.RouterAlert::new),
        Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(Ipv6Option.Jumbo::new),
        Combinators.combine(Arbitraries.of(0x3e, 0x9e, 0x1e, 0xc9, 0x63), Arbitraries.bytes().array(byte[].class)
            .ofMaxSize(10)).as((t, d) -> new Ipv6Option.Unknown(t, Octets.of(d))));
  }

  @Provide
  Arbitrary<Ipv6ExtensionHeader> headers() {
    Arbitrary<Integer> nh = Arbitraries.of(6, 17, 58, 59);
    Arbitrary<List<Ipv6Option>> opts = options().list().ofMaxSize(4);
    Arbitrary<byte[]> blocks = Arbitraries.integers().between(0, 3).map(n -> new byte[4 + 8 * n]);
    return Arbitraries.oneOf(
        Combinators.combine(nh, opts).as(HopByHopOptions::new),
        Combinators.combine(nh, opts).as(DestinationOptions::new),
        Combinators.combine(nh, Arbitraries.of(0, 2, 3, 4), Arbitraries.integers().between(0, 255), blocks)
            .as((n, t, sl, d) -> new Routing(n, t, sl, Octets.of(d))),
        Combinators.combine(nh, Arbitraries.integers().between(0, 8191), Arbitraries.of(true, false),
            Arbitraries.longs().between(0, 0xFFFF_FFFFL)).as((n, o, m, id) -> new Fragment(n, o * 8, m, id)),
        Combinators.combine(nh, Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.integers().between(0, 3))
            .as((n, spi, k) -> new AuthenticationHeader(n, spi, 7, Octets.of(new byte[4 + 8 * k]))));
  }

  @Property
  void oneHeaderRoundTrip(@ForAll("headers") Ipv6ExtensionHeader h) {
    byte[] buf = new byte[h.bufferLength()];
    h.emit(MemorySegment.ofArray(buf));
    List<Ipv6ExtensionHeader> back =
        Ipv6ExtensionHeader.parseChain(MemorySegment.ofArray(buf), 0, buf.length, h.headerType());
    assertThat(back).containsExactly(h);
  }

  @Property
  void walkNeverReadsPastTheEnd(@ForAll @Size(max = 120) byte[] junk, @ForAll @IntRange(max = 255) int nh) {
    Ipv6ExtensionWalk w = new Ipv6ExtensionWalk();
    w.walk(MemorySegment.ofArray(junk), 0, junk.length, nh, io.icmpkit.wire.AnomalySink.IGNORE);
    if (w.upperLayerOffset() >= 0) {
      assertThat(w.upperLayerOffset()).isLessThanOrEqualTo(junk.length);
    }
    try {
      List<Ipv6ExtensionHeader> c = Ipv6ExtensionHeader.parseChain(MemorySegment.ofArray(junk), 0, junk.length, nh);
      assertThat(Ipv6ExtensionHeader.chainLength(c)).isLessThanOrEqualTo(junk.length);
    } catch (WireException expected) {
      // a broken chain is rejected, nothing else
    }
  }
}
