package io.icmpkit.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.icmpkit.engine.trace.Hop;
import io.icmpkit.engine.trace.MtuChange;
import io.icmpkit.engine.trace.ProbeReply;
import io.icmpkit.engine.trace.TraceResult;
import io.icmpkit.wire.ext.ExtensionObject;
import io.icmpkit.wire.ext.MplsLabelStack;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * The JSON document of {@code icmpkit traceroute --json} (schema in docs/BENCHMARKS.md, section (h)): one
 * object per trace with every probe of every hop.
 */
public final class TraceJson {
  private TraceJson() {}

  /** Writes {@code r} as one JSON object and a newline. */
  public static void write(Writer out, String host, TraceResult r, int maxHops) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeStringField("type", "traceroute");
    g.writeStringField("host", host);
    g.writeStringField("address", PingFormat.ntop(r.destination()));
    g.writeStringField("method", r.method().name().toLowerCase(Locale.ROOT));
    g.writeBooleanField("privileged", r.privileged());
    g.writeNumberField("max_hops", maxHops);
    g.writeNumberField("packet_length", r.packetLength());
    g.writeBooleanField("reached", r.reached());
    g.writeArrayFieldStart("mtu_changes");
    for (MtuChange c : r.mtuChanges()) {
      g.writeStartObject();
      g.writeNumberField("mtu", c.mtu());
      if (c.reporter() == null) {
        g.writeNullField("reporter");
      } else {
        g.writeStringField("reporter", PingFormat.ntop(c.reporter()));
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("hops");
    for (Hop h : r.hops()) {
      g.writeStartObject();
      g.writeNumberField("ttl", h.ttl());
      g.writeArrayFieldStart("probes");
      for (ProbeReply p : h.probes()) {
        probe(g, p);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    out.write('\n');
    out.flush();
  }

  private static void probe(JsonGenerator g, ProbeReply p) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", p.kind().name().toLowerCase(Locale.ROOT));
    if (p.responder() == null) {
      g.writeNullField("responder");
      g.writeNullField("rtt_ms");
    } else {
      g.writeStringField("responder", PingFormat.ntop(p.responder()));
      g.writeNumberField("rtt_ms", Math.round(p.rttNanos() / 1e3) / 1e3);
    }
    if (p.replyTtl() >= 0) {
      g.writeNumberField("reply_ttl", p.replyTtl());
    }
    if (p.icmpType() >= 0) {
      g.writeNumberField("icmp_type", p.icmpType());
      g.writeNumberField("icmp_code", p.icmpCode());
    }
    if (!p.flag().isEmpty()) {
      g.writeStringField("flag", p.flag());
    }
    if (p.mtu() > 0) {
      g.writeNumberField("mtu", p.mtu());
    }
    if (p.extensions() != null) {
      g.writeArrayFieldStart("extensions");
      for (ExtensionObject o : p.extensions().objects()) {
        g.writeStartObject();
        g.writeNumberField("class", o.classNum());
        g.writeNumberField("ctype", o.cType());
        if (o instanceof MplsLabelStack m) {
          g.writeArrayFieldStart("mpls");
          for (MplsLabelStack.Entry e : m.entries()) {
            g.writeStartObject();
            g.writeNumberField("label", e.label());
            g.writeNumberField("exp", e.trafficClass());
            g.writeBooleanField("bottom", e.bottomOfStack());
            g.writeNumberField("ttl", e.ttl());
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
