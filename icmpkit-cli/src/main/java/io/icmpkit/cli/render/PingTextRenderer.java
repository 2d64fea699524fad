package io.icmpkit.cli.render;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * The output of iputils ping 20221126, line for line: the {@code PING} header, reply lines,
 * {@code From ... icmp_seq=N ...} error lines, {@code no answer yet} ({@code -O}), flood-mode
 * dots, {@code -D} timestamps, the statistics block and the SIGQUIT status line (stderr).
 */
public final class PingTextRenderer implements PingRenderer {
  /**
   * @param quiet {@code -q}
   * @param flood {@code -f}: dots instead of lines
   * @param timestamps {@code -D}
   * @param audible {@code -a}: BEL after each reply
   * @param precise {@code -3}: RTT with 3 decimals, not rounded
   * @param ipgLine interval 0, {@code -f} or {@code -A}: print {@code ipg/ewma}
   */
  public record Options(boolean quiet, boolean flood, boolean timestamps, boolean audible, boolean precise, boolean ipgLine) {}

  private final PrintWriter out;
  private final PrintWriter err;
  private final Options options;
  private final LongSupplier epochMicros;

  public PingTextRenderer(PrintWriter out, PrintWriter err, Options options, LongSupplier epochMicros) {
    this.out = out;
    this.err = err;
    this.options = options;
    this.epochMicros = epochMicros;
  }

  /** The header line (without newline), as {@code ping_print_packet()} of iputils. */
  public static String headerLine(Header h) {
    StringBuilder sb = new StringBuilder(64);
    sb.append("PING ").append(h.hostname()).append(h.ipv6() ? "(" : " (").append(h.address()).append(") ");
    if (h.source() != null || h.device() != null) {
      sb.append("from ").append(h.source() == null ? "" : h.source()).append(' ')
          .append(h.device() == null ? "" : h.device()).append(": ");
    }
    if (h.ipv6()) {
      sb.append(h.dataLength()).append(" data bytes");
    } else {
      sb.append(h.dataLength()).append('(').append(h.dataLength() + 28L).append(") bytes of data.");
    }
    return sb.toString();
  }

  /** A reply line (without newline) as {@code gather_statistics()} prints it. */
  public static String replyLine(Reply r, boolean precise) {
    StringBuilder sb = new StringBuilder(80);
    sb.append(r.bytes()).append(" bytes from ").append(r.from()).append(": icmp_seq=").append(r.seq());
    if (r.ttl() >= 0) {
      sb.append(" ttl=").append(r.ttl());
    }
    if (r.truncated()) {
      return sb.append(" (truncated)").toString();
    }
    if (r.micros() >= 0) {
      sb.append(" time=").append(PingFormat.replyTime(r.micros(), precise)).append(" ms");
    }
    if (r.duplicate()) {
      sb.append(" (DUP!)");
    }
    if (r.badChecksum()) {
      sb.append(" (BAD CHECKSUM!)");
    }
    if (r.differentAddress()) {
      sb.append(" (DIFFERENT ADDRESS!)");
    }
    return sb.toString();
  }

  /** The {@code From X icmp_seq=N text} line of an ICMP error (without newline). */
  public static String errorLine(boolean ipv6, int seq, String from, int type, int code, long info) {
    return "From " + from + " icmp_seq=" + seq + " "
        + (ipv6 ? PingFormat.icmpv6Error(type, code, info) : PingFormat.icmpv4Error(type, code, info));
  }

  /** The statistics block: blank line, {@code ---} line, counts line, rtt line (maybe empty). */
  public static String statisticsBlock(String hostname, PingTally t, boolean ipgLine) {
    StringBuilder sb = new StringBuilder(200);
    sb.append('\n');
    sb.append("--- ").append(hostname).append(" ping statistics ---\n");
    sb.append(t.transmitted()).append(" packets transmitted, ").append(t.received()).append(" received");
    if (t.duplicates() != 0) {
      sb.append(", +").append(t.duplicates()).append(" duplicates");
    }
    if (t.corrupted() != 0) {
      sb.append(", +").append(t.corrupted()).append(" corrupted");
    }
    if (t.errors() != 0) {
      sb.append(", +").append(t.errors()).append(" errors");
    }
    long elapsed = t.elapsedNanos();
    if (t.transmitted() != 0) {
      sb.append(", ").append(PingFormat.lossPercent(t.transmitted(), t.received())).append("% packet loss");
      sb.append(", time ").append((elapsed + 500_000) / 1_000_000).append("ms");
    }
    sb.append('\n');
    String comma = "";
    if (t.received() != 0 && t.timed()) {
      sb.append("rtt min/avg/max/mdev = ").append(PingFormat.millis(t.minMicros())).append('/')
          .append(PingFormat.millis(t.avgMicros())).append('/').append(PingFormat.millis(t.maxMicros()))
          .append('/').append(PingFormat.millis(t.mdevMicros())).append(" ms");
      comma = ", ";
    }
    if (t.pipe() > 1) {
      sb.append(comma).append("pipe ").append(t.pipe());
      comma = ", ";
    }
    if (t.received() != 0 && ipgLine && t.transmitted() > 1) {
      long ipg = (elapsed / 1000) / (t.transmitted() - 1);
      sb.append(comma).append("ipg/ewma ").append(PingFormat.millis(ipg)).append('/')
          .append(PingFormat.millis(t.ewmaMicros())).append(" ms");
    }
    sb.append('\n');
    return sb.toString();
  }

  /** The SIGQUIT line (without the leading CR and the newline). */
  public static String statusLine(PingTally t) {
    long loss = t.transmitted() == 0 ? 0 : (t.transmitted() - t.received()) * 100 / t.transmitted();
    StringBuilder sb = new StringBuilder(100);
    sb.append(t.received()).append('/').append(t.transmitted()).append(" packets, ").append(loss).append("% loss");
    if (t.received() != 0 && t.timed()) {
      sb.append(", min/avg/ewma/max = ").append(PingFormat.millis(t.minMicros())).append('/')
          .append(PingFormat.millis(t.avgMicros())).append('/').append(PingFormat.millis(t.ewmaMicros()))
          .append('/').append(PingFormat.millis(t.maxMicros())).append(" ms");
    }
    return sb.toString();
  }

  @Override
  public void header(Header header) {
    out.println(headerLine(header));
    out.flush();
  }

  @Override
  public void sent(Header target, int seq, int unanswered) {
    if (unanswered >= 0) {
      stamp();
      out.println("no answer yet for icmp_seq=" + unanswered);
      out.flush();
    }
    if (options.flood() && !options.quiet()) {
      out.print('.');
      out.flush();
    }
  }

  @Override
  public void reply(Header target, Reply reply) {
    if (options.quiet()) {
      return;
    }
    if (options.flood()) {
      out.print(reply.badChecksum() ? "\bC" : "\b \b");
      out.flush();
      return;
    }
    stamp();
    out.print(replyLine(reply, options.precise()));
    if (options.audible()) {
      out.print('\u0007');
    }
    out.print('\n');
    out.flush();
  }

  @Override
  public void icmpError(Header target, int seq, String from, int type, int code, long info) {
    if (options.quiet()) {
      return;
    }
    if (options.flood()) {
      out.print("\bE");
      out.flush();
      return;
    }
    stamp();
    out.println(errorLine(target.ipv6(), seq, from, type, code, info));
    out.flush();
  }

  @Override
  public void localError(Header target, int seq, String message) {
    if (options.quiet()) {
      return;
    }
    if (options.flood()) {
      out.print('E');
      out.flush();
      return;
    }
    out.flush();
    err.println("ping: " + message);
    err.flush();
  }

  @Override
  public void timeout(Header target, int seq) {
    // iputils prints nothing for a timeout (-O reports it before the next send)
  }

  @Override
  public void statistics(Header target, PingTally tally) {
    out.print(statisticsBlock(target.hostname(), tally, options.ipgLine()));
    out.flush();
  }

  @Override
  public void status(Header target, PingTally tally) {
    err.print("\r" + statusLine(tally) + "\n");
    err.flush();
  }

  @Override
  public void flush() {
    out.flush();
    err.flush();
  }

  private void stamp() {
    if (options.timestamps()) {
      out.print(PingFormat.timestampPrefix(epochMicros.getAsLong()));
    }
  }
}
