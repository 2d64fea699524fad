package io.icmpkit.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest {

  static byte[] resource(String name) {
    try (InputStream in = PcapReaderTest.class.getResourceAsStream("/pcap/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test capture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CaptureReader open(byte[] bytes) throws IOException {
    return CaptureReader.open(new ByteArrayInputStream(bytes));
  }

  record Frame(long number, long offset, long seconds, int nanos, int caplen, long origlen, byte[] data) {}

  static List<Frame> readAll(CaptureReader r) throws IOException {
    List<Frame> out = new ArrayList<>();
    while (r.next()) {
      PcapRecord rec = r.record();
      out.add(new Frame(rec.number(), rec.fileOffset(), rec.epochSeconds(), rec.nanos(), rec.caplen(), rec.origlen(),
          rec.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({
    "eth-le-micro.pcap, 123456000, 0",
    "eth-be-micro.pcap, 123456000, 0",
    "eth-le-nano.pcap, 123456789, 789",
    "eth-be-nano.pcap, 123456789, 789",
  })
  void readsBothByteOrdersAndResolutions(String file, int nanos1, int nanos2) throws IOException {
    try (CaptureReader r = open(resource(file))) {
      assertThat(r.linkType()).isEqualTo(LinkType.ETHERNET);
      List<Frame> frames = readAll(r);
      assertThat(frames).hasSize(2);
      Frame f1 = frames.get(0);
      assertThat(f1.number()).isEqualTo(1);
      assertThat(f1.offset()).isEqualTo(24);
      assertThat(f1.seconds()).isEqualTo(1_700_000_000L);
      assertThat(f1.nanos()).isEqualTo(nanos1);
      assertThat(f1.caplen()).isEqualTo(50).isEqualTo((int) f1.origlen());
      // Ethernet dst 02:00:00:00:00:02, then src, then ethertype IPv4
      assertThat(f1.data()[0]).isEqualTo((byte) 0x02);
      assertThat(f1.data()[5]).isEqualTo((byte) 0x02);
      assertThat(f1.data()[12]).isEqualTo((byte) 0x08);
      Frame f2 = frames.get(1);
      assertThat(f2.number()).isEqualTo(2);
      assertThat(f2.offset()).isEqualTo(24 + 16 + 50);
      assertThat(f2.seconds()).isEqualTo(1_700_000_001L);
      assertThat(f2.nanos()).isEqualTo(nanos2);
      assertThat(r.warning()).isNull();
    }
  }

  @Test
  void bothByteOrdersGiveTheSameFrames() throws IOException {
    try (CaptureReader le = open(resource("eth-le-nano.pcap")); CaptureReader be = open(resource("eth-be-nano.pcap"))) {
      List<Frame> a = readAll(le);
      List<Frame> b = readAll(be);
      assertThat(a).hasSize(2);
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i).data()).isEqualTo(b.get(i).data());
        assertThat(a.get(i).nanos()).isEqualTo(b.get(i).nanos());
      }
    }
  }

  @Test
  void readsFromAFileChannel(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.pcap");
    Files.write(f, resource("sll2.pcap"));
    try (CaptureReader r = CaptureReader.open(f)) {
      assertThat(r.linkType()).isEqualTo(LinkType.LINUX_SLL2);
      assertThat(readAll(r)).extracting(Frame::caplen).containsExactly(56, 76);
    }
  }

  @Test
  void truncatedLastRecordStopsCleanlyWithAWarning() throws IOException {
    try (CaptureReader r = open(resource("truncated-last.pcap"))) {
      assertThat(readAll(r)).hasSize(1);
      assertThat(r.warning()).contains("record 2").contains("offset 90").contains("stopped after 1 records");
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void truncatedRecordHeaderStopsCleanly() throws IOException {
    byte[] ok = resource("raw228.pcap");
    byte[] cut = java.util.Arrays.copyOf(ok, 24 + 16 + 36 + 7);
    try (CaptureReader r = open(cut)) {
      assertThat(readAll(r)).hasSize(1);
      assertThat(r.warning()).contains("record header: 7 of 16 bytes");
    }
  }

  @Test
  void emptyAndShortFilesAreFormatErrors() {
    assertThatThrownBy(() -> open(new byte[0])).isInstanceOf(PcapFormatException.class).hasMessageContaining("empty");
    byte[] head = java.util.Arrays.copyOf(resource("raw228.pcap"), 20);
    assertThatThrownBy(() -> open(head)).isInstanceOf(PcapFormatException.class).hasMessageContaining("too short");
  }

  /** BAD-INPUTS row 47: any pcapng (including the byte-order magic ff fe fe ff) is a clear format error. */
  @Test
  void pcapngIsRejectedWithAClearMessage() {
    byte[] shb = {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, (byte) 0xff, (byte) 0xfe, (byte) 0xfe, (byte) 0xff,
        1, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, 28, 0, 0, 0};
    assertThatThrownBy(() -> open(shb)).isInstanceOf(PcapFormatException.class)
        .hasMessage("pcapng is not supported yet (convert with: editcap -F pcap in.pcapng out.pcap)");
  }

  @Test
  void unknownMagicIsAFormatError() {
    byte[] junk = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> open(junk)).isInstanceOf(PcapFormatException.class)
        .hasMessage("not a pcap file (magic 0x47455420)");
  }

  /** BAD-INPUTS row 48: a hostile caplen is rejected before anything of its size is read or allocated. */
  @ParameterizedTest
  @CsvSource({"4294967295", "262145", "65536"})
  void impossibleCaplenIsAFormatErrorWithRecordAndOffset(long caplen) throws IOException {
    byte[] bytes = resource("raw228.pcap"); // snaplen 65535
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 16 + 36 + 8, (int) caplen);
    try (CaptureReader r = open(bytes)) {
      assertThat(r.next()).isTrue();
      assertThatThrownBy(r::next).isInstanceOfSatisfying(PcapFormatException.class, e -> {
        assertThat(e.recordNumber()).isEqualTo(2);
        assertThat(e.offset()).isEqualTo(76);
        assertThat(e.getMessage()).contains("caplen " + caplen).contains("(record 2 at offset 76)");
      });
    }
  }

  @Test
  void caplenUpToTheSnaplenIsAccepted() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    byte[] big = new byte[PcapReader.MAX_CAPLEN];
    big[0] = 0x45;
    try (PcapWriter w = new PcapWriter(bos, LinkType.RAW, PcapReader.MAX_CAPLEN, false, ByteOrder.BIG_ENDIAN)) {
      w.write(1, 0, MemorySegment.ofArray(big));
      w.write(2, 0, MemorySegment.ofArray(new byte[] {0x45}));
    }
    try (CaptureReader r = open(bos.toByteArray())) {
      assertThat(readAll(r)).extracting(Frame::caplen).containsExactly(PcapReader.MAX_CAPLEN, 1);
    }
  }

  @Test
  void readsManyRecordsAcrossBufferRefills() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    int n = 20_000; // 20000 * (16 + 300) bytes = 6.3 MB > the 4 MiB buffer
    try (PcapWriter w = new PcapWriter(bos, LinkType.RAW, 65535, true, ByteOrder.LITTLE_ENDIAN)) {
      byte[] frame = new byte[300];
      for (int i = 0; i < n; i++) {
        frame[0] = (byte) i;
        frame[299] = (byte) (i >> 8);
        w.write(i, i, MemorySegment.ofArray(frame));
      }
    }
    try (CaptureReader r = open(bos.toByteArray())) {
      int i = 0;
      while (r.next()) {
        PcapRecord rec = r.record();
        assertThat(rec.number()).isEqualTo(i + 1);
        assertThat(rec.epochSeconds()).isEqualTo(i);
        assertThat(rec.nanos()).isEqualTo(i);
        assertThat(rec.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) i);
        assertThat(rec.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 299)).isEqualTo((byte) (i >> 8));
        i++;
      }
      assertThat(i).isEqualTo(n);
      assertThat(r.warning()).isNull();
    }
  }

  @Test
  void writerRoundTripsScapyFilesByteForByte() throws IOException {
    for (String name : List.of("eth-le-nano.pcap", "eth-be-micro.pcap")) {
      byte[] original = resource(name);
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (PcapReader r = (PcapReader) open(original)) {
        ByteOrder order = original[0] == (byte) 0xa1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        try (PcapWriter w = new PcapWriter(bos, r.linkType(), (int) r.snaplen(), r.nanoResolution(), order)) {
          while (r.next()) {
            w.write(r.record().epochSeconds(), r.record().nanos(), r.record().data(), r.record().origlen());
          }
        }
      }
      byte[] copy = bos.toByteArray();
      // the version minor and the rest of the file header equal Scapy's (2.4, zone 0, sigfigs 0)
      assertThat(copy).as(name).isEqualTo(original);
    }
  }
}
