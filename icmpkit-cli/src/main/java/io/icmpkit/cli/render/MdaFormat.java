package io.icmpkit.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.icmpkit.engine.trace.MultipathDetector;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The output of {@code icmpkit traceroute --mda}: per hop every node found, and where the hop
 * before was load balanced, each node's predecessors ({@code <- a, b}): the diamond.
 */
public final class MdaFormat {
  private MdaFormat() {}

  private static String node(InetAddress a, Function<InetAddress, String> name) {
    String addr = PingFormat.ntop(a);
    if (name == null) {
      return addr;
    }
    return name.apply(a) + " (" + addr + ")";
  }

  /** The summary line printed after traceroute's header. */
  public static String summary(MultipathDetector.Result r) {
    return "multipath discovery (MDA, 95% confidence): " + r.flows() + " flows"
        + (r.complete() ? "" : ", flow limit reached before the stopping rule was met");
  }

  /** The hop lines. */
  public static List<String> hops(MultipathDetector.Result r, Function<InetAddress, String> name) {
    List<String> lines = new ArrayList<>();
    int previous = 1;
    for (MultipathDetector.Hop h : r.hops()) {
      if (h.nodes().isEmpty()) {
        lines.add(String.format("%2d  *", h.ttl()));
        previous = 1;
        continue;
      }
      for (int i = 0; i < h.nodes().size(); i++) {
        InetAddress a = h.nodes().get(i);
        StringBuilder b = new StringBuilder(i == 0 ? String.format("%2d  ", h.ttl()) : "    ");
        b.append(node(a, name));
        List<InetAddress> pred = MultipathDetector.predecessors(r, h.ttl(), a);
        if (previous > 1 && !pred.isEmpty()) {
          b.append("  <- ").append(String.join(", ", pred.stream().map(PingFormat::ntop).toList()));
        }
        lines.add(b.toString());
      }
      previous = h.nodes().size();
    }
    return lines;
  }

  /** The JSON object of an MDA run. */
  public static void json(Writer out, String host, MultipathDetector.Result r) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeStringField("type", "traceroute_mda");
    g.writeStringField("host", host);
    g.writeStringField("address", PingFormat.ntop(r.destination()));
    g.writeNumberField("flows", r.flows());
    g.writeBooleanField("complete", r.complete());
    g.writeBooleanField("reached", r.reached());
    g.writeArrayFieldStart("hops");
    for (MultipathDetector.Hop h : r.hops()) {
      g.writeStartObject();
      g.writeNumberField("ttl", h.ttl());
      g.writeArrayFieldStart("nodes");
      for (InetAddress a : h.nodes()) {
        g.writeString(PingFormat.ntop(a));
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("links");
    for (MultipathDetector.Link l : r.links()) {
      g.writeStartObject();
      g.writeNumberField("ttl", l.ttl());
      if (l.from() == null) {
        g.writeNullField("from");
      } else {
        g.writeStringField("from", PingFormat.ntop(l.from()));
      }
      g.writeStringField("to", PingFormat.ntop(l.to()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    out.write('\n');
    out.flush();
  }
}
