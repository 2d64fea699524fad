package io.icmpkit.wire.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ipv4.Ipv4Fragments;
import io.icmpkit.wire.ipv4.Ipv4Header;
import io.icmpkit.wire.ipv4.Ipv4OptionWalk;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/**
 * {@link Ipv4Packet#checked(MemorySegment, AnomalySink)} (lengths, anomalies, option walk,
 * fragment checks) on arbitrary bytes: only WireException escapes; an accepted header keeps every
 * accessor inside the segment, the option walk stays inside the header and ends, and writing the
 * fields back through the setters into a zeroed buffer reproduces the header; {@link Ipv4Header}
 * round-trips through emit and parse.
 */
class Ipv4FuzzTest {
  private final Ipv4OptionWalk walk = new Ipv4OptionWalk();
  private final Ipv4Packet reusable = Ipv4Packet.reusable();
  /** Accessor results land here so that calling them is not dead code. */
  long consumed;

  @FuzzTest(maxDuration = "2m")
  void ipv4(byte[] data) {
    MemorySegment seg = MemorySegment.ofArray(data);
    AnomalySink.Collector sink = AnomalySink.collector();
    Ipv4Packet p;
    try {
      p = Ipv4Packet.checked(seg, sink);
    } catch (WireException e) {
      return;
    }
    int hl = p.headerLength();
    check(hl >= 20 && hl <= 60 && hl <= data.length, "header length " + hl, data);
    check(p.capturedLength() == data.length, "captured length", data);
    check(p.payloadOffset() == hl, "payload offset", data);
    check(p.payloadOffset() + p.payloadLength() <= data.length, "payload past the segment", data);
    check(p.payload().byteSize() == p.payloadLength(), "payload slice length", data);
    check(p.payloadLength() == Math.min(p.totalLength(), data.length) - hl, "payload ends at min(total, captured)", data);
    check(p.isTruncated() == (p.totalLength() > data.length), "truncated flag", data);
    check(p.options().byteSize() == p.optionsLength() && p.optionsLength() == hl - 20, "options slice", data);
    long touched = p.version() + p.ihl() + p.dscp() + p.ecn() + p.typeOfService() + p.identification() + p.flags()
        + p.fragmentOffsetRaw() + p.fragmentOffset() + p.ttl() + p.protocol() + p.headerChecksum() + p.sourceBits()
        + p.destinationBits() + p.computeChecksum() + p.optionsOffset();
    consumed += touched;
    check(p.source() != null && p.destination() != null && p.toString() != null, "addresses", data);
    check(p.fragmentOffset() == p.fragmentOffsetRaw() * 8, "fragment offset in bytes", data);
    check(p.isFragment() == (p.moreFragments() || p.fragmentOffsetRaw() != 0), "isFragment", data);
    Ipv4Fragments.tooLarge(p);
    Ipv4Fragments.dontFragmentWithOffset(p);
    check(p.verifyChecksum() == Checksum.verifies(Checksum.sum(seg, 0, hl, 0)), "verifyChecksum vs RFC 1071", data);

    // the reusable view over the same bytes at an (odd) offset of a larger segment reads the same
    byte[] framed = new byte[data.length + 6];
    java.util.Arrays.fill(framed, (byte) 0xA5);
    System.arraycopy(data, 0, framed, 3, data.length);
    Ipv4Packet r = reusable.wrap(MemorySegment.ofArray(framed), 3, data.length);
    check(r.headerLength() == hl && r.capturedLength() == p.capturedLength() && r.totalLength() == p.totalLength()
        && r.payloadOffset() == p.payloadOffset() && r.payloadLength() == p.payloadLength()
        && r.sourceBits() == p.sourceBits() && r.destinationBits() == p.destinationBits()
        && r.verifyChecksum() == p.verifyChecksum() && r.computeChecksum() == p.computeChecksum()
        && r.payload().byteSize() == p.payload().byteSize() && r.segment().byteSize() == data.length
        && r.isTruncated() == p.isTruncated(), "view at an offset differs", data);

    // the option walk stays inside the options area and ends (every step advances)
    int steps = 0;
    int last = 19;
    for (walk.reset(p, AnomalySink.IGNORE); walk.next(); ) {
      steps++;
      check(walk.offset() > last && walk.offset() >= 20 && walk.offset() + walk.length() <= hl,
          "option at " + walk.offset() + " length " + walk.length() + " outside the header", data);
      check(walk.dataOffset() + walk.dataLength() <= walk.offset() + walk.length(), "option data", data);
      last = walk.offset();
    }
    check(steps <= 40, "option walk of " + steps + " steps", data);

    // construct: the setters rebuild the header from the accessors' values
    MemorySegment copy = MemorySegment.ofArray(new byte[hl]);
    Ipv4Packet w = Ipv4Packet.unchecked(copy);
    w.setVersion(p.version());
    w.setIhl(p.ihl());
    w.setDscp(p.dscp());
    w.setEcn(p.ecn());
    w.setTotalLength(p.totalLength());
    w.setIdentification(p.identification());
    w.setFlags(p.flags());
    w.setFragmentOffsetRaw(p.fragmentOffsetRaw());
    w.setTtl(p.ttl());
    w.setProtocol(p.protocol());
    w.setHeaderChecksum(p.headerChecksum());
    w.setSource(p.source());
    w.setDestination(p.destination());
    MemorySegment.copy(p.options(), 0, copy, 20, p.optionsLength());
    check(copy.mismatch(seg.asSlice(0, hl)) == -1, "setters do not reproduce the header", data);
    header(p, data);
    if (p.verifyChecksum()) {
      w.fillChecksum();
      check(w.headerChecksum() == p.headerChecksum() || (w.headerChecksum() % 0xFFFF == p.headerChecksum() % 0xFFFF),
          "fillChecksum differs from a verifying checksum", data);
    }
  }

  /** The representation: parse, emit into exactly bufferLength() bytes, parse again, equal. */
  private static void header(Ipv4Packet p, byte[] data) {
    Ipv4Header h;
    try {
      h = Ipv4Header.parse(p, ChecksumPolicy.IGNORE, AnomalySink.IGNORE);
    } catch (WireException e) {
      return; // e.g. a malformed option: rejected by the representation, fine
    }
    Fuzz.noThrow("Ipv4Header.summary/describe", data, () -> {
      h.summary();
      h.describe(FieldTree.root("IPv4"));
    });
    int n = h.bufferLength();
    check(n == p.headerLength(), () -> "bufferLength " + n + " vs header length " + p.headerLength(), data);
    MemorySegment out = Fuzz.a5(n);
    h.emit(out, ChecksumPolicy.FILL);
    Ipv4Header back = Ipv4Header.parse(Ipv4Packet.checked(out), ChecksumPolicy.VERIFY);
    check(back.equals(h), () -> "parse(emit(h)) != h: " + h + " vs " + back, data);
    Fuzz.emitTooSmallFails(n, s -> h.emit(s, ChecksumPolicy.FILL), data);
  }
}
