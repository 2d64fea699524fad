package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.cli.render.PingRenderer.Header;
import io.icmpkit.cli.render.PingRenderer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replays output captured from iputils ping 20221126 on loopback ({@code src/test/resources/ping},
 * first line: the command) through {@link PingTally} and {@link PingTextRenderer}: fed the same
 * replies (RTTs read back from the lines; loopback RTTs are below 1 ms, so printed to the
 * microsecond) and the same elapsed time, the output must be byte for byte the captured one,
 * statistics included (min/avg/max/mdev, pipe, ipg/ewma are recomputed, not copied).
 */
class PingTextRendererTest {
  private static final Pattern REPLY = Pattern.compile(
      "(?:\\[(\\d+)\\.(\\d{6})\\] )?(\\d+) bytes from (.+?): icmp_seq=(\\d+) ttl=(\\d+)(?: time=(\\d+)\\.(\\d{3}) ms)?");
  private static final Pattern TIME = Pattern.compile(", time (\\d+)ms");
  private static final Pattern IPG = Pattern.compile("ipg/ewma (\\d+)\\.(\\d{3})/");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      v4-c3       | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | false | false | false
      v6-c3       | ::1       | ::1       | true  | -         | -   | 56   | false | false | false
      localhost   | localhost | 127.0.0.1 | false | -         | -   | 56   | false | false | false
      quiet       | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | true  | false | false
      untimed     | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 8    | false | false | false
      interval0   | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | false | false | true
      preload     | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | false | false | true
      timestamps  | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | false | true  | false
      source      | 127.0.0.1 | 127.0.0.1 | false | 127.0.0.1 | -   | 56   | false | false | false
      device      | 127.0.0.1 | 127.0.0.1 | false | 127.0.0.1 | lo  | 56   | false | false | false
      v6-source   | ::1       | ::1       | true  | ::1       | -   | 56   | false | false | false
      pattern     | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | false | false | false
      size1000    | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 1000 | false | false | false
      ttl         | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | false | false | false
      deadline    | 127.0.0.1 | 127.0.0.1 | false | -         | -   | 56   | false | false | false
      """)
  void replaysCapturedIputilsOutput(String fixture, String host, String addr, boolean v6, String source,
      String device, int size, boolean quiet, boolean stamps, boolean ipgLine) throws IOException {
    List<String> lines = fixture(fixture);
    String expected = String.join("\n", lines) + "\n";
    long[] clock = {0};
    StringWriter out = new StringWriter();
    PingTextRenderer r = new PingTextRenderer(new PrintWriter(out), new PrintWriter(new StringWriter()),
        new PingTextRenderer.Options(quiet, false, stamps, false, false, ipgLine), () -> clock[0]);
    Header h = new Header(host, addr, v6, source, device, size);
    PingTally t = new PingTally();
    List<String> body = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("PATTERN: ")) {
        out.write(line + "\n"); // printed by the command, before the header
      }
    }
    r.header(h);
    String statsLine = lines.stream().filter(l -> l.contains("packets transmitted")).findFirst().orElseThrow();
    long transmitted = Long.parseLong(statsLine.substring(0, statsLine.indexOf(' ')));
    String rttLine = lines.get(lines.indexOf(statsLine) + 1);
    long elapsedNanos = elapsed(statsLine, rttLine, transmitted);
    List<Matcher> replies = new ArrayList<>();
    for (String line : lines) {
      Matcher m = REPLY.matcher(line);
      if (m.matches()) {
        replies.add(m);
      }
    }
    if (quiet) { // no reply lines: feed n replies whose statistics match (min, avg, max read back)
      feedQuietReplies(t, transmitted, rttLine, elapsedNanos);
    }
    int preload = fixture.equals("preload") ? 3 : 1; // ping -l 3: three probes out before the first reply
    long sentUpTo = 0;
    for (int seq = 1; seq <= transmitted && !quiet; seq++) {
      while (sentUpTo < Math.min(transmitted, seq + preload - 1)) {
        sentUpTo++;
        t.sent((int) sentUpTo, sentUpTo == transmitted ? elapsedNanos : (sentUpTo - 1));
      }
      for (Matcher m : replies) {
        if (Integer.parseInt(m.group(5)) == seq) {
          long micros = m.group(7) == null ? -1 : Long.parseLong(m.group(7)) * 1000 + Long.parseLong(m.group(8));
          if (m.group(1) != null) {
            clock[0] = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
          }
          boolean dup = t.reply(seq, micros, false);
          r.reply(h, new Reply(seq, Integer.parseInt(m.group(3)), m.group(4), Integer.parseInt(m.group(6)),
              micros, dup, false, false, false));
        }
      }
    }
    r.statistics(h, t);
    assertThat(out.toString()).isEqualTo(expected);
  }

  /**
   * The quiet fixture has 3 replies and no reply lines: feed min, max and a middle value that gives
   * the printed average (the sum is 3 avg .. 3 avg + 2), choosing the one whose mdev is printed.
   */
  private static void feedQuietReplies(PingTally t, long n, String rttLine, long elapsedNanos) {
    Matcher m = Pattern.compile("= 0\\.(\\d{3})/0\\.(\\d{3})/0\\.(\\d{3})/0\\.(\\d{3})").matcher(rttLine);
    assertThat(m.find()).isTrue();
    long min = Long.parseLong(m.group(1));
    long avg = Long.parseLong(m.group(2));
    long max = Long.parseLong(m.group(3));
    long mdev = Long.parseLong(m.group(4));
    for (int k = 0; k < 3; k++) {
      PingTally probe = new PingTally();
      long[] v = {min, avg * 3 + k - min - max, max};
      for (int seq = 1; seq <= n; seq++) {
        probe.sent(seq, 0);
        probe.reply(seq, v[seq - 1], false);
      }
      if (probe.mdevMicros() == mdev) {
        for (int seq = 1; seq <= n; seq++) {
          t.sent(seq, seq == n ? elapsedNanos : seq - 1);
          t.reply(seq, v[seq - 1], false);
        }
        return;
      }
    }
    throw new AssertionError("no RTT triple reproduces " + rttLine);
  }

  /** An elapsed time consistent with both {@code time Nms} and {@code ipg}. */
  private static long elapsed(String statsLine, String rttLine, long transmitted) {
    Matcher tm = TIME.matcher(statsLine);
    assertThat(tm.find()).isTrue();
    long ms = Long.parseLong(tm.group(1));
    Matcher ipg = IPG.matcher(rttLine);
    if (ipg.find() && transmitted > 1) {
      long ipgMicros = Long.parseLong(ipg.group(1)) * 1000 + Long.parseLong(ipg.group(2));
      long us = ipgMicros * (transmitted - 1);
      assertThat((us * 1000 + 500_000) / 1_000_000).as("fixture time and ipg agree").isEqualTo(ms);
      return us * 1000;
    }
    return ms * 1_000_000;
  }

  static List<String> fixture(String name) throws IOException {
    try (InputStream in = PingTextRendererTest.class.getResourceAsStream("/ping/" + name + ".txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>();
      for (String l : text.split("\n", -1)) {
        if (!l.startsWith("# ")) {
          lines.add(l);
        }
      }
      lines.removeLast(); // after the final newline (an untimed run ends with an empty rtt line)
      return lines;
    }
  }
}
