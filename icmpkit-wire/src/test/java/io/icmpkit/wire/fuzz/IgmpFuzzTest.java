package io.icmpkit.wire.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.igmp.IgmpMessage;
import io.icmpkit.wire.igmp.IgmpPacket;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/**
 * {@link IgmpPacket#checked} (v1/v2/v3 lengths, v3 source and group-record walks) and {@link
 * IgmpMessage#parse} on arbitrary bytes: only WireException escapes; record walks stay inside the
 * message; an accepted message emits into exactly {@code bufferLength()} bytes and parses back equal.
 */
class IgmpFuzzTest {
  /** Accessor results land here so that calling them is not dead code. */
  long consumed;

  @FuzzTest(maxDuration = "2m")
  void igmp(byte[] data) {
    MemorySegment seg = MemorySegment.ofArray(data);
    IgmpPacket p;
    try {
      p = IgmpPacket.checked(seg, AnomalySink.collector());
    } catch (WireException e) {
      return;
    }
    long s = p.length() + p.type() + p.maxRespCode() + p.checksum() + p.groupAddressBits() + p.version()
        + p.maxResponseTimeDeciseconds() + (p.isTruncated() ? 1 : 0) + p.sourcesPresent() + p.recordsPresent()
        + (p.verifyChecksum() ? 1 : 0);
    // every accessor on every message: fields a version lacks read as 0, never outside the view
    s += (p.suppressRouterSide() ? 1 : 0) + p.qrv() + p.queryReserved() + p.qqic() + p.querierQueryIntervalSeconds()
        + p.numberOfSources() + p.numberOfGroupRecords();
    if (p.type() == 0x11 && p.version() == 3) {
      check(p.sourcesPresent() <= p.numberOfSources() && 12L + 4L * p.sourcesPresent() <= data.length,
          "sources past the message", data);
      for (int i = 0; i < p.sourcesPresent(); i++) {
        s += p.sourceBits(i);
      }
    }
    check(p.groupAddress() != null && p.igmpType() != null, "group/type", data);
    check(p.verifyChecksum() == Checksum.verifies(Checksum.sum(seg, 0)), "verifyChecksum vs RFC 1071", data);
    if (p.type() == 0x22) {
      s += p.numberOfGroupRecords();
      int off = p.firstRecordOffset();
      for (int i = 0; i < p.recordsPresent(); i++) {
        int len = p.recordLength(off);
        check(off + len <= data.length, "group record " + i + " past the message", data);
        s += p.recordType(off) + p.recordGroupBits(off) + p.recordAuxDataLength(off);
        int next = p.nextRecordOffset(off);
        check(next > off, "record walk does not advance", data);
        off = next;
      }
    }
    consumed += s;
    for (ChecksumPolicy policy : ChecksumPolicy.values()) {
      IgmpMessage m;
      try {
        m = IgmpMessage.parse(p, policy, AnomalySink.collector());
      } catch (WireException e) {
        continue;
      }
      Fuzz.noThrow("summary/describe", data, () -> {
        m.summary();
        FieldTree t = FieldTree.root("IGMP");
        m.describe(t);
        t.render();
        m.toString();
      });
      int n = m.bufferLength();
      MemorySegment out = Fuzz.a5(n);
      m.emit(out, ChecksumPolicy.FILL);
      IgmpMessage back = IgmpMessage.parse(IgmpPacket.checked(out), ChecksumPolicy.VERIFY);
      check(back.equals(m), () -> "parse(emit(m)) != m: " + m + " vs " + back, data);
      Fuzz.emitTooSmallFails(n, b -> m.emit(b, ChecksumPolicy.FILL), data);
    }
  }
}
