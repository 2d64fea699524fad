package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code icmpkit ping} in-process on loopback (real sockets: needs root or an open
 * {@code ping_group_range}, hence the integration tag): text shape, several targets, JSON Lines.
 */
@Tag("integration")
class PingCommandTest {
  record Result(int rc, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n", -1));
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(rc, out.toString(), err.toString());
  }

  @Test
  void textLikeIputils() {
    Result r = run("ping", "-c", "3", "-i", "0.2", "127.0.0.1");
    assertThat(r.rc()).as(r.err()).isZero();
    List<String> masked = new ArrayList<>();
    for (String l : r.lines()) {
      masked.add(l.replaceAll("time=[0-9.]+ ms", "time=* ms").replaceAll("time [0-9]+ms", "time *ms")
          .replaceAll("= [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms", "= */*/*/* ms"));
    }
    assertThat(masked).containsExactly(
        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.",
        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=* ms",
        "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=* ms",
        "64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=* ms",
        "",
        "--- 127.0.0.1 ping statistics ---",
        "3 packets transmitted, 3 received, 0% packet loss, time *ms",
        "rtt min/avg/max/mdev = */*/*/* ms",
        "");
  }

  @Test
  void severalTargetsGetOneStatisticsBlockEach() {
    Result r = run("ping", "-q", "-c", "2", "-i", "0.2", "127.0.0.1", "::1");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.lines()).contains("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.", "PING ::1(::1) 56 data bytes",
        "--- 127.0.0.1 ping statistics ---", "--- ::1 ping statistics ---");
    assertThat(r.lines().stream().filter(l -> l.startsWith("2 packets transmitted, 2 received"))).hasSize(2);
  }

  @Test
  void jsonLines() throws Exception {
    Result r = run("ping", "--json", "-c", "2", "-i", "0.2", "::1");
    assertThat(r.rc()).as(r.err()).isZero();
    ObjectMapper m = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String l : r.out().split("\n")) {
      events.add(m.readTree(l));
    }
    assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("start", "reply", "reply", "summary");
    JsonNode reply = events.get(1);
    assertThat(reply.get("seq").asInt()).isEqualTo(1);
    assertThat(reply.get("bytes").asInt()).isEqualTo(64);
    assertThat(reply.get("from").asText()).isEqualTo("::1");
    assertThat(reply.get("time").isNumber()).isTrue();
    JsonNode sum = events.get(3);
    assertThat(sum.get("transmitted").asLong()).isEqualTo(2);
    assertThat(sum.get("received").asLong()).isEqualTo(2);
    assertThat(sum.get("loss").asDouble()).isZero();
    for (String k : List.of("min", "avg", "max", "mdev", "median", "p90", "p99")) {
      assertThat(sum.get("rtt").get(k).isNumber()).as(k).isTrue();
    }
  }
}
