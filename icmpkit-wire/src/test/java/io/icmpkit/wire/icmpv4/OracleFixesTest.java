package io.icmpkit.wire.icmpv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.icmpv4.Icmpv4Message.TimeExceeded;
import io.icmpkit.wire.icmpv4.Icmpv4Message.Unknown;
import io.icmpkit.wire.testing.Vectors;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Over-flagging the tshark oracle found (vectors: tools/vectors/gen_oracle_fixes.py, Scapy). */
class OracleFixesTest {

  private static Icmpv4Message parse(String name, AnomalySink sink) {
    MemorySegment s = MemorySegment.ofArray(Vectors.get("oracle_fixes", name).toByteArray());
    return Icmpv4Message.parse(Icmpv4Packet.checked(s), ChecksumPolicy.VERIFY, sink);
  }

  /** BAD-INPUTS row 33 exactly: entry size 1 whose entries fit is kept raw but not flagged. */
  @Test
  void routerAdvertisementEntrySizeOneThatFitsIsNotFlagged() {
    AnomalySink.Collector c = AnomalySink.collector();
    assertThat(parse("router_advert_size1", c)).isInstanceOf(Unknown.class);
    assertThat(c.anomalies()).isEmpty();
    c.clear();
    assertThat(parse("router_advert_size0_one", c)).isInstanceOf(Unknown.class);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_ROUTERADVERT_TRUNCATED);
  }

  /** An RFC 4884 length covering exactly the rest of the message: a quote, no extension, no flag. */
  @Test
  void rfc4884LengthCoveringTheWholeQuoteIsNotAnExtensionError() {
    AnomalySink.Collector c = AnomalySink.collector();
    TimeExceeded t = (TimeExceeded) parse("time_exceeded_length_only", c);
    assertThat(c.anomalies()).isEmpty();
    assertThat(t.extensions()).isNull();
    assertThat(t.originalDatagram().length()).isEqualTo(128);
    c.clear();
    TimeExceeded stray = (TimeExceeded) parse("time_exceeded_length_stray", c);
    assertThat(c.anomalies()).containsExactly(Anomaly.ICMP_EXT_BAD);
    assertThat(stray.originalDatagram().length()).isEqualTo(130);
  }
}
