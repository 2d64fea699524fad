package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {
  static final Path SAMPLE = Path.of("..", "samples", "icmp-sample.pcap");

  record Result(int rc, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(rc, out.toString(), err.toString());
  }

  @Test
  void textModePrintsOneTsharkStyleLinePerFrame() {
    Result r = run("decode", SAMPLE.toString());
    assertThat(r.rc()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.lines()).hasSize(30);
    assertThat(r.lines().get(0)).startsWith("    1   0.000000 192.168.1.10 \u2192 8.8.8.8      ICMP 98 ");
    assertThat(r.lines().get(1)).startsWith("    2   0.003919      8.8.8.8 \u2192 192.168.1.10 ICMP 98 ");
    assertThat(r.lines().get(4)).startsWith("    5   0.013190 2001:db8:1::10 \u2192 ff02::1:ff00:1 ICMPv6 86 ");
    // these lines are exactly what tshark 4.0 prints for the same frames
    assertThat(r.lines()).contains(
        "    2   0.003919      8.8.8.8 \u2192 192.168.1.10 ICMP 98 Echo (ping) reply    id=0x1f2e, seq=1/256, ttl=117 (request in 1)",
        "    8   0.023732 2001:db8:ffff::1 \u2192 2001:db8:1::10 ICMPv6 118 Echo (ping) reply id=0x2a2b, seq=1, hop limit=57 (request in 7)",
        "   12   0.038654  192.168.1.1 \u2192 192.168.1.10 ICMP 70 Time-to-live exceeded (Time to live exceeded in transit)",
        "   16   0.050280 203.0.113.50 \u2192 192.168.1.10 ICMP 102 Destination unreachable (Port unreachable)",
        "   18   0.058607     10.0.0.1 \u2192 192.168.1.10 ICMP 70 Destination unreachable (Fragmentation needed)",
        "   20   0.063610 2001:db8:1::1 \u2192 2001:db8:1::10 ICMPv6 1294 Packet Too Big",
        "   26   0.083675  192.168.1.1 \u2192 192.168.1.10 ICMP 70 Redirect             (Redirect for host)",
        "   29   0.093114  192.168.1.1 \u2192 192.168.1.10 ICMP 54 Timestamp reply      id=0x0b0c, seq=1/256, ttl=64");
  }

  @Test
  void countStopsEarly() {
    assertThat(run("decode", "-c", "3", SAMPLE.toString()).lines()).hasSize(3);
    assertThat(run("decode", "--json", "--count", "2", SAMPLE.toString(), SAMPLE.toString()).lines()).hasSize(2);
  }

  @Test
  void verboseAddsTheFieldTree() {
    Result r = run("decode", "-V", "-c", "1", SAMPLE.toString());
    assertThat(r.rc()).isEqualTo(0);
    assertThat(r.out()).contains("    Internet Protocol Version 4, Src: 192.168.1.10, Dst: 8.8.8.8\n")
        .contains("        Time to Live: 64\n");
  }

  static final Set<String> ALWAYS = Set.of("frame", "time", "ip_version", "src", "dst", "protocol", "type", "code",
      "name", "checksum_ok", "fragment", "malformed", "anomalies", "summary");
  static final Set<String> OPTIONAL = Set.of("id", "seq", "mtu", "gateway", "pointer", "quoted", "extensions");

  static List<JsonNode> json(String... args) throws IOException {
    Result r = run(args);
    assertThat(r.rc()).as(r.err()).isEqualTo(0);
    ObjectMapper m = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : r.lines()) {
      nodes.add(m.readTree(line));
    }
    return nodes;
  }

  @Test
  void jsonLinesHaveTheDocumentedKeys() throws IOException {
    List<JsonNode> frames = json("decode", "--json", SAMPLE.toString());
    assertThat(frames).hasSize(30);
    for (JsonNode f : frames) {
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      assertThat(keys).containsAll(ALWAYS);
      assertThat(keys).allMatch(k -> ALWAYS.contains(k) || OPTIONAL.contains(k));
      for (String k : OPTIONAL) {
        if (f.has(k)) {
          assertThat(f.get(k).isNull()).as(k).isFalse();
        }
      }
      assertThat(f.get("fragment").isBoolean()).isTrue();
      assertThat(f.get("anomalies").isArray()).isTrue();
    }
    JsonNode first = frames.get(0);
    assertThat(first.get("frame").asInt()).isEqualTo(1);
    assertThat(first.get("time").decimalValue()).isEqualByComparingTo("1700000000.001000");
    assertThat(first.get("ip_version").asInt()).isEqualTo(4);
    assertThat(first.get("src").asText()).isEqualTo("192.168.1.10");
    assertThat(first.get("dst").asText()).isEqualTo("8.8.8.8");
    assertThat(first.get("protocol").asText()).isEqualTo("icmp");
    assertThat(first.get("type").asInt()).isEqualTo(8);
    assertThat(first.get("code").asInt()).isEqualTo(0);
    assertThat(first.get("checksum_ok").asBoolean()).isTrue();
    assertThat(frames.get(4).get("protocol").asText()).isEqualTo("icmpv6");
    assertThat(frames.get(26).get("protocol").asText()).isEqualTo("igmp");
    JsonNode mpls = frames.get(13);
    assertThat(mpls.get("quoted").toString())
        .isEqualTo("{\"src\":\"192.168.1.10\",\"dst\":\"203.0.113.50\",\"protocol\":\"udp\",\"sport\":45001,\"dport\":33435}");
    assertThat(mpls.get("extensions").toString()).isEqualTo(
        "[{\"class\":1,\"c_type\":1,\"name\":\"mpls_label_stack\",\"labels\":[{\"label\":24001,\"tc\":0,\"s\":true,\"ttl\":1}]}]");
    assertThat(frames.get(17).get("mtu").asLong()).isEqualTo(1400);
    assertThat(frames.get(25).get("gateway").asText()).isEqualTo("192.168.1.254");
    assertThat(frames.get(10).get("type").isNull()).isTrue();
    assertThat(frames.get(10).get("checksum_ok").isNull()).isTrue();
  }

  @Test
  void missingFileIsExitTwoWithOneLine() {
    Result r = run("decode", "no/such/file.pcap");
    assertThat(r.rc()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err()).isEqualTo("icmpkit decode: no/such/file.pcap: no such file\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void pcapngIsExitTwoWithAClearMessage(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.pcapng");
    Files.write(f, new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a});
    Result r = run("decode", f.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).startsWith("icmpkit decode: " + f + ": pcapng is not supported yet").doesNotContain("\tat ");
  }

  @Test
  void corruptRecordPrintsWhatCameBeforeThenExitsTwo(@TempDir Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(SAMPLE);
    // third record header: caplen field := 0xFFFFFFFF
    int off = 24;
    for (int i = 0; i < 2; i++) {
      int caplen = (bytes[off + 8] & 0xFF) | (bytes[off + 9] & 0xFF) << 8;
      off += 16 + caplen;
    }
    for (int i = 8; i < 12; i++) {
      bytes[off + i] = (byte) 0xFF;
    }
    Path f = dir.resolve("bad.pcap");
    Files.write(f, bytes);
    Result r = run("decode", f.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.lines()).hasSize(2);
    assertThat(r.err()).contains("record 3 at offset " + off).contains("caplen 4294967295");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void truncatedFileWarnsAndSucceeds(@TempDir Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(SAMPLE);
    Path f = dir.resolve("cut.pcap");
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    Result r = run("decode", f.toString());
    assertThat(r.rc()).isEqualTo(0);
    assertThat(r.lines()).hasSize(29);
    assertThat(r.err()).startsWith("icmpkit decode: " + f + ": warning: capture ends in the middle of record 30");
  }

  @Test
  void helpLeadsWithExamplesAndListsExitCodes() {
    Result r = run("--help");
    assertThat(r.rc()).isEqualTo(0);
    assertThat(r.out()).contains("Examples:").contains("icmpkit decode samples/icmp-sample.pcap")
        .contains("Exit codes:").contains("70");
    assertThat(r.out().indexOf("Examples:")).isLessThan(r.out().indexOf("Commands:"));
    Result d = run("help", "decode");
    assertThat(d.out()).contains("--json").contains("Examples:");
  }

  @Test
  void usageErrorsAreExitTwo() {
    assertThat(run("decode").rc()).isEqualTo(2);
    assertThat(run("frobnicate").rc()).isEqualTo(2);
    assertThat(run().rc()).isEqualTo(2);
  }
}
