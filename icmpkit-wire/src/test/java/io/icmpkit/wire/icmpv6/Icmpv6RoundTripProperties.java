package io.icmpkit.wire.icmpv6;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.icmpv6.Icmpv6Message.*;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Mldv2Report.MulticastAddressRecord;
import io.icmpkit.wire.icmpv6.NdpOption.*;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** parse(emit(x)) == x for generated records, and arbitrary bytes never escape as anything but WireException. */
class Icmpv6RoundTripProperties {
  private static final Inet6Address SRC = V6.addr("2001:db8::1");
  private static final Inet6Address DST = V6.addr("ff02::1");

  @Property(tries = 300)
  void roundTrip(@ForAll("messages") Icmpv6Message m) {
    MemorySegment buf = MemorySegment.ofArray(new byte[m.bufferLength()]);
    m.emit(buf, SRC, DST, ChecksumPolicy.FILL);
    Icmpv6Packet p = Icmpv6Packet.checked(buf);
    assertThat(p.verifyChecksum(Ip6.segment(SRC), Ip6.segment(DST))).isTrue();
    AnomalySink.Collector c = AnomalySink.collector();
    Icmpv6Message back = Icmpv6Message.parse(p, SRC, DST, ChecksumPolicy.VERIFY, c);
    assertThat(back).isEqualTo(m);
    // and once more: the bytes are stable
    MemorySegment again = MemorySegment.ofArray(new byte[back.bufferLength()]);
    back.emit(again, SRC, DST, ChecksumPolicy.FILL);
    assertThat(again.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(buf.toArray(ValueLayout.JAVA_BYTE));
  }

  @Property(tries = 2000)
  void arbitraryBytesOnlyEverGiveWireException(@ForAll @Size(max = 200) byte[] body, @ForAll("types") int type) {
    byte[] b = body.clone();
    if (b.length > 0) {
      b[0] = (byte) type;
    }
    Icmpv6Message m;
    try {
      m = Icmpv6Message.parse(Icmpv6Packet.checked(MemorySegment.ofArray(b)), (MemorySegment) null, null,
          ChecksumPolicy.IGNORE, AnomalySink.collector());
    } catch (WireException expected) {
      return;
    }
    m.summary();
    m.describe(FieldTree.root("x"));
    MemorySegment out = MemorySegment.ofArray(new byte[m.bufferLength()]);
    m.emit(out, ChecksumPolicy.IGNORE);
    assertThat(Icmpv6Message.parse(Icmpv6Packet.checked(out), ChecksumPolicy.IGNORE)).isEqualTo(m);
  }

  @Provide
  Arbitrary<Integer> types() {
    return Arbitraries.of(1, 2, 3, 4, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 139, 140, 143, 160, 161, 99, 200);
  }

  private static Arbitrary<Inet6Address> addresses() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16).map(Ip6::of);
  }

  private static Arbitrary<Octets> octets(int max) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(max).map(Octets::of);
  }

  private static Arbitrary<Octets> padded(int maxUnits) {
    return Arbitraries.integers().between(1, maxUnits)
        .flatMap(u -> Arbitraries.bytes().array(byte[].class).ofSize(u * 8 - 2).map(Octets::of));
  }

  private static Arbitrary<NdpOption> options() {
    Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> domain = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    return Arbitraries.oneOf(
        padded(2).map(SourceLinkLayerAddress::new),
        padded(2).map(TargetLinkLayerAddress::new),
        Combinators.combine(Arbitraries.integers().between(0, 128), Arbitraries.integers().between(0, 0xFF), u32, u32,
            addresses()).as((l, f, v, p, a) -> new PrefixInformation(l, (f & 0x80) != 0, (f & 0x40) != 0,
                (f & 0x20) != 0, f & 0x1F, v, p, a)),
        Arbitraries.integers().between(0, 4).map(n -> new RedirectedHeader(Octets.of(new byte[8 * n]))),
        u32.map(Mtu::new),
        padded(2).map(Nonce::new),
        Combinators.combine(Arbitraries.integers().between(0, 128), Arbitraries.integers().between(0, 3), u32,
            addresses()).as(RouteInformation::new),
        Combinators.combine(u32, addresses().list().ofMaxSize(3)).as(RecursiveDnsServer::new),
        Combinators.combine(u32, domain.list().ofMinSize(1).ofMaxSize(3)).as(DnsSearchList::new),
        Combinators.combine(Arbitraries.of(6, 7, 26, 38, 200, 253), padded(3)).as(UnknownOption::new));
  }

  @Provide
  Arbitrary<Icmpv6Message> messages() {
    Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xFF);
    Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
    Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    Arbitrary<List<NdpOption>> opts = options().list().ofMaxSize(4);
    Arbitrary<Boolean> bool = Arbitraries.of(true, false);
    return Arbitraries.oneOf(
        Combinators.combine(u16, u16, octets(64)).as(EchoRequest::new),
        Combinators.combine(u16, u16, octets(64)).as(EchoReply::new),
        Combinators.combine(Arbitraries.integers().between(0, 8), octets(100)).as(DestinationUnreachable::new),
        Combinators.combine(Arbitraries.integers().between(0, 1), octets(100)).as(TimeExceeded::new),
        Combinators.combine(Arbitraries.longs().between(1280, 0xFFFF_FFFFL), octets(100)).as(PacketTooBig::new),
        Combinators.combine(Arbitraries.integers().between(0, 10), u32, octets(100)).as(ParameterProblem::new),
        Combinators.combine(u8, Arbitraries.integers().between(0, 4), u16, u8, Arbitraries.integers().between(0, 7),
            bool, bool, bool).as((code, c2, id, seq, st, a, v4, v6) -> new ExtendedEchoReply(c2, id, seq, st, a, v4, v6, Octets.EMPTY)),
        opts.map(RouterSolicitation::new),
        Combinators.combine(u8, bool, bool, Arbitraries.integers().between(0, 0x3F), u16,
            Arbitraries.longs().between(0, 3_600_000), u32, opts).as(RouterAdvertisement::new),
        Combinators.combine(addresses(), opts).as(NeighborSolicitation::new),
        Combinators.combine(bool, bool, bool, addresses(), opts).as(NeighborAdvertisement::new),
        Combinators.combine(addresses(), addresses(), opts).as(Redirect::new),
        Combinators.combine(u16, addresses()).as(MldQuery::new),
        Combinators.combine(u16, addresses()).as(MldReport::new),
        Combinators.combine(u16, addresses()).as(MldDone::new),
        Combinators.combine(u16, addresses(), bool, Arbitraries.integers().between(0, 7), u8,
            addresses().list().ofMaxSize(3)).as(Mldv2Query::new),
        Combinators.combine(Arbitraries.integers().between(1, 6), addresses(), addresses().list().ofMaxSize(2),
                Arbitraries.integers().between(0, 2).map(n -> Octets.of(new byte[4 * n])))
            .as(MulticastAddressRecord::new).list().ofMaxSize(3).map(Mldv2Report::new),
        Combinators.combine(Arbitraries.integers().between(0, 2), u16, u16, Arbitraries.longs(), octets(40))
            .as(NodeInformationQuery::new),
        Combinators.combine(Arbitraries.of(141, 200), u8, octets(40).filter(o -> o.length() >= 4)).as(Unknown::new),
        Combinators.combine(Arbitraries.of(0, 99, 162), u8, octets(40)).as(Unknown::new));
  }
}
