package io.icmpkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.ipv6.Ipv6ExtensionWalk;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.IllegalRawDataException;

/** The benchmark compares like with like: both decoders accept every packet of the mix and read the same type. */
class DecodersAgreeTest {

  @Test
  void mixHasTheDeclaredSize() {
    assertThat(Mix.packets()).hasSize(DecodeBenchmark.MIX_SIZE);
  }

  @Test
  void everyPacketDecodesWithBothLibraries() throws IllegalRawDataException {
    Ipv6ExtensionWalk walk = new Ipv6ExtensionWalk();
    DecodeBenchmark.ViewDecoder views = new DecodeBenchmark.ViewDecoder();
    List<byte[]> packets = Mix.packets();
    for (byte[] p : packets) {
      MemorySegment s = MemorySegment.ofArray(p);
      // reusable views (offsets, re-pointed) read exactly what one-shot checked() views read
      assertThat(views.decode(s)).isEqualTo(DecodeBenchmark.CheckedViewDecoder.decode(s, walk));
      assertThat(DecodeBenchmark.MessageDecoder.decode(s, walk)).isNotNull();
      DecodeBenchmark.Pcap4jDecoder.decode(p);
    }
  }
}
