package io.icmpkit.wire;

import java.util.EnumSet;
import java.util.Set;

/** Where parsers report {@link Anomaly anomalies}. {@link #IGNORE} drops them. */
@FunctionalInterface
public interface AnomalySink {
  AnomalySink IGNORE = a -> {};

  void flag(Anomaly anomaly);

  /** A sink that collects into a set, for callers that want to look afterwards. */
  static Collector collector() {
    return new Collector();
  }

  /** Collects flagged anomalies; reusable with {@link #clear()} (no allocation per packet). */
  final class Collector implements AnomalySink {
    private final EnumSet<Anomaly> seen = EnumSet.noneOf(Anomaly.class);

    @Override
    public void flag(Anomaly anomaly) {
      seen.add(anomaly);
    }

    public Set<Anomaly> anomalies() {
      return seen;
    }

    public boolean has(Anomaly a) {
      return seen.contains(a);
    }

    public void clear() {
      seen.clear();
    }
  }
}
