package io.icmpkit.engine.trace;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Multipath discovery with the stopping rule of Paris traceroute's MDA (Augustin, Friedman,
 * Teixeira: "Multipath tracing with Paris traceroute", E2EMON 2007; Veitch et al., "Failure
 * control in multipath route tracing", INFOCOM 2009): a node of hop {@code h - 1} through which
 * {@code k} next hops have been seen is explored until {@code n(k)} flows have gone through it,
 * where {@code n(k)} is the number of probes that, were there {@code k + 1} next hops shared
 * evenly, would have shown all of them with 95% confidence. Flows are varied by the destination
 * port (Paris UDP, one constant 5-tuple per flow) or, with ICMP, by the echo identifier; each
 * flow is traced as a whole with one probe per hop, so the path of every flow is known hop by hop
 * (simpler than MDA's per-hop probing, at the cost of probes at hops already settled). The number
 * of flows is bounded by {@code maxFlows}.
 */
public final class MultipathDetector {
  private MultipathDetector() {}

  /**
   * {@code n(k)} for k = 1..16 at 95% confidence (Veitch et al., table 1, the values Paris
   * traceroute uses); beyond it, the Bonferroni bound computed by {@link #stoppingPoint}.
   */
  private static final int[] N95 = {0, 6, 11, 16, 21, 27, 33, 38, 44, 51, 57, 63, 70, 76, 83, 90,
      96};

  /**
   * Flows needed through a node where {@code k} next hops were seen before concluding there are
   * no more (95% confidence).
   */
  public static int stoppingPoint(int k) {
    if (k < 1) {
      return N95[1];
    }
    if (k < N95.length) {
      return N95[k];
    }
    // P(some one of k+1 even branches unseen after n) <= (k+1) (k/(k+1))^n <= 0.05
    double n = Math.log(0.05 / (k + 1)) / Math.log((double) k / (k + 1));
    return (int) Math.ceil(n);
  }

  /**
   * One link of the discovered graph.
   *
   * @param ttl the TTL of {@code to}
   * @param from the node at {@code ttl - 1}, null for the source
   * @param to the node at {@code ttl}
   */
  public record Link(int ttl, InetAddress from, InetAddress to) {}

  /**
   * The result.
   *
   * @param destination the traced address
   * @param hops per TTL from the first, the distinct nodes that answered (empty: none)
   * @param links every link seen between consecutive hops
   * @param flows flows traced
   * @param complete whether the stopping rule was met everywhere (false: {@code maxFlows} ran out)
   * @param reached whether some flow reached the destination
   */
  public record Result(InetAddress destination, List<Hop> hops, List<Link> links, int flows,
      boolean complete, boolean reached) {
    public Result {
      hops = List.copyOf(hops);
      links = List.copyOf(links);
    }

    /** Whether some hop has more than one node: a load-balanced section (a diamond). */
    public boolean multipath() {
      return hops.stream().anyMatch(h -> h.nodes().size() > 1);
    }
  }

  /**
   * One TTL of the result.
   *
   * @param ttl the TTL
   * @param nodes distinct responders, in order of discovery
   */
  public record Hop(int ttl, List<InetAddress> nodes) {
    public Hop {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * Discovers every path to {@code request.destination()}: {@code request}'s method (UDP is
   * used as Paris UDP; TCP is refused), TTLs, waits and packet length apply to each flow's trace;
   * flow {@code i} uses port {@code request.port() + i} (UDP) or a fresh echo identifier (ICMP).
   *
   * @param maxFlows upper bound on flows (1-1024)
   * @throws io.icmpkit.nativeio.NativeException when a probe cannot be sent
   */
  public static Result discover(TraceRequest request, int maxFlows) {
    if (maxFlows < 1 || maxFlows > 1024) {
      throw new IllegalArgumentException("maxFlows must be in 1..1024: " + maxFlows);
    }
    if (request.method() == ProbeMethod.TCP) {
      throw new IllegalArgumentException("MDA needs UDP or ICMP probes");
    }
    ProbeMethod method = request.method() == ProbeMethod.UDP ? ProbeMethod.UDP_PARIS
        : request.method();
    List<InetAddress[]> paths = new ArrayList<>();
    boolean complete = false;
    while (paths.size() < maxFlows) {
      TraceRequest.Builder b = request.toBuilder().method(method).probesPerHop(1);
      if (method == ProbeMethod.UDP_PARIS) {
        b.port((request.port() + paths.size()) & 0xffff);
      }
      paths.add(path(Tracer.trace(b.build()), request.firstTtl()));
      if (settled(paths, request.destination())) {
        complete = true;
        break;
      }
    }
    return result(request, paths, complete);
  }

  /** The responder per TTL (index 0: the first TTL), null where none answered. */
  static InetAddress[] path(TraceResult r, int firstTtl) {
    InetAddress[] p = new InetAddress[r.hops().size()];
    for (io.icmpkit.engine.trace.Hop h : r.hops()) {
      List<InetAddress> rs = h.responders();
      p[h.ttl() - firstTtl] = rs.isEmpty() ? null : rs.getFirst();
    }
    return p;
  }

  private static final InetAddress SOURCE = null;

  /**
   * Whether every node has seen enough flows: for each position {@code i} and each node {@code v}
   * at {@code i - 1} (the source for {@code i = 0}) that is not the destination, the flows through
   * {@code v} that went on to {@code i} number at least {@code n(k)}, k its distinct successors.
   */
  static boolean settled(List<InetAddress[]> paths, InetAddress destination) {
    int longest = paths.stream().mapToInt(p -> p.length).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      Map<InetAddress, Set<InetAddress>> successors = new LinkedHashMap<>();
      Map<InetAddress, Integer> through = new LinkedHashMap<>();
      for (InetAddress[] p : paths) {
        if (p.length <= i) {
          continue;
        }
        InetAddress from = i == 0 ? SOURCE : p[i - 1];
        if (i > 0 && (from == null || from.equals(destination))) {
          continue; // a star has no identity; the destination has no successor
        }
        through.merge(from, 1, Integer::sum);
        Set<InetAddress> s = successors.computeIfAbsent(from, x -> new LinkedHashSet<>());
        if (p[i] != null) {
          s.add(p[i]);
        }
      }
      for (Map.Entry<InetAddress, Integer> e : through.entrySet()) {
        int k = Math.max(1, successors.get(e.getKey()).size());
        if (e.getValue() < stoppingPoint(k)) {
          return false;
        }
      }
    }
    return !paths.isEmpty();
  }

  static Result result(TraceRequest request, List<InetAddress[]> paths, boolean complete) {
    int longest = paths.stream().mapToInt(p -> p.length).max().orElse(0);
    List<Hop> hops = new ArrayList<>();
    Set<Link> links = new LinkedHashSet<>();
    boolean reached = false;
    for (int i = 0; i < longest; i++) {
      Set<InetAddress> nodes = new LinkedHashSet<>();
      for (InetAddress[] p : paths) {
        if (p.length > i && p[i] != null) {
          nodes.add(p[i]);
          reached |= p[i].equals(request.destination());
          InetAddress from = i == 0 ? null : p[i - 1];
          if (i == 0 || from != null) {
            links.add(new Link(request.firstTtl() + i, from, p[i]));
          }
        }
      }
      hops.add(new Hop(request.firstTtl() + i, new ArrayList<>(nodes)));
    }
    return new Result(request.destination(), hops, new ArrayList<>(links), paths.size(), complete,
        reached);
  }

  /** The predecessors of {@code node} at {@code ttl} in {@code r}. */
  public static List<InetAddress> predecessors(Result r, int ttl, InetAddress node) {
    return r.links().stream().filter(l -> l.ttl() == ttl && Objects.equals(l.to(), node))
        .map(Link::from).filter(Objects::nonNull).toList();
  }
}
