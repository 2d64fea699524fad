package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.engine.sweep.ProbeType;
import io.icmpkit.engine.sweep.SweepResult;
import io.icmpkit.engine.sweep.SweepStatus;
import io.icmpkit.engine.sweep.Sweeper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SweepRendererTest {
  static InetAddress a(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  static SweepResult alive() throws Exception {
    return new SweepResult(a("192.0.2.1"), null, SweepStatus.ALIVE, ProbeType.ECHO, 1_234_567, 63,
        null, 0, 0, null);
  }

  static SweepResult error() throws Exception {
    return new SweepResult(a("192.0.2.2"), "web,\"1\"", SweepStatus.UNREACHABLE, ProbeType.ECHO,
        -1, 63, a("198.51.100.1"), 3, 1, null);
  }

  static SweepResult silent() throws Exception {
    return new SweepResult(a("2001:db8::3"), null, SweepStatus.NO_ANSWER, null, -1, -1, null, -1,
        -1, null);
  }

  static String render(SweepRenderer.Format f, SweepResult... rs) {
    StringWriter w = new StringWriter();
    SweepRenderer r = new SweepRenderer(f, new PrintWriter(w));
    r.start();
    for (SweepResult x : rs) {
      r.result(x);
    }
    return w.toString();
  }

  @Test
  void textIsFpingLike() throws Exception {
    assertThat(render(SweepRenderer.Format.TEXT, alive(), error(), silent())).isEqualTo(
        "192.0.2.1 is alive (1.235 ms)\n"
            + "web,\"1\" is unreachable (ICMP Host Unreachable from 198.51.100.1)\n"
            + "2001:db8::3 is unreachable\n"); // RFC 5952 form, as fping prints it
  }

  @Test
  void aliveAndUnreachableLists() throws Exception {
    assertThat(render(SweepRenderer.Format.ALIVE, alive(), error(), silent())).isEqualTo("192.0.2.1\n");
    assertThat(render(SweepRenderer.Format.UNREACHABLE, alive(), error(), silent()))
        .isEqualTo("web,\"1\"\n2001:db8::3\n");
  }

  @Test
  void jsonLines() throws Exception {
    assertThat(render(SweepRenderer.Format.JSON, alive(), error())).isEqualTo(
        "{\"target\":\"192.0.2.1\",\"status\":\"alive\",\"probe\":\"echo\",\"rtt_ms\":1.235,\"ttl\":63,\"icmp_type\":0,\"icmp_code\":0}\n"
            + "{\"target\":\"192.0.2.2\",\"name\":\"web,\\\"1\\\"\",\"status\":\"unreachable\",\"probe\":\"echo\",\"ttl\":63,\"from\":\"198.51.100.1\",\"icmp_type\":3,\"icmp_code\":1}\n");
  }

  @Test
  void csvQuotesFields() throws Exception {
    assertThat(render(SweepRenderer.Format.CSV, error())).isEqualTo(SweepRenderer.CSV_HEADER + "\n"
        + "192.0.2.2,\"web,\"\"1\"\"\",unreachable,,63,198.51.100.1,echo,3,1,\n");
  }

  @Test
  void progressLine() {
    Sweeper.Progress p = new Sweeper.Progress(1000, 500, 400, 390, 10, 400, 0, 1_000_000_000L);
    assertThat(SweepRenderer.progressLine(p, 500)).startsWith("\r[###############               ]  50.0% sent 500 recv 400 500 pps ETA 1s");
  }
}
