package io.icmpkit.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.nativeio.struct.SockAddr;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EchoBatchTest {
  /** The probe as Sweeper.sendProbe builds it one at a time (full RFC 1071 sum over the message). */
  private static byte[] reference(int size, int tag, long index, long t, long cookie) {
    MemorySegment m = MemorySegment.ofArray(new byte[size]);
    Bytes.setU8(m, 0, 8);
    Bytes.setU16(m, 4, tag >>> 16);
    Bytes.setU16(m, 6, tag & 0xffff);
    Bytes.setI64(m, 8, index);
    Bytes.setI64(m, 16, t);
    Bytes.setI64(m, 24, cookie);
    Bytes.setU16(m, 2, Checksum.compute(m, 0, size));
    return m.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
  }

  @Test
  void slotsEqualProbesBuiltOneAtATimeAndTheirChecksumsVerify() throws Exception {
    SplittableRandom r = new SplittableRandom(6);
    SipHash mac = new SipHash(r.nextLong(), r.nextLong());
    for (int size : new int[] {8 + 24, 8 + 56, 8 + 57, 8 + 1400}) {
      try (Arena a = Arena.ofConfined()) {
        EchoBatch b = new EchoBatch(a, size);
        // three fills of the same slots: stale bytes of an earlier probe must not leak
        for (int round = 0; round < 3; round++) {
          b.count = 0;
          int[] tags = new int[EchoBatch.CAPACITY];
          long[] idx = new long[EchoBatch.CAPACITY];
          int[] addrs = new int[EchoBatch.CAPACITY];
          for (int i = 0; i < EchoBatch.CAPACITY; i++) {
            tags[i] = i == 0 ? -1 : r.nextInt();
            idx[i] = i == 1 ? 0 : r.nextLong(1L << 40);
            addrs[i] = r.nextInt();
            b.add(idx[i], addrs[i], tags[i]);
          }
          assertThat(b.isFull()).isTrue();
          // stamped in two parts, as a partly sent batch is: the rest gets the later time
          int split = 1 + r.nextInt(EchoBatch.CAPACITY - 1);
          long t1 = round == 0 ? -1L : r.nextLong();
          long t2 = r.nextLong();
          b.stamp(0, t1, mac, 0);
          b.stamp(split, t2, mac, 0);
          for (int i = 0; i < EchoBatch.CAPACITY; i++) {
            long t = i < split ? t1 : t2;
            MemorySegment m = b.message(i);
            assertThat(m.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                .isEqualTo(reference(size, tags[i], idx[i], t, mac.hash(idx[i], t, 0)));
            assertThat(Checksum.compute(m)).isZero();
            assertThat(b.indices[i]).isEqualTo(idx[i]);
            InetAddress dst = SockAddr.address(b.name(i));
            assertThat(dst).isEqualTo(TargetSet.toInet4(addrs[i]));
          }
        }
      }
    }
  }
}
