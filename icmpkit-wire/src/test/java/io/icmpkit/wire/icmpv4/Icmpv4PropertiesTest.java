package io.icmpkit.wire.icmpv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.InterfaceIdentification;
import io.icmpkit.wire.ext.MplsLabelStack;
import io.icmpkit.wire.icmpv4.Icmpv4Message.*;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** parse(emit(x)) == x for generated records; arbitrary bytes only ever give WireException. */
class Icmpv4PropertiesTest {

  static Inet4Address v4(int bits) {
    return Icmpv4Codec.v4(bits);
  }

  @Provide
  Arbitrary<Icmpv4Message> messages() {
    Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 255);
    Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
    Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    Arbitrary<Octets> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Octets::of);
    // a quote that is not mistaken for the pre-RFC 4884 layout: at most 128 bytes
    Arbitrary<Octets> quote = Arbitraries.bytes().array(byte[].class).ofMaxSize(128).map(Octets::of);
    Arbitrary<Inet4Address> addr = Arbitraries.integers().map(Icmpv4PropertiesTest::v4);
    Arbitrary<IcmpExtensions> ext = Arbitraries.integers().between(0, 0xFFFFF)
        .map(l -> IcmpExtensions.of(MplsLabelStack.of(new MplsLabelStack.Entry(l, 1, true, 7))))
        .injectNull(0.5);
    // with extensions the quote is padded to 128 bytes: generate it padded so the record round-trips
    Arbitrary<Octets> padded = Arbitraries.bytes().array(byte[].class).ofSize(128).map(Octets::of);
    return Arbitraries.oneOf(
        Combinators.combine(u16, u16, data).as(EchoRequest::new),
        Combinators.combine(u8, u16, u16, data).as(EchoReply::new),
        Combinators.combine(u8, u16, quote).as((c, m, q) -> new DestinationUnreachable(c, m, q, null)),
        Combinators.combine(u8, u16, padded, ext).as(DestinationUnreachable::new),
        Combinators.combine(u8, quote).as(SourceQuench::new),
        Combinators.combine(u8, addr, quote).as(Redirect::new),
        Combinators.combine(u8, padded, ext).as(TimeExceeded::new),
        Combinators.combine(u8, quote).as((c, q) -> new TimeExceeded(c, q, null)),
        Combinators.combine(u8, u8, padded, ext).as(ParameterProblem::new),
        Combinators.combine(u8, u16, Combinators.combine(addr, Arbitraries.integers())
            .as(RouterEntry::new).list().ofMaxSize(5), data).as(RouterAdvertisement::new),
        u8.map(RouterSolicitation::new),
        Combinators.combine(u8, u16, u16, u32, u32, u32).as(Timestamp::new),
        Combinators.combine(u8, u16, u16, u32, u32, u32).as(TimestampReply::new),
        Combinators.combine(u8, u16, u16).as(InformationRequest::new),
        Combinators.combine(u8, u16, u16).as(InformationReply::new),
        Combinators.combine(u8, u16, u16, addr).as(AddressMaskRequest::new),
        Combinators.combine(u8, u16, u16, addr).as(AddressMaskReply::new),
        Combinators.combine(u8, u16, u8, Arbitraries.of(true, false), u32)
            .as((c, i, s, l, x) -> new ExtendedEchoRequest(c, i, s, l, InterfaceIdentification.byIndex(x))),
        Combinators.combine(u8, u16, u8, Arbitraries.integers().between(0, 7), Arbitraries.of(true, false),
            Arbitraries.of(true, false), Arbitraries.of(true, false)).as(ExtendedEchoReply::new),
        Combinators.combine(Arbitraries.of(1, 2, 7, 19, 30, 41, 44, 99, 200, 255), u8,
            Arbitraries.bytes().array(byte[].class).ofSize(4).map(Octets::of), data).as(Unknown::new));
  }

  @Property(tries = 500)
  void roundTrip(@ForAll("messages") Icmpv4Message m) {
    byte[] buf = new byte[m.bufferLength()];
    m.emit(MemorySegment.ofArray(buf), ChecksumPolicy.FILL);
    Icmpv4Message back = Icmpv4Message.parse(Icmpv4Packet.checked(MemorySegment.ofArray(buf)), ChecksumPolicy.VERIFY);
    assertThat(back).isEqualTo(m);
  }

  @Property(tries = 1000)
  void arbitraryBytesGiveARecordOrWireException(@ForAll @Size(max = 300) byte[] b, @ForAll("types") int type) {
    if (b.length > 0) {
      b[0] = (byte) type; // steer towards the types with structure
    }
    try {
      Icmpv4Message m = Icmpv4Message.parse(Icmpv4Packet.checked(MemorySegment.ofArray(b)), ChecksumPolicy.IGNORE,
          AnomalySink.collector());
      m.summary();
      m.describe(FieldTree.root("x"));
      byte[] out = new byte[m.bufferLength()];
      m.emit(MemorySegment.ofArray(out), ChecksumPolicy.FILL);
    } catch (WireException expected) {
      assertThat(b.length).isLessThan(8);
    }
  }

  @Provide
  Arbitrary<Integer> types() {
    return Arbitraries.of(0, 3, 4, 5, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 42, 43, 99);
  }
}
