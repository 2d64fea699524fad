package io.icmpkit.engine.trace;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One TTL of a trace: the outcome of each of its probes, in probe order.
 *
 * @param ttl the TTL / hop limit
 * @param probes one reply per probe sent with this TTL
 */
public record Hop(int ttl, List<ProbeReply> probes) {
  public Hop {
    probes = List.copyOf(probes);
  }

  /** Every address that answered at this hop (several with ECMP), in order of first answer. */
  public List<InetAddress> responders() {
    LinkedHashSet<InetAddress> s = new LinkedHashSet<>();
    for (ProbeReply p : probes) {
      if (p.responder() != null) {
        s.add(p.responder());
      }
    }
    return List.copyOf(s);
  }

  /** Whether some probe of this hop ended the trace (reached, or unreachable). */
  public boolean isFinal() {
    return probes.stream().anyMatch(ProbeReply::isFinal);
  }

  /** Whether some probe of this hop reached the destination. */
  public boolean reached() {
    return probes.stream().anyMatch(p -> p.kind() == ProbeReply.Kind.REACHED);
  }
}
