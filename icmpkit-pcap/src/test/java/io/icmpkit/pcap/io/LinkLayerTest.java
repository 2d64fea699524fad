package io.icmpkit.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LinkLayerTest {

  /** Each file holds two frames; expected link type, offsets, IP versions and VLAN tag counts per frame. */
  @ParameterizedTest
  @CsvSource({
    "eth-le-micro.pcap,   1, 14, 4, 14, 4, 0, 0",
    "eth-vlan.pcap,       1, 18, 4, 22, 6, 1, 2",
    "sll.pcap,          113, 16, 4, 16, 6, 0, 0",
    "sll2.pcap,         276, 20, 4, 20, 6, 0, 0",
    "raw101.pcap,       101,  0, 4,  0, 6, 0, 0",
    "raw228.pcap,       228,  0, 4,  0, 4, 0, 0",
    "raw229.pcap,       229,  0, 6,  0, 6, 0, 0",
    "null-le.pcap,        0,  4, 4,  4, 6, 0, 0",
    "null-be.pcap,        0,  4, 4,  4, 6, 0, 0",
    "null-af28.pcap,      0,  4, 6,  4, 6, 0, 0",
    "loop.pcap,         108,  4, 4,  4, 6, 0, 0",
  })
  void findsTheNetworkLayer(String file, int linkType, int off1, int v1, int off2, int v2, int tags1, int tags2)
      throws IOException {
    try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(PcapReaderTest.resource(file)))) {
      assertThat(r.linkType().value()).isEqualTo(linkType);
      LinkLayer link = LinkLayer.of(r.linkType());
      int[][] expect = {{off1, v1, tags1}, {off2, v2, tags2}};
      for (int[] e : expect) {
        assertThat(r.next()).isTrue();
        MemorySegment frame = r.record().data();
        assertThat(link.decode(frame)).as(link.problem()).isTrue();
        assertThat(link.networkOffset()).isEqualTo(e[0]);
        assertThat(link.ipVersion()).isEqualTo(e[1]);
        assertThat(link.vlanTags()).isEqualTo(e[2]);
        // the byte at the offset is the IP version nibble
        assertThat((frame.get(ValueLayout.JAVA_BYTE, link.networkOffset()) >> 4) & 0xF).isEqualTo(e[1]);
      }
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void unsupportedLinkTypeIsNamed() {
    assertThatThrownBy(() -> LinkLayer.of(LinkType.valueOf(105)))
        .isInstanceOf(PcapFormatException.class).hasMessage("unsupported link type 105");
  }

  @Test
  void shortAndForeignFramesAreNotIp() throws PcapFormatException {
    LinkLayer eth = LinkLayer.of(LinkType.ETHERNET);
    assertThat(eth.decode(MemorySegment.ofArray(new byte[13]))).isFalse();
    assertThat(eth.problem()).contains("shorter");
    byte[] arp = new byte[42];
    arp[12] = 0x08;
    arp[13] = 0x06;
    assertThat(eth.decode(MemorySegment.ofArray(arp))).isFalse();
    assertThat(eth.problem()).isEqualTo("not IP (ethertype 0x0806)");
    // a VLAN tag cut off by the caplen
    byte[] vlan = new byte[16];
    vlan[12] = (byte) 0x81;
    assertThat(eth.decode(MemorySegment.ofArray(vlan))).isFalse();
    assertThat(eth.problem()).contains("VLAN");
    assertThat(LinkLayer.of(LinkType.RAW).decode(MemorySegment.ofArray(new byte[] {0x55}))).isFalse();
    assertThat(LinkLayer.of(LinkType.NULL).decode(MemorySegment.ofArray(new byte[] {7, 0, 0, 0, 0x45}))).isFalse();
  }

  @Test
  void vlanChainIsBounded() throws PcapFormatException {
    byte[] f = new byte[14 + 4 * 40 + 20];
    for (int i = 0; i <= 40; i++) {
      f[12 + 4 * i] = (byte) 0x81;
    }
    LinkLayer eth = LinkLayer.of(LinkType.ETHERNET);
    assertThat(eth.decode(MemorySegment.ofArray(f))).isFalse();
    assertThat(eth.problem()).isEqualTo("more than 8 VLAN tags");
  }
}
