package io.icmpkit.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.MplsLabelStack;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * RFC 4884 extensions found in what the error queue returns: the kernel strips the inner headers
 * and gives the original datagram's length relative to the stripped data, or 0 (then the 128-byte
 * rule of RFC 4884 section 5 applies).
 */
class ErrorQueueExtensionsTest {
  static final IcmpExtensions MPLS = IcmpExtensions.of(MplsLabelStack.of(
      new MplsLabelStack.Entry(16004, 0, true, 1)));

  /** An ICMP body: 128 bytes of original datagram (inner IPv4 + UDP headers first), extensions. */
  static MemorySegment body(boolean withExtensions) {
    int extLength = withExtensions ? MPLS.bufferLength() : 0;
    MemorySegment b = MemorySegment.ofArray(new byte[128 + extLength]);
    b.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x45);
    if (withExtensions) {
      MPLS.emit(b.asSlice(128), ChecksumPolicy.FILL);
    }
    return b;
  }

  @Test
  void lengthRelativeToTheStrippedData() {
    MemorySegment data = body(true).asSlice(28); // IPv4 + UDP headers stripped
    IcmpExtensions e = ProbeChannel.errorQueueExtensions(data, 28, 100);
    assertThat(e).isNotNull();
    assertThat(e.objects()).containsExactly(MPLS.objects().getFirst());
  }

  @Test
  void noLengthGivenUsesThe128ByteRule() {
    MemorySegment data = body(true).asSlice(20); // ping socket: inner IPv4 header stripped
    assertThat(ProbeChannel.errorQueueExtensions(data, 20, 0).objects())
        .containsExactly(MPLS.objects().getFirst());
  }

  @Test
  void noneWhenThereAreNone() {
    assertThat(ProbeChannel.errorQueueExtensions(body(false).asSlice(28), 28, 0)).isNull();
    assertThat(ProbeChannel.errorQueueExtensions(MemorySegment.ofArray(new byte[4]), 28, 0))
        .isNull();
    // a length pointing past the end: no extensions, no exception
    assertThat(ProbeChannel.errorQueueExtensions(body(true).asSlice(28), 28, 5000)).isNull();
  }
}
