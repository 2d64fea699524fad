package io.icmpkit.bench;

import io.icmpkit.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Checksum#compute(MemorySegment)} throughput. One op checksums {@code size} bytes, so
 * GB/s = ops/us x size / 1000 ({@link Compare} prints it).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ChecksumBenchmark {
  @Param({"64", "1500", "65536"})
  public int size;

  /** heap: MemorySegment.ofArray; native: Arena.ofShared(); confined: Arena.ofConfined() (same thread). */
  @Param({"heap", "native", "confined"})
  public String memory;

  private Arena arena;
  private MemorySegment data;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] bytes = new byte[size];
    new SplittableRandom(1071).nextBytes(bytes);
    if (memory.equals("heap")) {
      data = MemorySegment.ofArray(bytes);
    } else {
      arena = memory.equals("confined") ? Arena.ofConfined() : Arena.ofShared();
      data = arena.allocate(size, 64);
      MemorySegment.copy(MemorySegment.ofArray(bytes), 0, data, 0, size);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (arena != null) {
      arena.close();
    }
  }

  @Benchmark
  public int compute() {
    return Checksum.compute(data);
  }
}
