package io.icmpkit.wire.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ipv6.Ipv6ExtensionHeader;
import io.icmpkit.wire.ipv6.Ipv6ExtensionWalk;
import io.icmpkit.wire.ipv6.Ipv6Header;
import io.icmpkit.wire.ipv6.Ipv6Packet;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * {@link Ipv6Packet#checked} with its extension-header walk, and the {@link Ipv6Header} /
 * {@link Ipv6ExtensionHeader} representations, on arbitrary bytes: only WireException escapes; the
 * walk is bounded and stays inside the payload; the fixed header and the extension chain round-trip
 * through emit and parse.
 */
class Ipv6FuzzTest {
  private final Ipv6ExtensionWalk walk = new Ipv6ExtensionWalk();
  /** Accessor results land here so that calling them is not dead code. */
  long consumed;

  @FuzzTest(maxDuration = "2m")
  void ipv6(byte[] data) {
    MemorySegment seg = MemorySegment.ofArray(data);
    AnomalySink.Collector sink = AnomalySink.collector();
    Ipv6Packet p;
    try {
      p = Ipv6Packet.checked(seg, sink, walk);
    } catch (WireException e) {
      return;
    }
    check(data.length >= 40, "accepted " + data.length + " bytes", data);
    consumed += p.version() + p.trafficClass() + p.dscp() + p.ecn() + p.flowLabel() + p.payloadLength()
        + p.nextHeader() + p.hopLimit() + p.sourceHigh() + p.sourceLow() + p.destinationHigh() + p.destinationLow()
        + p.fragmentOffset() + (p.isFragment() ? 1 : 0) + (p.isNonFirstFragment() ? 1 : 0)
        + (p.extensionHeadersTruncated() ? 1 : 0) + p.upperLayerProtocol();
    check(p.source() != null && p.destination() != null && p.toString() != null, "addresses", data);
    int end = p.payloadEnd();
    check(end <= data.length && end >= 40, "payload end " + end, data);
    check(p.payload().byteSize() == end - p.payloadOffset(), "payload slice", data);
    check(p.isTruncated() == (40 + p.payloadLength() > data.length), "truncated flag", data);
    Ipv6ExtensionWalk w = p.extensions();
    // the walk stops one header past the limit (that is how it notices)
    check(w.headerCount() <= Ipv6ExtensionWalk.MAX_HEADERS + 1, "walked " + w.headerCount() + " headers", data);
    int upper = p.upperLayerOffset();
    if (w.isTruncated() || w.isTooLong()) {
      check(upper == -1 && p.upperLayerProtocol() == -1 && p.upperLayerPayload().byteSize() == 0,
          "upper layer found in a broken chain", data);
    } else {
      check(upper >= 40 && upper <= end, "upper-layer offset " + upper + " outside [40, " + end + "]", data);
      check(p.upperLayerPayload().byteSize() == end - upper, "upper-layer slice", data);
    }
    consumed += w.lastHeaderOffset() + w.routingType() + w.segmentsLeft() + w.routerAlert() + w.jumboPayloadLength()
        + w.fragmentIdentification() + w.fragmentHeaderOffset() + (w.optionMalformed() ? 1 : 0);

    Ipv6Header h = Ipv6Header.parse(p);
    Fuzz.noThrow("Ipv6Header.summary/describe", data, () -> {
      h.summary();
      h.describe(FieldTree.root("IPv6"));
    });
    MemorySegment out = Fuzz.a5(h.bufferLength());
    h.emit(out);
    check(out.mismatch(seg.asSlice(0, 40)) == -1, "Ipv6Header emit differs from the input header", data);
    Fuzz.emitTooSmallFails(h.bufferLength(), h::emit, data);

    List<Ipv6ExtensionHeader> chain;
    try {
      chain = Ipv6ExtensionHeader.parseChain(p);
    } catch (WireException e) {
      return; // a broken chain is rejected by the representation
    }
    int len = Ipv6ExtensionHeader.chainLength(chain);
    check(40 + len <= end, "chain of " + len + " bytes past the payload end", data);
    MemorySegment buf = Fuzz.a5(40 + len);
    h.emit(buf);
    int written = Ipv6ExtensionHeader.emitChain(chain, buf.asSlice(40));
    check(written == len, "emitChain wrote " + written + " of " + len, data);
    Ipv6Packet again = Ipv6Packet.unchecked(buf);
    List<Ipv6ExtensionHeader> back = Ipv6ExtensionHeader.parseChain(buf, 40, 40 + len, p.nextHeader());
    check(back.equals(chain), () -> "parse(emit(chain)) != chain: " + chain + " vs " + back, data);
    consumed += again.hopLimit();
  }
}
