package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icmpkit.engine.trace.MultipathDetector;
import io.icmpkit.engine.trace.MultipathDetector.Hop;
import io.icmpkit.engine.trace.MultipathDetector.Link;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diamond as {@code traceroute --mda} prints it. */
class MdaFormatTest {
  private static final InetAddress R1 = InetAddress.ofLiteral("10.0.1.1");
  private static final InetAddress A = InetAddress.ofLiteral("10.0.2.1");
  private static final InetAddress B = InetAddress.ofLiteral("10.0.2.2");
  private static final InetAddress DST = InetAddress.ofLiteral("10.0.9.9");

  private static final MultipathDetector.Result DIAMOND = new MultipathDetector.Result(DST,
      List.of(new Hop(1, List.of(R1)), new Hop(2, List.of(A, B)), new Hop(3, List.of(DST))),
      List.of(new Link(1, null, R1), new Link(2, R1, A), new Link(2, R1, B), new Link(3, A, DST),
          new Link(3, B, DST)), 12, true, true);

  @Test
  void text() {
    assertThat(MdaFormat.summary(DIAMOND))
        .isEqualTo("multipath discovery (MDA, 95% confidence): 12 flows");
    assertThat(MdaFormat.hops(DIAMOND, null)).containsExactly(
        " 1  10.0.1.1",
        " 2  10.0.2.1",
        "    10.0.2.2",
        " 3  10.0.9.9  <- 10.0.2.1, 10.0.2.2");
    assertThat(MdaFormat.hops(DIAMOND, a -> "n" + a.getAddress()[3]).getFirst())
        .isEqualTo(" 1  n1 (10.0.1.1)");
  }

  @Test
  void json() throws Exception {
    StringWriter out = new StringWriter();
    MdaFormat.json(out, "dst", DIAMOND);
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertThat(j.get("type").asText()).isEqualTo("traceroute_mda");
    assertThat(j.get("flows").asInt()).isEqualTo(12);
    assertThat(j.get("hops").get(1).get("nodes")).hasSize(2);
    assertThat(j.get("links").get(0).get("from").isNull()).isTrue();
    assertThat(j.get("links")).hasSize(5);
  }
}
