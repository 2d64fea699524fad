package io.icmpkit.wire.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.QuotedDatagram;
import java.lang.foreign.MemorySegment;

/**
 * {@link QuotedDatagram#parse(MemorySegment, int, AnomalySink)} never throws (a quote is hostile by
 * nature), keeps the bytes, gives the same record when parsing its own {@code raw} again, and only
 * claims fields that lie inside the quote.
 */
class QuotedDatagramFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void quotedInIcmpv4(byte[] data) {
    run(data, 4);
  }

  @FuzzTest(maxDuration = "2m")
  void quotedInIcmpv6(byte[] data) {
    run(data, 6);
  }

  private static void run(byte[] data, int version) {
    MemorySegment seg = MemorySegment.ofArray(data);
    AnomalySink.Collector sink = AnomalySink.collector();
    QuotedDatagram[] q = new QuotedDatagram[1];
    Fuzz.noThrow("QuotedDatagram.parse", data, () -> q[0] = QuotedDatagram.parse(seg, version, sink));
    QuotedDatagram d = q[0];
    check(d.raw().length() == Math.min(data.length, QuotedDatagram.MAX_QUOTE), "raw length", data);
    check(d.raw().asSegment().mismatch(seg.asSlice(0, d.raw().length())) == -1, "raw differs from the input", data);
    check(d.ipVersion() == 0 || d.ipVersion() == version, "ip version " + d.ipVersion(), data);
    // an offset equal to the length is a quote that ends right after the IP header
    check(d.transportOffset() <= d.raw().length(), "transport offset past the quote", data);
    if (d.hasPorts()) {
      check(d.transportOffset() >= 20 && d.transportOffset() + 4 <= data.length, "ports outside the quote", data);
      check(!d.nonFirstFragment(), "ports read from a non-first fragment", data);
    }
    if (d.echoIdentifier() >= 0 || d.icmpType() >= 0) {
      check(d.transportOffset() >= 20 && d.transportOffset() + 2 <= data.length, "ICMP fields outside the quote", data);
    }
    if (d.hasTuple()) {
      check(d.source() != null && d.destination() != null && d.protocol() >= 0, "tuple without addresses", data);
    }
    check(d.headerLength() <= data.length, "header length past the quote", data);
    Fuzz.noThrow("QuotedDatagram.toString", data, d::toString);
    QuotedDatagram again = QuotedDatagram.parse(d.raw().asSegment(), version, AnomalySink.IGNORE);
    check(again.equals(d), "parse(raw) differs", data);
  }
}
