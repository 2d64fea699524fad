package io.icmpkit.wire.fuzz;

import io.icmpkit.wire.WireException;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Helpers shared by the fuzz targets (also used by icmpkit-pcap's through the test-jar). A fuzz
 * target fails by throwing anything but the exception its parser is allowed to throw; these
 * helpers turn broken contracts into {@link AssertionError}s that carry the input as hex, so a
 * finding reads as a bug report.
 */
public final class Fuzz {
  private Fuzz() {}

  /** Fails with the input in hex unless {@code ok}. */
  public static void check(boolean ok, String what, byte[] input) {
    if (!ok) {
      throw new AssertionError(what + "; input " + HexFormat.of().formatHex(input));
    }
  }

  /** Fails with the input in hex unless {@code ok}; the message is built only on failure. */
  public static void check(boolean ok, Supplier<String> what, byte[] input) {
    if (!ok) {
      check(false, what.get(), input);
    }
  }

  /** Runs {@code r}, which must not throw anything (not even a WireException). */
  public static void noThrow(String what, byte[] input, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(what + " threw " + e + "; input " + HexFormat.of().formatHex(input), e);
    }
  }

  /** A heap segment filled with 0xA5, so bytes an emitter forgets show up. */
  public static MemorySegment a5(int length) {
    MemorySegment s = MemorySegment.ofArray(new byte[length]);
    s.fill((byte) 0xA5);
    return s;
  }

  /** Asserts that {@code emit} into a buffer one byte short throws BUFFER_TOO_SMALL (and nothing else). */
  public static void emitTooSmallFails(int bufferLength, java.util.function.Consumer<MemorySegment> emit,
      byte[] input) {
    if (bufferLength == 0) {
      return;
    }
    try {
      emit.accept(a5(bufferLength - 1));
    } catch (WireException e) {
      check(e.reason() == WireException.Reason.BUFFER_TOO_SMALL,
          () -> "emit into bufferLength()-1 bytes gave " + e.reason(), input);
      return;
    }
    check(false, "emit into bufferLength()-1 bytes succeeded", input);
  }
}
