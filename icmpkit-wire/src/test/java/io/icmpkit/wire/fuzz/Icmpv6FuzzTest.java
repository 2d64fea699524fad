package io.icmpkit.wire.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.IpProtocol;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@link Icmpv6Packet#checked} and {@link Icmpv6Message#parse} (with NDP options where the
 * message has them) on arbitrary bytes, addresses fixed: only WireException escapes; the printer
 * runs; an accepted message emits into exactly {@code bufferLength()} bytes and parses back equal
 * (checksums as held), and with a filled checksum verifies against the pseudo-header.
 */
class Icmpv6FuzzTest {
  private static final Inet6Address SRC = v6("2001:db8::1");
  private static final Inet6Address DST = v6("2001:db8::2");
  private static final MemorySegment SRC16 = MemorySegment.ofArray(SRC.getAddress());
  private static final MemorySegment DST16 = MemorySegment.ofArray(DST.getAddress());
  /** Accessor results land here so that calling them is not dead code. */
  long consumed;
  private final Icmpv6Packet reusable = Icmpv6Packet.reusable();

  @FuzzTest(maxDuration = "2m")
  void icmpv6(byte[] data) {
    MemorySegment seg = MemorySegment.ofArray(data);
    Icmpv6Packet p;
    try {
      p = Icmpv6Packet.checked(seg);
    } catch (WireException e) {
      return;
    }
    consumed += p.length() + p.type() + p.code() + p.checksum() + (p.isError() ? 1 : 0) + p.echoIdentifier()
        + p.echoSequence() + p.mtu() + p.pointer() + p.length4884() + p.restOfHeader() + p.data().byteSize();
    check(p.toString() != null, "toString", data);
    boolean verifies = p.verifyChecksum(SRC16, DST16);
    long pseudo = Checksum.pseudoHeaderV6(SRC16, DST16, data.length, IpProtocol.ICMPV6.number());
    check(verifies == Checksum.verifies(Checksum.sum(seg, pseudo)), "verifyChecksum vs RFC 4443 2.3", data);
    // the reusable view behind a 40-byte IPv6 header holding the same addresses, read in place
    byte[] framed = new byte[40 + data.length];
    System.arraycopy(SRC.getAddress(), 0, framed, 8, 16);
    System.arraycopy(DST.getAddress(), 0, framed, 24, 16);
    System.arraycopy(data, 0, framed, 40, data.length);
    MemorySegment f = MemorySegment.ofArray(framed);
    Icmpv6Packet w = reusable.wrap(f, 40, data.length);
    check(w.verifyChecksum(f) == verifies && w.verifyChecksum(SRC16, DST16) == verifies && w.type() == p.type()
        && w.restOfHeader() == p.restOfHeader() && w.length() == p.length() && w.data().byteSize() == p.data().byteSize()
        && w.segment().byteSize() == data.length, "view at an offset differs", data);
    for (ChecksumPolicy policy : ChecksumPolicy.values()) {
      Icmpv6Message m;
      try {
        m = Icmpv6Message.parse(p, SRC16, DST16, policy, AnomalySink.collector());
      } catch (WireException e) {
        continue; // BAD_CHECKSUM under VERIFY, MALFORMED ND options
      }
      check(m.type() == p.type(), "type changed by parse", data);
      Fuzz.noThrow("summary/describe", data, () -> {
        m.summary();
        FieldTree t = FieldTree.root("ICMPv6");
        m.describe(t);
        t.render();
        m.toString();
      });
      int n = m.bufferLength();
      // exact round trip with the checksums as the record holds them (IGNORE writes them as is)
      MemorySegment raw = Fuzz.a5(n);
      m.emit(raw, SRC, DST, ChecksumPolicy.IGNORE);
      Icmpv6Message same = Icmpv6Message.parse(Icmpv6Packet.checked(raw), SRC16, DST16, ChecksumPolicy.IGNORE,
          AnomalySink.IGNORE);
      check(same.equals(m), () -> "parse(emit(m)) != m: " + m + " vs " + same, data);
      // FILL: the ICMPv6 checksum verifies and the message reads back under VERIFY (an RFC 4884
      // extension checksum the record holds is recomputed too, so equality is not expected here)
      MemorySegment out = Fuzz.a5(n);
      m.emit(out, SRC, DST, ChecksumPolicy.FILL);
      Icmpv6Packet again = Icmpv6Packet.checked(out);
      check(again.verifyChecksum(SRC16, DST16), "emit(FILL) checksum does not verify", data);
      Icmpv6Message back = Icmpv6Message.parse(again, SRC16, DST16, ChecksumPolicy.VERIFY, AnomalySink.IGNORE);
      check(back.type() == m.type() && back.code() == m.code() && back.bufferLength() == n,
          () -> "emit(FILL) reads back as " + back + " for " + m, data);
      Fuzz.emitTooSmallFails(n, s -> m.emit(s, SRC, DST, ChecksumPolicy.FILL), data);
    }
  }

  private static Inet6Address v6(String s) {
    try {
      return (Inet6Address) InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
