package io.icmpkit.pcap.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.pcap.dissect.Dissector;
import io.icmpkit.pcap.io.CaptureReader;
import io.icmpkit.pcap.io.LinkLayer;
import io.icmpkit.pcap.io.PcapFormatException;
import io.icmpkit.pcap.io.PcapReader;
import io.icmpkit.pcap.io.PcapRecord;
import io.icmpkit.wire.fuzz.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A whole capture file through {@link CaptureReader#open(java.io.InputStream)} and the
 * {@link Dissector}, as {@code icmpkit decode} reads it: only {@link PcapFormatException} escapes
 * the reader (BAD-INPUTS rows 47-49), records stay inside the file, the loop is bounded by the file
 * size, and the dissector never throws.
 */
class PcapReaderFuzzTest {
  /** Results land here so that reading them is not dead code. */
  long consumed;

  @FuzzTest(maxDuration = "2m")
  void wholeFile(byte[] data) throws IOException {
    try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(data))) {
      boolean nano = r instanceof PcapReader p && p.nanoResolution();
      Dissector d = LinkLayer.supported(r.linkType()) ? new Dissector(r.linkType(), true, nano) : null;
      long records = 0;
      while (r.next()) {
        records++;
        // a record costs at least its 16-byte header
        check(records <= data.length / 16, "record " + records + " from " + data.length + " bytes", data);
        PcapRecord rec = r.record();
        check(rec.caplen() == rec.data().byteSize() && rec.caplen() <= PcapReader.MAX_CAPLEN,
            "record data of " + rec.data().byteSize() + " bytes, caplen " + rec.caplen(), data);
        check(rec.caplen() <= data.length, "record longer than the file", data);
        consumed += rec.number() + rec.epochSeconds() + rec.nanos() + rec.origlen() + rec.fileOffset();
        if (d != null) {
          Fuzz.noThrow("dissect", data, () -> consumed += Frames.touch(d.dissect(rec), data));
        }
      }
      consumed += String.valueOf(r.warning()).length();
    } catch (PcapFormatException e) {
      consumed += e.getMessage().length(); // the one allowed outcome for a bad file
    }
  }
}
