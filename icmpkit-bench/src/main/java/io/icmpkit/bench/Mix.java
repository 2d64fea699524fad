package io.icmpkit.bench;

import io.icmpkit.wire.Octets;
import io.icmpkit.wire.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decode benchmark's packet mix: raw IP packets built by Scapy
 * ({@code tools/vectors/gen_bench_mix.py}, set {@code bench_mix}), repeated with the weights a
 * ping/traceroute capture has: mostly echo request/reply pairs, some errors with quotes, ICMPv6
 * echo.
 */
public final class Mix {
  private Mix() {}

  /** Vector name and how many times it occurs in one round of the mix. */
  static final Map<String, Integer> WEIGHTS = Map.of(
      "echo_request", 3, "echo_reply", 3, "echo_request_2", 3, "echo_reply_2", 3,
      "time_exceeded_udp", 2, "port_unreachable_udp", 1,
      "echo6_request", 2, "echo6_reply", 2);

  /** One round of the mix, in a fixed interleaved order (so branch predictors see a realistic stream). */
  public static List<byte[]> packets() {
    Map<String, Octets> all = Vectors.load("bench_mix");
    List<byte[]> out = new ArrayList<>();
    int max = WEIGHTS.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    for (int round = 0; round < max; round++) {
      for (String name : all.keySet()) {
        Integer w = WEIGHTS.get(name);
        if (w != null && round < w) {
          out.add(all.get(name).toByteArray());
        }
      }
    }
    return out;
  }
}
