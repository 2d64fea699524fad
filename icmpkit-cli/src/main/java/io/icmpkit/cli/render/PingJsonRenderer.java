package io.icmpkit.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code icmpkit ping --json}: JSON Lines, one object per event and one {@code summary} object per
 * target, streamed with jackson-core.
 *
 * <p>Key contract (names follow iputils' experimental {@code -j} where it has one):
 *
 * <ul>
 *   <li>every object: {@code event} ({@code start}, {@code reply}, {@code error}, {@code timeout},
 *       {@code summary}), {@code host} (the target as given), {@code addr} (its address);
 *   <li>{@code start}: {@code bytes} (payload size);
 *   <li>{@code reply}: {@code seq}, {@code bytes}, {@code from}, {@code ttl} (null when unknown),
 *       {@code time} (ms, 3 decimals; null when the payload is too short to carry a timestamp),
 *       {@code duplicate}, {@code corrupted}, {@code truncated};
 *   <li>{@code error}: {@code seq}, {@code from} (null for a local error), {@code icmp_type},
 *       {@code icmp_code} (null for a local error), {@code error} (iputils' text);
 *   <li>{@code timeout}: {@code seq};
 *   <li>{@code summary}: {@code transmitted}, {@code received}, {@code duplicates},
 *       {@code corrupted}, {@code errors}, {@code loss} (percent, number), {@code time} (ms),
 *       {@code rtt} (null without timed replies, else {@code min avg max mdev median p90 p99} in
 *       ms; min/avg/max/mdev exactly as iputils computes them).
 * </ul>
 */
public final class PingJsonRenderer implements PingRenderer {
  private final Writer out;
  private final JsonGenerator gen;

  public PingJsonRenderer(Writer out) throws IOException {
    this.out = out;
    this.gen = new JsonFactory().createGenerator(out);
    gen.setRootValueSeparator(null);
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
  }

  private void begin(String event, Header h) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("event", event);
    gen.writeStringField("host", h.hostname());
    gen.writeStringField("addr", h.address());
  }

  private void end() throws IOException {
    gen.writeEndObject();
    gen.flush();
    out.write('\n');
    out.flush();
  }

  private void millis(String field, long micros) throws IOException {
    gen.writeFieldName(field);
    gen.writeNumber(new java.math.BigDecimal(micros).movePointLeft(3));
  }

  @Override
  public void header(Header header) throws IOException {
    begin("start", header);
    gen.writeNumberField("bytes", header.dataLength());
    end();
  }

  @Override
  public void sent(Header target, int seq, int unanswered) {
    // sends are implied by replies, errors and timeouts
  }

  @Override
  public void reply(Header target, Reply r) throws IOException {
    begin("reply", target);
    gen.writeNumberField("seq", r.seq());
    gen.writeNumberField("bytes", r.bytes());
    gen.writeStringField("from", r.from());
    gen.writeFieldName("ttl");
    if (r.ttl() >= 0) {
      gen.writeNumber(r.ttl());
    } else {
      gen.writeNull();
    }
    if (r.micros() >= 0 && !r.truncated()) {
      millis("time", r.micros());
    } else {
      gen.writeNullField("time");
    }
    gen.writeBooleanField("duplicate", r.duplicate());
    gen.writeBooleanField("corrupted", r.badChecksum());
    gen.writeBooleanField("truncated", r.truncated());
    end();
  }

  @Override
  public void icmpError(Header target, int seq, String from, int type, int code, long info) throws IOException {
    begin("error", target);
    gen.writeNumberField("seq", seq);
    gen.writeStringField("from", from);
    gen.writeNumberField("icmp_type", type);
    gen.writeNumberField("icmp_code", code);
    gen.writeStringField("error", target.ipv6() ? PingFormat.icmpv6Error(type, code, info) : PingFormat.icmpv4Error(type, code, info));
    end();
  }

  @Override
  public void localError(Header target, int seq, String message) throws IOException {
    begin("error", target);
    gen.writeNumberField("seq", seq);
    gen.writeNullField("from");
    gen.writeNullField("icmp_type");
    gen.writeNullField("icmp_code");
    gen.writeStringField("error", message);
    end();
  }

  @Override
  public void timeout(Header target, int seq) throws IOException {
    begin("timeout", target);
    gen.writeNumberField("seq", seq);
    end();
  }

  @Override
  public void statistics(Header target, PingTally t) throws IOException {
    begin("summary", target);
    gen.writeNumberField("transmitted", t.transmitted());
    gen.writeNumberField("received", t.received());
    gen.writeNumberField("duplicates", t.duplicates());
    gen.writeNumberField("corrupted", t.corrupted());
    gen.writeNumberField("errors", t.errors());
    gen.writeFieldName("loss");
    gen.writeNumber(new java.math.BigDecimal(PingFormat.lossPercent(t.transmitted(), t.received())));
    gen.writeNumberField("time", (t.elapsedNanos() + 500_000) / 1_000_000);
    if (t.received() != 0 && t.timed()) {
      gen.writeObjectFieldStart("rtt");
      millis("min", t.minMicros());
      millis("avg", t.avgMicros());
      millis("max", t.maxMicros());
      millis("mdev", t.mdevMicros());
      millis("median", t.percentileMicros(50));
      millis("p90", t.percentileMicros(90));
      millis("p99", t.percentileMicros(99));
      gen.writeEndObject();
    } else {
      gen.writeNullField("rtt");
    }
    end();
  }

  @Override
  public void status(Header target, PingTally tally) throws IOException {
    statistics(target, tally);
  }

  @Override
  public void flush() throws IOException {
    gen.flush();
    out.flush();
  }
}
