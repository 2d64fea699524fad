package io.icmpkit.wire.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/**
 * {@link Icmpv4Packet#checked} and {@link Icmpv4Message#parse} under every checksum policy, then
 * the printer ({@code summary()}, {@code describe()}: it touches every accessor) and the quoted
 * datagram of error messages. Only WireException escapes; an accepted message emits into exactly
 * {@code bufferLength()} bytes, emits nothing into one byte less, and parses back equal.
 */
class Icmpv4FuzzTest {
  /** Accessor results land here so that calling them is not dead code. */
  long consumed;

  private final Icmpv4Packet reusable = Icmpv4Packet.reusable();

  @FuzzTest(maxDuration = "2m")
  void icmpv4(byte[] data) {
    MemorySegment seg = MemorySegment.ofArray(data);
    Icmpv4Packet p;
    try {
      p = Icmpv4Packet.checked(seg);
    } catch (WireException e) {
      return;
    }
    touch(p, data);
    // the view over the same bytes at an (odd) offset of a larger segment reads the same
    byte[] framed = new byte[data.length + 6];
    java.util.Arrays.fill(framed, (byte) 0xA5);
    System.arraycopy(data, 0, framed, 3, data.length);
    Icmpv4Packet w = reusable.wrap(MemorySegment.ofArray(framed), 3, data.length);
    check(w.type() == p.type() && w.code() == p.code() && w.checksum() == p.checksum()
        && w.restOfHeader() == p.restOfHeader() && w.length() == p.length()
        && w.verifyChecksum() == p.verifyChecksum() && w.computeChecksum() == p.computeChecksum()
        && w.data().byteSize() == p.data().byteSize() && w.segment().byteSize() == data.length
        && w.originateTimestamp() == p.originateTimestamp() && w.addressMask() == p.addressMask(), "view at an offset differs", data);
    for (ChecksumPolicy policy : ChecksumPolicy.values()) {
      AnomalySink.Collector sink = AnomalySink.collector();
      Icmpv4Message m;
      try {
        m = Icmpv4Message.parse(p, policy, sink);
      } catch (WireException e) {
        check(policy == ChecksumPolicy.VERIFY && e.reason() == WireException.Reason.BAD_CHECKSUM,
            () -> "parse under " + policy + " threw " + e, data);
        continue;
      }
      check(m.type() == p.type() && m.code() == p.code(), "type/code changed by parse", data);
      Fuzz.noThrow("summary/describe", data, () -> {
        m.summary();
        FieldTree t = FieldTree.root("ICMP");
        m.describe(t);
        t.render();
        m.toString();
        if (m instanceof Icmpv4Message.ErrorMessage e) {
          e.quoted(AnomalySink.IGNORE).hasTuple();
        }
      });
      roundTrip(m, policy, data);
    }
  }

  private static void roundTrip(Icmpv4Message m, ChecksumPolicy policy, byte[] data) {
    int n = m.bufferLength();
    // exact round trip: IGNORE writes what the record holds (no checksum computed)
    MemorySegment raw = Fuzz.a5(n);
    m.emit(raw, ChecksumPolicy.IGNORE);
    Icmpv4Message same = Icmpv4Message.parse(Icmpv4Packet.checked(raw), ChecksumPolicy.IGNORE);
    check(same.equals(m), () -> "parse(emit(m)) != m (parsed under " + policy + "): " + m + " vs " + same, data);
    // FILL: the checksum verifies and the message reads back under VERIFY
    MemorySegment out = Fuzz.a5(n);
    m.emit(out, ChecksumPolicy.FILL);
    check(Checksum.verifies(Checksum.sum(out, 0)), "emit(FILL) wrote a checksum that does not verify", data);
    Icmpv4Message back = Icmpv4Message.parse(Icmpv4Packet.checked(out), ChecksumPolicy.VERIFY);
    check(back.type() == m.type() && back.code() == m.code() && back.bufferLength() == n,
        () -> "emit(FILL) reads back as " + back + " for " + m, data);
    Fuzz.emitTooSmallFails(n, s -> m.emit(s, ChecksumPolicy.FILL), data);
  }

  private void touch(Icmpv4Packet p, byte[] data) {
    check(p.length() == data.length && p.data().byteSize() == data.length - 8, "lengths", data);
    long s = p.type() + p.code() + p.checksum() + p.restOfHeader() + p.echoIdentifier() + p.echoSequence()
        + p.gateway() + p.pointer() + p.rfc4884Length() + p.nextHopMtu() + p.numAddrs() + p.addrEntrySize()
        + p.lifetime() + p.originateTimestamp() + p.receiveTimestamp() + p.transmitTimestamp() + p.addressMask()
        + p.extendedEchoSequence() + p.computeChecksum() + (p.verifyChecksum() ? 1 : 0) + (p.hasFixedPart() ? 1 : 0);
    int entries = p.routerEntryCount();
    check(entries <= p.numAddrs() && 8L + (long) entries * p.addrEntrySize() * 4 <= data.length,
        "router entries past the message", data);
    for (int i = -1; i <= entries; i++) {
      s += p.routerAddress(i) + p.routerPreference(i);
    }
    consumed += s;
    check(p.verifyChecksum() == Checksum.verifies(Checksum.sum(p.segment(), 0)), "verifyChecksum vs RFC 1071", data);
  }
}
