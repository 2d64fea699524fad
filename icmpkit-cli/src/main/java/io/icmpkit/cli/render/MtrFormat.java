package io.icmpkit.cli.render;

import io.icmpkit.engine.trace.HopStatistics;
import io.icmpkit.wire.ext.ExtensionObject;
import io.icmpkit.wire.ext.MplsLabelStack;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The outputs of {@code icmpkit mtr} in the forms of mtr 0.95: {@code --report} (report.c's
 * columns and widths, {@code --report-wide}), {@code --json} (its 4-space layout and key names)
 * and {@code --csv}; the columns follow an mtr field order string ({@code -o}, default {@code "LS
 * NABWV"}). Where mtr prints one address per hop in JSON and CSV, the report lists every further
 * responder on its own {@code |  `|-- } line, and the JSON adds a {@code "hosts"} array when a
 * hop had several.
 */
public final class MtrFormat {
  private MtrFormat() {}

  /** mtr's default field order. */
  public static final String DEFAULT_ORDER = "LS NABWV";

  /** Every field letter mtr knows (and the space). */
  public static final String FIELDS = "LDRSNBAWVGJMXI ";

  /** One column: its letter, title, printf format and width (report.c's data_fields). */
  private record Field(char key, String title, String format, int width, boolean integer,
      ToDoubleFunction<HopStatistics> value) {}

  private static Field field(char c) {
    return switch (c) {
      case ' ' -> new Field(' ', " ", " ", 1, true, h -> h.dropped());
      case 'L' -> new Field('L', "Loss%", " %4.1f%%", 6, false, HopStatistics::lossPercent);
      case 'D' -> new Field('D', "Drop", " %4d", 5, true, h -> h.dropped());
      case 'R' -> new Field('R', "Rcv", " %5d", 6, true, h -> h.received());
      case 'S' -> new Field('S', "Snt", " %5d", 6, true, h -> h.sentCount());
      case 'N' -> new Field('N', "Last", " %5.1f", 6, false, HopStatistics::lastMillis);
      case 'B' -> new Field('B', "Best", " %5.1f", 6, false, HopStatistics::bestMillis);
      case 'A' -> new Field('A', "Avg", " %5.1f", 6, false, HopStatistics::avgMillis);
      case 'W' -> new Field('W', "Wrst", " %5.1f", 6, false, HopStatistics::worstMillis);
      case 'V' -> new Field('V', "StDev", " %5.1f", 6, false, HopStatistics::stdevMillis);
      case 'G' -> new Field('G', "Gmean", " %5.1f", 6, false, HopStatistics::gmeanMillis);
      case 'J' -> new Field('J', "Jttr", " %4.1f", 5, false, HopStatistics::jitterMillis);
      case 'M' -> new Field('M', "Javg", " %4.1f", 5, false, HopStatistics::javgMillis);
      case 'X' -> new Field('X', "Jmax", " %4.1f", 5, false, HopStatistics::jmaxMillis);
      case 'I' -> new Field('I', "Jint", " %4.1f", 5, false, HopStatistics::jintMillis);
      default -> throw new IllegalArgumentException("unknown field: " + c);
    };
  }

  /** The fields of an order string; unknown letters are rejected. */
  public static void checkOrder(String order) {
    for (char c : order.toCharArray()) {
      field(c);
    }
  }

  private static List<Field> fields(String order) {
    List<Field> out = new ArrayList<>();
    for (char c : order.toCharArray()) {
      out.add(field(c));
    }
    return out;
  }

  private static String host(HopStatistics h, int i, Function<InetAddress, String> name) {
    List<InetAddress> r = h.responders();
    return r.size() > i ? name.apply(r.get(i)) : "???";
  }

  /** {@code Start: 2026-11-23T16:58:02+0000}. */
  public static String start(ZonedDateTime t) {
    return "Start: " + t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT));
  }

  /** The report's header line: {@code HOST: name} and the column titles (standard width). */
  public static String reportHeader(String localHost, String order) {
    return reportHeader(localHost, order, -1);
  }

  /**
   * The header line; {@code hostWidth} -1: mtr's standard layout (the columns start at 33, a
   * longer local name is cut there), else {@code --report-wide}'s width.
   */
  static String reportHeader(String localHost, String order, int hostWidth) {
    StringBuilder b = new StringBuilder();
    if (hostWidth < 0) {
      b.append(cut(String.format(Locale.ROOT, "HOST: %-27s", localHost), 33));
    } else {
      b.append(String.format(Locale.ROOT, "HOST: %-" + hostWidth + "s", localHost));
    }
    for (Field f : fields(order)) {
      b.append(String.format(Locale.ROOT, "%" + f.width + "s", f.title));
    }
    return b.toString();
  }

  private static String cut(String s, int n) {
    return s.length() > n ? s.substring(0, n) : s;
  }

  /** The report lines of one hop (standard width): see {@link #reportHop(HopStatistics, String,
   * Function, boolean, int)}. */
  public static List<String> reportHop(HopStatistics h, int index, String order,
      Function<InetAddress, String> name, boolean mpls) {
    return reportHop(h, order, name, mpls, -1);
  }

  /**
   * The report lines of one hop as mtr's report_close(): its line, then, with {@code -e}, its MPLS
   * labels, and each further responder ({@code `|--} for the second, {@code  |--} after it, by
   * address as mtr prints them).
   */
  static List<String> reportHop(HopStatistics h, String order,
      Function<InetAddress, String> name, boolean mpls, int hostWidth) {
    List<String> lines = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    if (hostWidth < 0) {
      b.append(cut(String.format(Locale.ROOT, " %2d.|-- %-25s", h.ttl(), host(h, 0, name)), 33));
    } else {
      b.append(String.format(Locale.ROOT, " %2d.|-- %-" + hostWidth + "s", h.ttl(),
          host(h, 0, name)));
    }
    for (Field f : fields(order)) {
      double v = f.value.applyAsDouble(h);
      b.append(f.key == ' ' ? " " : f.integer ? String.format(Locale.ROOT, f.format, (long) v)
          : String.format(Locale.ROOT, f.format, v));
    }
    lines.add(b.toString());
    List<String> labels = new ArrayList<>();
    if (mpls && h.extensions() != null) {
      for (ExtensionObject o : h.extensions().objects()) {
        if (o instanceof MplsLabelStack m) {
          for (MplsLabelStack.Entry e : m.entries()) {
            labels.add(String.format(Locale.ROOT, "[MPLS: Lbl %d TC %d S %d TTL %d]", e.label(),
                e.trafficClass(), e.bottomOfStack() ? 1 : 0, e.ttl()));
          }
        }
      }
    }
    List<InetAddress> all = h.responders();
    if (all.size() > 1) {
      labels.forEach(l -> lines.add("    |  |+-- " + l));
      for (int i = 1; i < all.size(); i++) {
        lines.add((i == 1 ? "    |  `|-- " : "    |   |-- ") + PingFormat.ntop(all.get(i)));
      }
    } else {
      labels.forEach(l -> lines.add("    |   +-- " + l));
    }
    return lines;
  }

  /** The whole report (standard width). */
  public static String report(ZonedDateTime start, String localHost, List<HopStatistics> hops,
      String order, Function<InetAddress, String> name, boolean mpls) {
    return report(start, localHost, hops, order, name, mpls, false);
  }

  /** The whole report; {@code wide}: {@code --report-wide}, host names never cut. */
  public static String report(ZonedDateTime start, String localHost, List<HopStatistics> hops,
      String order, Function<InetAddress, String> name, boolean mpls, boolean wide) {
    int width = -1;
    if (wide) {
      width = localHost.length();
      for (HopStatistics h : hops) {
        width = Math.max(width, host(h, 0, name).length());
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(start(start)).append('\n');
    b.append(reportHeader(localHost, order, width)).append('\n');
    for (HopStatistics h : hops) {
      for (String l : reportHop(h, order, name, mpls, width)) {
        b.append(l).append('\n');
      }
    }
    return b.toString();
  }

  /** A JSON number as mtr (jansson) prints it: the shortest form that reads back. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v) + ".0";
    }
    return new java.math.BigDecimal(Double.toString(v)).toPlainString();
  }

  private static String jsonString(String s) {
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

  /** mtr's {@code --json} document. */
  public static String json(String localHost, String destination, int tos, int tests,
      int packetSize, List<HopStatistics> hops, String order, Function<InetAddress, String> name) {
    StringBuilder b = new StringBuilder();
    b.append("{\n    \"report\": {\n        \"mtr\": {\n");
    b.append("            \"src\": ").append(jsonString(localHost)).append(",\n");
    b.append("            \"dst\": ").append(jsonString(destination)).append(",\n");
    b.append("            \"tos\": ").append(tos).append(",\n");
    b.append("            \"tests\": ").append(tests).append(",\n");
    b.append("            \"psize\": \"").append(packetSize).append("\",\n");
    b.append("            \"bitpattern\": \"0x00\"\n");
    b.append("        },\n        \"hubs\": [");
    List<Field> fields = fields(order).stream().filter(f -> f.key != ' ').toList();
    for (int i = 0; i < hops.size(); i++) {
      HopStatistics h = hops.get(i);
      b.append(i == 0 ? "\n" : ",\n");
      b.append("            {\n");
      b.append("                \"count\": ").append(h.ttl()).append(",\n");
      b.append("                \"host\": ").append(jsonString(host(h, 0, name)));
      if (h.responders().size() > 1) {
        b.append(",\n                \"hosts\": [");
        List<InetAddress> all = h.responders();
        for (int j = 0; j < all.size(); j++) {
          b.append(j == 0 ? "" : ", ").append(jsonString(name.apply(all.get(j))));
        }
        b.append(']');
      }
      for (Field f : fields) {
        double v = f.value.applyAsDouble(h);
        b.append(",\n                ").append(jsonString(f.title)).append(": ")
            .append(f.integer ? Long.toString((long) v) : number(v));
      }
      b.append("\n            }");
    }
    b.append(hops.isEmpty() ? "]\n" : "\n        ]\n");
    b.append("    }\n}\n");
    return b.toString();
  }

  /** mtr's {@code --csv} lines (header, one line per hop). */
  public static String csv(long startEpochSeconds, String destination, List<HopStatistics> hops,
      String order, Function<InetAddress, String> name) {
    StringBuilder b = new StringBuilder("Mtr_Version,Start_Time,Status,Host,Hop,Ip,");
    List<Field> fields = fields(order);
    for (Field f : fields) {
      b.append(f.title).append(',');
    }
    b.append('\n');
    for (HopStatistics h : hops) {
      b.append("MTR.0.95,").append(startEpochSeconds).append(",OK,").append(destination)
          .append(',').append(h.ttl()).append(',').append(host(h, 0, name));
      for (Field f : fields) {
        double v = f.value.applyAsDouble(h);
        b.append(',').append(f.integer ? Long.toString((long) v)
            : String.format(Locale.ROOT, "%.2f", v));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
