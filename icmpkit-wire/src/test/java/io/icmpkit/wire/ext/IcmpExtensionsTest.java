package io.icmpkit.wire.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The RFC 4884 structure, its objects and the splitter, on Scapy's bytes and on generated ones. */
class IcmpExtensionsTest {

  static Octets structure(String name) {
    // the structure starts after the 8-byte header and the 128-byte padded quote
    Octets all = io.icmpkit.wire.testing.Vectors.get("icmpv4", name);
    return Octets.copyOf(all.asSegment(), 136, all.length() - 136);
  }

  static Octets emit(IcmpExtensions e, ChecksumPolicy p) {
    byte[] b = new byte[e.bufferLength()];
    java.util.Arrays.fill(b, (byte) 0xA5);
    e.emit(MemorySegment.ofArray(b), p);
    return Octets.of(b);
  }

  @Test
  void reservedBitsAreKeptSoTheChecksumStillVerifies() {
    // fuzz finding: reserved bits 0x00D under a checksum that verifies over them
    Octets in = Octets.ofHex("200d9de70008010100014101");
    IcmpExtensions e = IcmpExtensions.parse(in.asSegment(), true);
    assertThat(e.reserved()).isEqualTo(0x00D);
    assertThat(e.checksum()).isEqualTo(0x9DE7);
    assertThat(emit(e, ChecksumPolicy.IGNORE)).isEqualTo(in);
    assertThat(emit(e, ChecksumPolicy.FILL)).isEqualTo(in);
    assertThat(IcmpExtensions.checksumOk(emit(e, ChecksumPolicy.IGNORE).asSegment())).isTrue();
    assertThat(IcmpExtensions.parse(in.asSegment(), false)).isEqualTo(e);
    assertThatThrownBy(() -> new IcmpExtensions(2, 0x1000, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mplsLabelStackDeconstruct() {
    IcmpExtensions e = IcmpExtensions.parse(structure("time_exceeded_mpls2").asSegment(), true);
    assertThat(e.version()).isEqualTo(2);
    MplsLabelStack s = (MplsLabelStack) e.objects().getFirst();
    assertThat(s.entries()).containsExactly(
        new MplsLabelStack.Entry(24001, 5, false, 254), new MplsLabelStack.Entry(1048575, 7, true, 1));
    assertThat(emit(e, ChecksumPolicy.FILL)).isEqualTo(structure("time_exceeded_mpls2"));
    assertThat(emit(e, ChecksumPolicy.IGNORE)).isEqualTo(structure("time_exceeded_mpls2")); // stored checksum
  }

  @Test
  void interfaceInformationDeconstruct() {
    IcmpExtensions e = IcmpExtensions.parse(structure("unreach_ifinfo").asSegment(), true);
    InterfaceInformation i = (InterfaceInformation) e.objects().getFirst();
    assertThat(i.role()).isEqualTo(InterfaceInformation.ROLE_OUTGOING);
    assertThat(i.cType()).isEqualTo(0x8F);
    assertThat(i.ifIndex()).isEqualTo(7L);
    assertThat(i.address().getHostAddress()).isEqualTo("192.0.2.254");
    assertThat(i.name()).isEqualTo("eth0");
    assertThat(i.mtu()).isEqualTo(1500L);
    FieldTree t = FieldTree.root("x");
    i.describe(t);
    assertThat(t.render()).contains("Outgoing IP Interface").contains("eth0");
  }

  @Test
  void badChecksumRejectedWhenVerifying() {
    Octets s = structure("time_exceeded_mpls_badsum");
    assertThatThrownBy(() -> IcmpExtensions.parse(s.asSegment(), true))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.BAD_CHECKSUM));
    assertThat(IcmpExtensions.parse(s.asSegment(), false).checksum()).isEqualTo(0x1234);
  }

  @Test
  void objectLengthZeroOrPastTheEndStopsTheWalk() {
    for (String n : List.of("time_exceeded_ext_len0obj", "time_exceeded_ext_longobj")) {
      assertThatThrownBy(() -> IcmpExtensions.parse(structure(n).asSegment(), false))
          .as(n).isInstanceOfSatisfying(WireException.class,
              e -> assertThat(e.reason()).isEqualTo(WireException.Reason.MALFORMED));
    }
    // stray bytes after the last object, and a wrong version
    assertThatThrownBy(() -> IcmpExtensions.parse(Octets.ofHex("20000000 0008 0101 00000000 00").asSegment(), false))
        .isInstanceOf(WireException.class);
    assertThatThrownBy(() -> IcmpExtensions.parse(Octets.ofHex("10000000").asSegment(), false))
        .isInstanceOf(WireException.class);
  }

  @Test
  void inexactObjectsStayRaw() {
    // MPLS payload not a multiple of 4; interface info with a reserved bit; name without padding
    IcmpExtensions e = IcmpExtensions.parse(Octets.ofHex(
        "20000000 0007 0101 010203 0008 0230 00000001 0009 0101 0000000000").asSegment(), false);
    assertThat(e.objects()).allMatch(o -> o instanceof UnknownObject);
  }

  @Test
  void splitterCases() {
    byte[] body = new byte[200];
    AnomalySink.Collector c = AnomalySink.collector();
    Multipart m = Multipart.split(MemorySegment.ofArray(body), 0, c);
    assertThat(m.extensions()).isNull();
    assertThat(m.originalDatagram().length()).isEqualTo(200);
    assertThat(c.anomalies()).isEmpty();
    // length attribute beyond the body, and below 128
    Multipart.split(MemorySegment.ofArray(body), 252 * 4, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_EXT_BAD);
    c.clear();
    Multipart.split(MemorySegment.ofArray(body), 64, c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_EXT_BAD);
  }

  @Test
  void paddingRules() {
    assertThat(Multipart.paddedOriginalLength(28, null, 4)).isEqualTo(28);
    IcmpExtensions e = IcmpExtensions.of();
    assertThat(Multipart.paddedOriginalLength(28, e, 4)).isEqualTo(128);
    assertThat(Multipart.paddedOriginalLength(130, e, 4)).isEqualTo(132);
    assertThat(Multipart.paddedOriginalLength(130, e, 8)).isEqualTo(136);
  }

  @Test
  void oversizedQuoteWithExtensionsIsUnencodable() {
    Multipart m = new Multipart(Octets.of(new byte[1021]), IcmpExtensions.of());
    MemorySegment dst = MemorySegment.ofArray(new byte[m.bufferLength(4)]);
    assertThatThrownBy(() -> m.emit(dst, 4, ChecksumPolicy.FILL))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(WireException.Reason.UNENCODABLE));
  }

  @Test
  void recordsValidate() {
    assertThatThrownBy(() -> new MplsLabelStack.Entry(1 << 20, 0, true, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InterfaceInformation(4, null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InterfaceInformation(0, null, null, "x".repeat(64), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InterfaceIdentification.byName("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InterfaceIdentification(4, null, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- properties --------------------------------------------------------------------------

  @Provide
  Arbitrary<ExtensionObject> objects() {
    Arbitrary<MplsLabelStack.Entry> entry = Combinators.combine(
            Arbitraries.integers().between(0, 0xFFFFF), Arbitraries.integers().between(0, 7),
            Arbitraries.of(true, false), Arbitraries.integers().between(0, 255))
        .as(MplsLabelStack.Entry::new);
    Arbitrary<ExtensionObject> mpls = entry.list().ofMaxSize(5).map(MplsLabelStack::new);
    Arbitrary<InetAddress> addr = Arbitraries.of(4, 16).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n))
        .map(b -> {
          try {
            return InetAddress.getByAddress(b);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        })
        .filter(a -> a.getAddress().length == 4 || a instanceof java.net.Inet6Address);
    Arbitrary<String> name = Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(63);
    Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    Arbitrary<ExtensionObject> info = Combinators.combine(Arbitraries.integers().between(0, 3),
            u32.injectNull(0.4), addr.injectNull(0.4), name.injectNull(0.4), u32.injectNull(0.4))
        .as(InterfaceInformation::new);
    Arbitrary<ExtensionObject> ident = Arbitraries.oneOf(
        name.map(InterfaceIdentification::byName), u32.map(InterfaceIdentification::byIndex),
        addr.map(InterfaceIdentification::byAddress),
        Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
            .as((afi, b) -> new InterfaceIdentification(3, null, 0, afi, Octets.of(b))));
    Arbitrary<ExtensionObject> unknown = Combinators.combine(Arbitraries.integers().between(4, 255),
            Arbitraries.integers().between(0, 255), Arbitraries.bytes().array(byte[].class).ofMaxSize(24))
        .as((cl, ct, b) -> new UnknownObject(cl, ct, Octets.of(b)));
    return Arbitraries.oneOf(mpls, info, ident, unknown);
  }

  @Property(tries = 300)
  void roundTrip(@ForAll @Size(max = 4) List<@net.jqwik.api.From("objects") ExtensionObject> objs) {
    IcmpExtensions e = IcmpExtensions.of(objs);
    Octets bytes = emit(e, ChecksumPolicy.FILL);
    assertThat(bytes.length()).isEqualTo(e.bufferLength());
    assertThat(IcmpExtensions.parse(bytes.asSegment(), true)).isEqualTo(e);
  }

  @Property(tries = 300)
  void anyParsedStructureReEmitsItsBytes(@ForAll @Size(max = 80) byte[] junk) {
    byte[] b = junk.clone();
    if (b.length > 1) {
      b[0] = 0x20; // version 2 and zero reserved bits, so the object walk is what gets exercised
      b[1] = 0;
    }
    try {
      IcmpExtensions e = IcmpExtensions.parse(MemorySegment.ofArray(b), false);
      // IGNORE writes the stored checksum: every object, known or raw, must give back its bytes
      assertThat(emit(e, ChecksumPolicy.IGNORE)).isEqualTo(Octets.of(b));
    } catch (WireException expected) {
      // fine: rejected
    }
  }
}
