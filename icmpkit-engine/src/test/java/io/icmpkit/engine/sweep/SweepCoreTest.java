package io.icmpkit.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepCoreTest {
  @Test
  void sipHashMatchesTheReferenceVectors() {
    // reference implementation's vectors.h: key 00..0f, messages 00..07 and 00..0f
    long k0 = 0x0706050403020100L;
    long k1 = 0x0f0e0d0c0b0a0908L;
    SipHash h = new SipHash(k0, k1);
    assertThat(h.hash(0x0706050403020100L)).isEqualTo(0x93f5f5799a932462L);
    assertThat(h.hash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L)).isEqualTo(0x3f2acc7f57c29bdbL);
  }

  @Test
  void permutationIsABijectionForManySizes() {
    for (long n : new long[] {0, 1, 2, 3, 5, 16, 17, 255, 256, 1000, 4097}) {
      KeyedPermutation p = new KeyedPermutation(n, 42, 7);
      BitSet seen = new BitSet();
      for (long i = 0; i < n; i++) {
        long v = p.apply(i);
        assertThat(v).isBetween(0L, n - 1);
        assertThat(seen.get((int) v)).as("n=%d value %d twice", n, v).isFalse();
        seen.set((int) v);
      }
      assertThat(seen.cardinality()).isEqualTo((int) n);
    }
  }

  @Test
  void permutationDependsOnTheKeyAndScattersNeighbours() {
    KeyedPermutation a = new KeyedPermutation(65536, 1, 2);
    KeyedPermutation b = new KeyedPermutation(65536, 1, 3);
    int same = 0;
    int sameSubnet = 0;
    for (long i = 0; i < 1000; i++) {
      if (a.apply(i) == b.apply(i)) {
        same++;
      }
      if ((a.apply(i) >>> 8) == (a.apply(i + 1) >>> 8)) {
        sameSubnet++;
      }
    }
    assertThat(same).isLessThan(10);
    assertThat(sameSubnet).isLessThan(30); // consecutive probes rarely hit the same /24
    // no burst: in every window of 256 consecutive probes a /24 gets about one (Poisson(1): > 10
    // has odds of 1e-8 per /24 and window)
    for (long w = 0; w < 65536; w += 256) {
      int[] perSubnet = new int[256];
      int max = 0;
      for (long i = w; i < w + 256; i++) {
        max = Math.max(max, ++perSubnet[(int) (a.apply(i) >>> 8)]);
      }
      assertThat(max).as("window at %d", w).isLessThanOrEqualTo(10);
    }
  }

  @Test
  void sendersFollowTheRateTheCoresAndTheTargetCount() {
    TargetSet big = TargetSet.of("10.0.0.0/16");
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(SweepRequest.builder(big).rate(10_000).build().senders()).isEqualTo(1);
    assertThat(SweepRequest.builder(big).rate(120_000).build().senders())
        .isEqualTo(Math.min(3, Math.min(cores, 4)));
    assertThat(SweepRequest.builder(big).rate(10_000_000).build().senders())
        .isEqualTo(Math.min(cores, 4));
    assertThat(SweepRequest.builder(TargetSet.of("10.0.0.0/24")).rate(10_000_000).build().senders())
        .isEqualTo(1); // too few targets to be worth a thread and a socket
    assertThat(SweepRequest.builder(big).senders(7).build().senders()).isEqualTo(7);
    assertThatThrownBy(() -> SweepRequest.builder(big).senders(65))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SweepRequest.builder(big).senders(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shardSizesAddUp() {
    for (long n : new long[] {0, 1, 3, 4, 5, 65536, 65537}) {
      long total = 0;
      for (int i = 0; i < 4; i++) {
        total += Sweeper.shardSize(n, i, 4);
      }
      assertThat(total).isEqualTo(n);
    }
  }

  @Test
  void targetsParseMergeAndExclude() throws Exception {
    TargetSet t = TargetSet.builder()
        .add("10.203.0.0/24")
        .add("10.203.0.128-10.203.1.9")
        .add("10.203.2.5-7")
        .add("10.203.2.6")
        .add("fd00:203::/120")
        .exclude("10.203.0.16/28")
        .exclude("10.203.1.9")
        .build();
    assertThat(t.size()).isEqualTo(256 + 9 + 3 - 16 + 256);
    assertThat(t.ipv4Count()).isEqualTo(256 + 9 + 3 - 16);
    assertThat(t.address(0)).isEqualTo(InetAddress.getByName("10.203.0.0"));
    assertThat(t.address(16)).isEqualTo(InetAddress.getByName("10.203.0.32"));
    assertThat(t.indexOf(InetAddress.getByName("10.203.0.20"))).isEqualTo(-1);
    assertThat(t.indexOf(InetAddress.getByName("10.203.1.9"))).isEqualTo(-1);
    assertThat(t.indexOf(InetAddress.getByName("10.203.2.7"))).isEqualTo(t.ipv4Count() - 1);
    assertThat(t.address(t.ipv4Count())).isEqualTo(InetAddress.getByName("fd00:203::"));
    assertThat(t.indexOf(InetAddress.getByName("fd00:203::ff"))).isEqualTo(t.size() - 1);
    assertThat(t.indexOf(InetAddress.getByName("fd00:203::100"))).isEqualTo(-1);
    for (long i = 0; i < t.size(); i++) {
      assertThat(t.indexOf(t.address(i))).isEqualTo(i);
    }
  }

  @Test
  void aSlashEightIsOneInterval() {
    TargetSet t = TargetSet.of("10.0.0.0/8");
    assertThat(t.size()).isEqualTo(1 << 24);
    assertThat(t.address((1 << 24) - 1).getHostAddress()).isEqualTo("10.255.255.255");
    assertThat(t.toString()).contains("1 intervals");
  }

  @Test
  void badSpecificationsAreRejectedAndUnknownNamesKept() {
    assertThatThrownBy(() -> TargetSet.of("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TargetSet.of("10.0.0.9-10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TargetSet.of("fd00::/64")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TargetSet.of("10.0.0.1/x")).isInstanceOf(IllegalArgumentException.class);
    TargetSet t = TargetSet.of("no-such-host.invalid");
    assertThat(t.size()).isZero();
    assertThat(t.unresolved()).containsExactly("no-such-host.invalid");
  }

  @Test
  void requestChecksItsArguments() {
    TargetSet t = TargetSet.of("127.0.0.1");
    assertThatThrownBy(() -> SweepRequest.builder(t).shard(4, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SweepRequest.builder(t).payloadSize(8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SweepRequest.builder(t).rate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SweepRequest.builder(t).shard(3, 4).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed");
    SweepRequest r = SweepRequest.builder(t).shard(3, 4).seed(1L)
        .probes(EnumSet.of(ProbeType.ADDRESS_MASK, ProbeType.ECHO)).build();
    assertThat(r.shard()).isEqualTo(3);
    assertThat(List.copyOf(r.probes())).containsExactly(ProbeType.ECHO, ProbeType.ADDRESS_MASK);
  }
}
