package io.icmpkit.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.cli.render.MtrFormat;
import io.icmpkit.cli.render.PingFormat;
import io.icmpkit.engine.trace.MtrSession;
import io.icmpkit.engine.trace.TraceRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The live view's keys and frames (the cycles themselves go to 127.0.0.1). */
class MtrLiveViewTest {
  private static final InetAddress LO = InetAddress.ofLiteral("127.0.0.1");

  private static MtrSession session() {
    return new MtrSession(TraceRequest.to(LO).method(io.icmpkit.engine.trace.ProbeMethod.ICMP)
        .waitMax(Duration.ofSeconds(1)).build(), Duration.ofMillis(50));
  }

  private static MtrLiveView view(MtrSession s, StringWriter out, InputStream keys) {
    return new MtrLiveView(s, new PrintWriter(out), keys, "here", "127.0.0.1",
        MtrFormat.DEFAULT_ORDER, PingFormat::ntop, false);
  }

  @Test
  void keysPauseResetAndQuit() {
    try (MtrSession s = session()) {
      MtrLiveView v = view(s, new StringWriter(), InputStream.nullInputStream());
      assertThat(v.key('p')).isTrue();
      assertThat(v.paused()).isTrue();
      assertThat(v.frame()).contains("[paused]");
      assertThat(v.key(' ')).isTrue();
      assertThat(v.paused()).isFalse();
      assertThat(v.key('x')).isTrue();
      assertThat(v.key('r')).isTrue();
      assertThat(s.cycles()).isZero();
      assertThat(v.key('Q')).isFalse();
    }
  }

  @Test
  void frameRedrawsInPlace() {
    try (MtrSession s = session()) {
      String f = view(s, new StringWriter(), InputStream.nullInputStream()).frame();
      assertThat(f).startsWith(MtrLiveView.CLEAR);
      assertThat(f).contains("here -> 127.0.0.1 (0 cycles)");
      assertThat(f).contains(MtrFormat.reportHeader("", MtrFormat.DEFAULT_ORDER));
    }
  }

  @Tag("integration")
  @Test
  void qEndsTheView() {
    try (MtrSession s = session()) {
      StringWriter out = new StringWriter();
      // "q" and the end of input both end the view; the reader may see them before any cycle
      view(s, out, new ByteArrayInputStream("q".getBytes())).run(1000);
      assertThat(s.cycles()).isLessThan(1000);
    }
  }

  @Tag("integration")
  @Test
  void cyclesAreDrawnOneFrameEach() throws Exception {
    InputStream keys = new InputStream() {
      @Override
      public int read() {
        try {
          Thread.sleep(60_000); // no key: the view ends after its cycles and interrupts us
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    };
    try (MtrSession s = session()) {
      StringWriter out = new StringWriter();
      view(s, out, keys).run(2);
      String text = out.toString();
      assertThat(text.split(java.util.regex.Pattern.quote(MtrLiveView.CLEAR), -1)).hasSize(3);
      assertThat(text).contains("  1.|-- 127.0.0.1 ").contains("(2 cycles)");
      assertThat(s.hops().getFirst().sentCount()).isEqualTo(2);
    }
  }
}
