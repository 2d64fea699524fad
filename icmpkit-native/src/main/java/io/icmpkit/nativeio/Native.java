package io.icmpkit.nativeio;

import io.icmpkit.nativeio.ffm.FfmLibC;
import io.icmpkit.nativeio.lib.LibC;

/** Entry point: the {@link LibC} implementation of this platform (Linux, FFM). */
public final class Native {
  private Native() {}

  /** The C library bindings; the first call links every handle (a missing symbol throws then). */
  public static LibC libc() {
    return FfmLibC.INSTANCE;
  }
}
