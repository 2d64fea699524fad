package io.icmpkit.wire.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.ipv4.Ipv4Option.EndOfOptionList;
import io.icmpkit.wire.ipv4.Ipv4Option.LooseSourceRoute;
import io.icmpkit.wire.ipv4.Ipv4Option.NoOperation;
import io.icmpkit.wire.ipv4.Ipv4Option.RecordRoute;
import io.icmpkit.wire.ipv4.Ipv4Option.RouterAlert;
import io.icmpkit.wire.ipv4.Ipv4Option.StrictSourceRoute;
import io.icmpkit.wire.ipv4.Ipv4Option.Timestamp;
import io.icmpkit.wire.ipv4.Ipv4Option.UnknownOption;
import io.icmpkit.wire.print.FieldTree;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
  static final Inet4Address SRC = v4("192.0.2.1");
  static final Inet4Address DST = v4("198.51.100.2");

  static Inet4Address v4(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Ipv4Header parse(String vector) {
    return Ipv4Header.parse(MemorySegment.ofArray(Vectors.get("ip", vector).toByteArray()), ChecksumPolicy.VERIFY);
  }

  /** The expected record of each golden vector (header only). */
  static Ipv4Header expected(String vector) {
    return switch (vector) {
      case "v4_echo" -> new Ipv4Header(46, 1, 32, 0x1234, false, false, false, 0, 64, 1, SRC, DST, List.of());
      case "v4_udp_df" -> new Ipv4Header(0, 0, 38, 7, false, true, false, 0, 3, 17, SRC, DST, List.of());
      case "v4_rr" -> new Ipv4Header(0, 0, 40, 1, false, false, false, 0, 64, 1, SRC, DST,
          List.of(new RecordRoute(4, List.of(v4("10.0.0.1"), v4("10.0.0.2"))), new EndOfOptionList()));
      case "v4_ts" -> new Ipv4Header(0, 0, 40, 2, false, false, false, 0, 64, 1, SRC, DST,
          List.of(new Timestamp(13, 0, 1, List.of(new Timestamp.Entry(v4("10.1.1.1"), 12345)))));
      case "v4_lsrr" -> new Ipv4Header(0, 0, 40, 3, false, false, false, 0, 64, 1, SRC, DST,
          List.of(new LooseSourceRoute(4, List.of(v4("10.0.0.1"), v4("10.0.0.9")))));
      case "v4_ssrr" -> new Ipv4Header(0, 0, 36, 4, false, false, false, 0, 64, 1, SRC, DST,
          List.of(new StrictSourceRoute(4, List.of(v4("10.2.0.1")))));
      case "v4_router_alert" -> new Ipv4Header(0, 0, 32, 5, false, false, false, 0, 1, 2, SRC, DST,
          List.of(new RouterAlert(0)));
      case "v4_nop_eol" -> new Ipv4Header(0, 0, 32, 6, false, false, false, 0, 64, 1, SRC, DST,
          List.of(new NoOperation(), new NoOperation(), new NoOperation(), new EndOfOptionList()));
      case "v4_frag_middle" -> new Ipv4Header(0, 0, 44, 9, false, false, true, 24, 64, 17, SRC, DST, List.of());
      case "v4_evil" -> new Ipv4Header(0, 0, 28, 10, true, true, false, 40, 64, 0, SRC, DST, List.of());
      default -> throw new IllegalArgumentException(vector);
    };
  }

  static final String[] VECTORS = {"v4_echo", "v4_udp_df", "v4_rr", "v4_ts", "v4_lsrr", "v4_ssrr", "v4_router_alert",
      "v4_nop_eol", "v4_frag_middle", "v4_evil"};

  @Test
  void parseGivesExpectedRecords() {
    for (String v : VECTORS) {
      assertThat(parse(v)).as(v).isEqualTo(expected(v));
    }
  }

  @Test
  void emitGivesGoldenHeaderBytes() {
    for (String v : VECTORS) {
      Ipv4Header h = expected(v);
      Octets golden = Vectors.get("ip", v);
      byte[] buf = new byte[h.bufferLength() + 4];
      Arrays.fill(buf, (byte) 0xA5);
      h.emit(MemorySegment.ofArray(buf), ChecksumPolicy.FILL);
      assertThat(Octets.of(Arrays.copyOf(buf, h.bufferLength()))).as(v)
          .isEqualTo(Octets.copyOf(golden.asSegment(), 0, h.bufferLength()));
      assertThat(buf[h.bufferLength()]).isEqualTo((byte) 0xA5);
    }
  }

  @Test
  void verifyRejectsBadChecksumIgnoreAccepts() {
    byte[] b = Vectors.get("ip", "v4_echo").toByteArray();
    b[11] ^= 0x10;
    assertThatThrownBy(() -> Ipv4Header.parse(MemorySegment.ofArray(b), ChecksumPolicy.VERIFY))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CHECKSUM));
    assertThat(Ipv4Header.parse(MemorySegment.ofArray(b), ChecksumPolicy.IGNORE)).isEqualTo(expected("v4_echo"));
  }

  @Test
  void emitIntoShortBufferFails() {
    Ipv4Header h = expected("v4_rr");
    assertThatThrownBy(() -> h.emit(MemorySegment.ofArray(new byte[h.bufferLength() - 1]), ChecksumPolicy.FILL))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BUFFER_TOO_SMALL));
  }

  @Test
  void kernelPolicyWritesZeroChecksum() {
    byte[] buf = new byte[20];
    expected("v4_echo").emit(MemorySegment.ofArray(buf), ChecksumPolicy.KERNEL);
    assertThat(buf[10]).isZero();
    assertThat(buf[11]).isZero();
  }

  @Test
  void malformedOptionsAreKeptRawAndReemitted() {
    // RR with length 6 (not 3 + 4n), then a zero-length option: raw bytes survive a round trip
    byte[] opts = Octets.ofHex("0706040a0000 9900 01 00 0000").toByteArray();
    byte[] b = new byte[20 + opts.length];
    MemorySegment s = MemorySegment.ofArray(b);
    Ipv4Packet p = Ipv4Packet.unchecked(s);
    p.setVersion(4);
    p.setHeaderLength(b.length);
    p.setTotalLength(b.length);
    System.arraycopy(opts, 0, b, 20, opts.length);
    p.fillChecksum();
    Ipv4Header h = Ipv4Header.parse(s, ChecksumPolicy.VERIFY);
    assertThat(h.options()).containsExactly(new UnknownOption(Octets.ofHex("0706040a0000")),
        new UnknownOption(Octets.ofHex("9900010000 00")));
    byte[] out = new byte[h.bufferLength()];
    h.emit(MemorySegment.ofArray(out), ChecksumPolicy.FILL);
    assertThat(out).isEqualTo(b);
  }

  @Test
  void optionsArePaddedToFourBytes() {
    Ipv4Header h = new Ipv4Header(0, 0, 28, 0, false, false, false, 0, 1, 1, SRC, DST,
        List.of(new RecordRoute(4, List.of())));
    assertThat(h.options()).hasSize(2);
    assertThat(h.headerLength()).isEqualTo(24);
  }

  @Test
  void constructorRejectsOutOfRange() {
    assertThatThrownBy(() -> new Ipv4Header(64, 0, 20, 0, false, false, false, 0, 1, 1, SRC, DST, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Ipv4Header(0, 0, 20, 0, false, false, false, 4, 1, 1, SRC, DST, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Ipv4Header(0, 0, 19, 0, false, false, false, 0, 1, 1, SRC, DST, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Timestamp(5, 0, 2, List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describeTouchesEveryField() {
    FieldTree t = FieldTree.root("Internet Protocol Version 4");
    parse("v4_rr").describe(t);
    assertThat(t.render()).contains("Time to Live: 64", "Source Address: 192.0.2.1", "Options: (12 bytes)");
    assertThat(parse("v4_frag_middle").summary()).isEqualTo("192.0.2.1 \u2192 198.51.100.2 proto 17 ttl 64 frag off 24+");
  }

  // ---- round trip ----

  @Provide
  Arbitrary<Inet4Address> addresses() {
    return Arbitraries.integers().map(Ipv4Packet::toAddress);
  }

  @Provide
  Arbitrary<Ipv4Option> options() {
    Arbitrary<List<Inet4Address>> route = addresses().list().ofMaxSize(3);
    Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 255);
    return Arbitraries.oneOf(
        Arbitraries.just(new NoOperation()),
        Arbitraries.just(new EndOfOptionList()),
        Combinators.combine(u8, route).as(RecordRoute::new),
        Combinators.combine(u8, route).as(LooseSourceRoute::new),
        Combinators.combine(u8, route).as(StrictSourceRoute::new),
        Arbitraries.integers().between(0, 0xFFFF).map(RouterAlert::new),
        Combinators.combine(u8, Arbitraries.integers().between(0, 15),
            Arbitraries.longs().between(0, 0xFFFF_FFFFL).list().ofMaxSize(3))
            .as((ptr, ovf, ts) -> new Timestamp(ptr, ovf, 0, ts.stream().map(x -> new Timestamp.Entry(null, x)).toList())),
        Combinators.combine(Arbitraries.of(2, 25, 30, 82, 150), Arbitraries.bytes().array(byte[].class).ofMaxSize(6))
            .as((t, d) -> UnknownOption.of(t, Octets.of(d))));
  }

  @Property
  void parseEmitRoundTrip(
      @ForAll("addresses") Inet4Address src, @ForAll("addresses") Inet4Address dst,
      @ForAll @Size(max = 3) List<@From("options") Ipv4Option> opts,
      @ForAll boolean df, @ForAll boolean mf, @ForAll boolean evil) {
    List<Ipv4Option> o = new ArrayList<>(opts);
    Assume.that(o.stream().mapToInt(Ipv4Option::length).sum() <= 36);
    Ipv4Header h = new Ipv4Header(10, 2, 60, 0xBEEF, evil, df, mf, 1480, 17, 6, src, dst, o);
    byte[] buf = new byte[60];
    h.emit(MemorySegment.ofArray(buf), ChecksumPolicy.FILL);
    Ipv4Header back = Ipv4Header.parse(MemorySegment.ofArray(buf), ChecksumPolicy.VERIFY);
    assertThat(back).isEqualTo(h);
  }
}
