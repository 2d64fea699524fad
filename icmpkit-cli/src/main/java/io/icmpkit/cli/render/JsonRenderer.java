package io.icmpkit.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.icmpkit.pcap.dissect.Dissection;
import io.icmpkit.pcap.dissect.Quoted;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines: one object per frame, streamed with jackson-core's {@link JsonGenerator}.
 *
 * <p>Key contract (scripts may rely on it):
 *
 * <ul>
 *   <li>always present, {@code null} when they do not apply: {@code frame} (1-based), {@code time}
 *       (epoch seconds with the capture's 6 or 9 decimals), {@code ip_version}, {@code src},
 *       {@code dst}, {@code protocol} ({@code "icmp"}, {@code "icmpv6"}, {@code "igmp"} or the IP
 *       protocol number as a string), {@code type}, {@code code}, {@code name}, {@code checksum_ok},
 *       {@code fragment} (boolean, never null), {@code malformed}, {@code anomalies} (array, maybe
 *       empty), {@code summary};
 *   <li>present only when they apply, never null: {@code id}, {@code seq} (echo-like messages),
 *       {@code mtu} (frag-needed, packet too big), {@code gateway} (redirect), {@code pointer}
 *       (parameter problem), {@code quoted} (errors whose quote shows part of a header: {@code src},
 *       {@code dst}, {@code protocol} always, null when cut off; {@code sport}/{@code dport} when the
 *       quote has at least 4 transport bytes),
 *       {@code extensions} (RFC 4884 objects, non-empty array of objects).
 * </ul>
 */
public final class JsonRenderer implements FrameRenderer {
  private final Writer out;
  private final JsonGenerator gen;

  public JsonRenderer(Writer out) throws IOException {
    this.out = out;
    JsonFactory factory = new JsonFactory();
    this.gen = factory.createGenerator(out);
    gen.setRootValueSeparator(null); // we end each line ourselves
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
  }

  @Override
  public void render(Dissection d, long relSeconds, int relNanos) throws IOException {
    JsonGenerator g = gen;
    g.writeStartObject();
    g.writeNumberField("frame", d.frame());
    g.writeFieldName("time");
    g.writeNumber(Times.seconds(d.epochSeconds(), d.nanos(), d.nanoResolution()));
    g.writeFieldName("ip_version");
    if (d.ipVersion() == 0) {
      g.writeNull();
    } else {
      g.writeNumber(d.ipVersion());
    }
    g.writeStringField("src", d.src());
    g.writeStringField("dst", d.dst());
    g.writeStringField("protocol", d.protocolName());
    intOrNull(g, "type", d.type());
    intOrNull(g, "code", d.code());
    g.writeStringField("name", d.name());
    g.writeFieldName("checksum_ok");
    if (d.checksumOk() == null) {
      g.writeNull();
    } else {
      g.writeBoolean(d.checksumOk());
    }
    if (d.id() != null) {
      g.writeNumberField("id", d.id());
    }
    if (d.seq() != null) {
      g.writeNumberField("seq", d.seq());
    }
    if (d.mtu() != null) {
      g.writeNumberField("mtu", d.mtu());
    }
    if (d.gateway() != null) {
      g.writeStringField("gateway", d.gateway());
    }
    if (d.pointer() != null) {
      g.writeNumberField("pointer", d.pointer());
    }
    Quoted q = d.quoted();
    if (q != null) {
      g.writeObjectFieldStart("quoted");
      g.writeStringField("src", q.src());
      g.writeStringField("dst", q.dst());
      g.writeStringField("protocol", q.protocol() < 0 ? null : protocolName(q.protocol()));
      if (q.sport() >= 0) {
        g.writeNumberField("sport", q.sport());
      }
      if (q.dport() >= 0) {
        g.writeNumberField("dport", q.dport());
      }
      g.writeEndObject();
    }
    if (!d.extensions().isEmpty()) {
      g.writeArrayFieldStart("extensions");
      for (Map<String, Object> ext : d.extensions()) {
        writeObject(g, ext);
      }
      g.writeEndArray();
    }
    g.writeBooleanField("fragment", d.fragment());
    g.writeStringField("malformed", d.malformed());
    g.writeArrayFieldStart("anomalies");
    for (String a : d.anomalies()) {
      g.writeString(a);
    }
    g.writeEndArray();
    g.writeStringField("summary", d.summary());
    g.writeEndObject();
    g.flush(); // into the caller's buffered writer, not to the OS
    out.write('\n');
  }

  static String protocolName(int protocol) {
    return switch (protocol) {
      case 1 -> "icmp";
      case 58 -> "icmpv6";
      case 2 -> "igmp";
      case 6 -> "tcp";
      case 17 -> "udp";
      default -> Integer.toString(protocol);
    };
  }

  private static void intOrNull(JsonGenerator g, String name, int v) throws IOException {
    g.writeFieldName(name);
    if (v < 0) {
      g.writeNull();
    } else {
      g.writeNumber(v);
    }
  }

  private static void writeObject(JsonGenerator g, Map<String, Object> m) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      g.writeFieldName(e.getKey());
      writeValue(g, e.getValue());
    }
    g.writeEndObject();
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    switch (v) {
      case null -> g.writeNull();
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Number n -> g.writeNumber(n.toString());
      case Boolean b -> g.writeBoolean(b);
      case Map<?, ?> m -> writeObject(g, (Map<String, Object>) m);
      case List<?> list -> {
        g.writeStartArray();
        for (Object o : list) {
          writeValue(g, o);
        }
        g.writeEndArray();
      }
      default -> g.writeString(v.toString());
    }
  }

  @Override
  public void flush() throws IOException {
    gen.flush();
    out.flush();
  }
}
