package io.icmpkit.stack;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.foreign.MemorySegment;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Bad input never escapes as an exception (BAD-INPUTS): random bytes and mutated golden packets,
 * into a router with every feature on, to local addresses and in transit.
 */
class RobustnessTest {
  private static final List<String> NAMES = List.copyOf(io.icmpkit.wire.testing.Vectors.load("stack").keySet());

  private static TestNet everythingOn() {
    StackConfig all = StackConfig.builder().extendedEcho(true).addressMaskReply(true).rfc4884(true)
        .interfaceInformation(true).multicastQuerier(true).build();
    return TestNet.standard(all, all, 11);
  }

  @Property(tries = 300)
  void randomBytes(@ForAll("packets") byte[] packet) {
    TestNet net = everythingOn();
    assertThatCode(() -> {
      net.fromH1(packet);
      net.advance(61_000_000_000L);
    }).doesNotThrowAnyException();
  }

  @Property(tries = 600)
  void mutatedVectors(@ForAll("mutations") Tuple.Tuple3<String, Integer, Byte> m) {
    byte[] p = TestNet.vec(m.get1());
    int at = Math.floorMod(m.get2(), p.length + 1);
    byte[] q = at == p.length ? java.util.Arrays.copyOf(p, p.length / 2) : p;
    if (at < p.length) {
      q[at] = m.get3();
    }
    fixIpv4Checksum(q); // so the mutation reaches past the header check
    TestNet net = everythingOn();
    assertThatCode(() -> {
      net.fromH1(q);
      net.inject(net.r2, "eth1", q);
      net.advance(61_000_000_000L);
    }).doesNotThrowAnyException();
  }

  @Provide
  Arbitrary<byte[]> packets() {
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200);
    Arbitrary<byte[]> v4 = any.map(b -> prefix(b, 0x45));
    Arbitrary<byte[]> v6 = any.map(b -> prefix(b, 0x60));
    return Arbitraries.oneOf(any, v4, v6);
  }

  private static byte[] prefix(byte[] b, int first) {
    if (b.length > 0) {
      b[0] = (byte) first;
    }
    return b;
  }

  @Provide
  Arbitrary<Tuple.Tuple3<String, Integer, Byte>> mutations() {
    return net.jqwik.api.Combinators.combine(Arbitraries.of(NAMES), Arbitraries.integers().between(0, 3000),
        Arbitraries.bytes()).as(Tuple::of);
  }

  private static void fixIpv4Checksum(byte[] q) {
    if (q.length < 20 || (q[0] & 0xF0) != 0x40) {
      return;
    }
    int ihl = (q[0] & 0xF) * 4;
    if (ihl < 20 || ihl > q.length) {
      return;
    }
    q[10] = 0;
    q[11] = 0;
    int sum = io.icmpkit.wire.Checksum.compute(MemorySegment.ofArray(q), 0, ihl);
    q[10] = (byte) (sum >>> 8);
    q[11] = (byte) sum;
  }
}
