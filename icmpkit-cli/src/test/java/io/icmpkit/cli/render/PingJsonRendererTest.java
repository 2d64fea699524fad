package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icmpkit.cli.render.PingRenderer.Header;
import io.icmpkit.cli.render.PingRenderer.Reply;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Lines key contract of {@code icmpkit ping --json}. */
class PingJsonRendererTest {
  @Test
  void everyEventKind() throws Exception {
    StringWriter out = new StringWriter();
    PingJsonRenderer r = new PingJsonRenderer(out);
    Header h = new Header("example", "10.0.0.2", false, null, null, 56);
    PingTally t = new PingTally();
    r.header(h);
    t.sent(1, 0);
    t.reply(1, 1234, false);
    r.reply(h, new Reply(1, 64, "10.0.0.2", 63, 1234, false, false, false, false));
    t.sent(2, 1_000_000_000L);
    t.error(2);
    r.icmpError(h, 2, "10.0.1.1", 11, 0, 0);
    t.sent(3, 2_000_000_000L);
    r.timeout(h, 3);
    r.localError(h, 4, "local error: message too long, mtu=1400");
    r.statistics(h, t);

    ObjectMapper m = new ObjectMapper();
    List<JsonNode> ev = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      ev.add(m.readTree(line));
    }
    assertThat(ev).extracting(e -> e.get("event").asText())
        .containsExactly("start", "reply", "error", "timeout", "error", "summary");
    assertThat(ev).allSatisfy(e -> {
      assertThat(e.get("host").asText()).isEqualTo("example");
      assertThat(e.get("addr").asText()).isEqualTo("10.0.0.2");
    });
    assertThat(ev.get(1).get("time").decimalValue()).isEqualByComparingTo("1.234");
    assertThat(ev.get(1).get("ttl").asInt()).isEqualTo(63);
    assertThat(ev.get(2).get("error").asText()).isEqualTo("Time to live exceeded");
    assertThat(ev.get(2).get("icmp_type").asInt()).isEqualTo(11);
    assertThat(ev.get(4).get("icmp_type").isNull()).isTrue();
    JsonNode sum = ev.get(5);
    assertThat(sum.get("transmitted").asLong()).isEqualTo(3);
    assertThat(sum.get("received").asLong()).isEqualTo(1);
    assertThat(sum.get("errors").asLong()).isEqualTo(1);
    assertThat(sum.get("loss").decimalValue()).isEqualByComparingTo("66.6667");
    assertThat(sum.get("time").asLong()).isEqualTo(2000);
    assertThat(sum.get("rtt").get("median").decimalValue()).isEqualByComparingTo("1.234");
    assertThat(sum.get("rtt").get("mdev").decimalValue()).isEqualByComparingTo("0");
  }

  @Test
  void noTimedReplyMeansNullRtt() throws Exception {
    StringWriter out = new StringWriter();
    PingJsonRenderer r = new PingJsonRenderer(out);
    Header h = new Header("::1", "::1", true, null, null, 8);
    PingTally t = new PingTally();
    t.sent(1, 0);
    t.reply(1, -1, false);
    r.reply(h, new Reply(1, 16, "::1", 64, -1, false, false, false, false));
    r.statistics(h, t);
    String[] lines = out.toString().split("\n");
    ObjectMapper m = new ObjectMapper();
    assertThat(m.readTree(lines[0]).get("time").isNull()).isTrue();
    assertThat(m.readTree(lines[1]).get("rtt").isNull()).isTrue();
  }
}
