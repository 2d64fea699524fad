package io.icmpkit.pcap.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.pcap.dissect.Dissector;
import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.pcap.io.PcapFormatException;
import io.icmpkit.wire.fuzz.Fuzz;
import java.lang.foreign.MemorySegment;

/**
 * The {@link Dissector} on one raw frame per link type, verbose and not: it must never throw (every
 * WireException ends its layer as {@code malformed}), and every field the renderers read is there.
 */
class DissectorFuzzTest {
  /** Results land here so that reading them is not dead code. */
  long consumed;

  @FuzzTest(maxDuration = "2m")
  void rawIp(byte[] data) throws PcapFormatException {
    run(LinkType.RAW, data);
  }

  @FuzzTest(maxDuration = "2m")
  void ethernet(byte[] data) throws PcapFormatException {
    run(LinkType.ETHERNET, data);
  }

  @FuzzTest(maxDuration = "2m")
  void linuxSll(byte[] data) throws PcapFormatException {
    run(LinkType.LINUX_SLL, data);
  }

  @FuzzTest(maxDuration = "2m")
  void bsdLoopback(byte[] data) throws PcapFormatException {
    run(LinkType.NULL, data);
  }

  private void run(LinkType link, byte[] data) throws PcapFormatException {
    MemorySegment frame = MemorySegment.ofArray(data);
    for (boolean verbose : new boolean[] {false, true}) {
      Dissector d = new Dissector(link, verbose, false);
      Fuzz.noThrow("dissect " + link + (verbose ? " verbose" : ""), data,
          () -> consumed += Frames.touch(d.dissect(1, 0, 0, frame, data.length), data));
    }
  }
}
