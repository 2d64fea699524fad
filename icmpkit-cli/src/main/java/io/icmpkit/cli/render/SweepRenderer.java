package io.icmpkit.cli.render;

import io.icmpkit.wire.AddressText;
import io.icmpkit.engine.sweep.SweepResult;
import io.icmpkit.engine.sweep.SweepStatus;
import io.icmpkit.engine.sweep.Sweeper;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Lines of {@code icmpkit sweep}: fping-style text (every target, {@code -a} alive only, {@code -u}
 * the others), JSON Lines or CSV, and fping's {@code -s} summary.
 */
public final class SweepRenderer {
  /** Output formats. */
  public enum Format { TEXT, ALIVE, UNREACHABLE, JSON, CSV }

  /** CSV header line. */
  public static final String CSV_HEADER =
      "target,name,status,rtt_ms,ttl,responder,probe,icmp_type,icmp_code,detail";

  private final Format format;
  private final PrintWriter out;

  public SweepRenderer(Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  /** Prints what comes before the first result (the CSV header). */
  public void start() {
    if (format == Format.CSV) {
      out.println(CSV_HEADER);
    }
  }

  /** Prints one result, or nothing when the format does not show it. */
  public void result(SweepResult r) {
    String line = switch (format) {
      case TEXT -> text(r);
      case ALIVE -> r.alive() ? display(r) : null;
      case UNREACHABLE -> r.alive() ? null : display(r);
      case JSON -> json(r);
      case CSV -> csv(r);
    };
    if (line != null) {
      out.println(line);
    }
  }

  private static String display(SweepResult r) {
    return r.name() != null ? r.name() : AddressText.of(r.target());
  }

  /** fping's lines: {@code X is alive (0.12 ms)}, {@code X is unreachable}. */
  static String text(SweepResult r) {
    String who = display(r);
    return switch (r.status()) {
      case ALIVE -> who + " is alive" + (r.rttNanos() >= 0 ? " (" + ms(r.rttNanos()) + " ms)" : "")
          + (r.responder() != null ? " [<- " + AddressText.of(r.responder()) + "]" : "");
      case UNREACHABLE -> who + " is unreachable" + (r.icmpType() >= 0
          ? " (" + errorName(r.icmpType(), r.icmpCode(), r.target().getAddress().length == 16)
              + (r.responder() != null ? " from " + AddressText.of(r.responder()) : "") + ")"
          : r.detail() != null ? " (" + r.detail() + ")" : "");
      case NO_ANSWER -> who + " is unreachable";
    };
  }

  static String errorName(int type, int code, boolean v6) {
    if (!v6) {
      return switch (type) {
        case 3 -> switch (code) {
          case 0 -> "ICMP Network Unreachable";
          case 1 -> "ICMP Host Unreachable";
          case 2 -> "ICMP Protocol Unreachable";
          case 3 -> "ICMP Port Unreachable";
          case 9, 10, 13 -> "ICMP Unreachable (Administratively prohibited)";
          default -> "ICMP Unreachable (code " + code + ")";
        };
        case 11 -> "ICMP Time Exceeded";
        case 4 -> "ICMP Source Quench";
        case 5 -> "ICMP Redirect";
        case 12 -> "ICMP Parameter Problem";
        default -> "ICMP type " + type + " code " + code;
      };
    }
    return switch (type) {
      case 1 -> "ICMPv6 Destination Unreachable (code " + code + ")";
      case 2 -> "ICMPv6 Packet Too Big";
      case 3 -> "ICMPv6 Time Exceeded";
      case 4 -> "ICMPv6 Parameter Problem";
      default -> "ICMPv6 type " + type + " code " + code;
    };
  }

  static String status(SweepStatus s) {
    return switch (s) {
      case ALIVE -> "alive";
      case UNREACHABLE -> "unreachable";
      case NO_ANSWER -> "no_answer";
    };
  }

  static String json(SweepResult r) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"target\":\"").append(AddressText.of(r.target())).append('"');
    if (r.name() != null) {
      b.append(",\"name\":").append(quote(r.name()));
    }
    b.append(",\"status\":\"").append(status(r.status())).append('"');
    if (r.probe() != null) {
      b.append(",\"probe\":\"").append(r.probe().label()).append('"');
    }
    if (r.rttNanos() >= 0) {
      b.append(",\"rtt_ms\":").append(ms(r.rttNanos()));
    }
    if (r.ttl() >= 0) {
      b.append(",\"ttl\":").append(r.ttl());
    }
    if (r.responder() != null) {
      b.append(",\"from\":\"").append(AddressText.of(r.responder())).append('"');
    }
    if (r.icmpType() >= 0) {
      b.append(",\"icmp_type\":").append(r.icmpType()).append(",\"icmp_code\":").append(r.icmpCode());
    }
    if (r.detail() != null) {
      b.append(",\"error\":").append(quote(r.detail()));
    }
    return b.append('}').toString();
  }

  static String csv(SweepResult r) {
    return String.join(",",
        AddressText.of(r.target()),
        r.name() == null ? "" : csvField(r.name()),
        status(r.status()),
        r.rttNanos() >= 0 ? ms(r.rttNanos()) : "",
        r.ttl() >= 0 ? Integer.toString(r.ttl()) : "",
        r.responder() == null ? "" : AddressText.of(r.responder()),
        r.probe() == null ? "" : r.probe().label(),
        r.icmpType() >= 0 ? Integer.toString(r.icmpType()) : "",
        r.icmpCode() >= 0 ? Integer.toString(r.icmpCode()) : "",
        r.detail() == null ? "" : csvField(r.detail()));
  }

  private static String csvField(String s) {
    return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  /** fping's {@code -s} block (on stderr), plus elapsed time and send rate. */
  public static void summary(PrintWriter err, Sweeper.Progress p, long noAnswer, int unresolved) {
    err.println();
    err.printf(Locale.ROOT, " %9d targets%n", p.targets() + unresolved);
    err.printf(Locale.ROOT, " %9d alive%n", p.alive());
    err.printf(Locale.ROOT, " %9d unreachable (%d ICMP errors, %d no answer)%n",
        p.unreachable() + noAnswer, p.unreachable(), noAnswer);
    err.printf(Locale.ROOT, " %9d unknown addresses%n", unresolved);
    err.println();
    err.printf(Locale.ROOT, " %9d ICMP Echos sent%n", p.sent());
    err.printf(Locale.ROOT, " %9d answers received%n", p.received());
    err.println();
    err.printf(Locale.ROOT, " %9.3f sec (elapsed real time)%n", p.elapsedNanos() / 1e9);
    err.printf(Locale.ROOT, " %9.0f packets per second%n", p.sendRate());
    err.flush();
  }

  /** One progress line (carriage return, no newline) for a terminal. */
  public static String progressLine(Sweeper.Progress p, double rate) {
    double done = p.targets() == 0 ? 1 : Math.min(1.0, p.sent() / (double) p.targets());
    int width = 30;
    int filled = (int) (done * width);
    long etaSec = rate <= 0 ? 0 : (long) Math.max(0, (p.targets() - p.sent()) / rate);
    return String.format(Locale.ROOT, "\r[%s%s] %5.1f%% sent %d recv %d %.0f pps ETA %ds ",
        "#".repeat(filled), " ".repeat(width - filled), done * 100, p.sent(), p.received(),
        p.sendRate(), etaSec);
  }
}
