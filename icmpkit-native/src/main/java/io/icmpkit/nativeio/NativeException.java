package io.icmpkit.nativeio;

import io.icmpkit.nativeio.ffm.FfmLibC;

/**
 * The one exception of the native layer: a libc call failed. It names the {@linkplain #function()
 * function}, carries the {@linkplain #errno() errno} (number and name) and the C library's own
 * text ({@code strerror}); an optional {@linkplain #hint() hint} tells the user what to do (for
 * permission errors: the sysctl line, the capability to grant).
 *
 * <p>Message shape: {@code "socket: EACCES (13) Permission denied; hint..."}.
 *
 * <p>It is unchecked, like {@code WireException}: callers compose native calls in expressions and
 * lambdas, and the socket layer documents which errno values a call can end with.
 */
public class NativeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String function;
  private final transient Errno errno;
  private final String hint;

  /** A failure of {@code function} with {@code errno} (a positive Linux errno number). */
  public NativeException(String function, int errno) {
    this(function, Errno.valueOf(errno), null);
  }

  /** As {@link #NativeException(String, int)}, with a hint shown after the message. */
  public NativeException(String function, Errno errno, String hint) {
    super(message(function, errno, hint));
    this.function = function;
    this.errno = errno;
    this.hint = hint;
  }

  private static String message(String function, Errno errno, String hint) {
    String text;
    try {
      text = FfmLibC.INSTANCE.strerror(errno.number());
    } catch (RuntimeException | LinkageError e) {
      text = "(no strerror: " + e + ")";
    }
    return function + ": " + errno.name() + " (" + errno.number() + ") " + text
        + (hint == null ? "" : "; " + hint);
  }

  /**
   * Returns {@code rc} when it is a result ({@code >= 0}) and throws when it is {@code -errno}, the
   * convention of every {@link io.icmpkit.nativeio.lib.LibC} call.
   */
  public static int check(String function, int rc) {
    if (rc < 0) {
      throw new NativeException(function, -rc);
    }
    return rc;
  }

  /** {@link #check(String, int)} for calls returning {@code ssize_t}. */
  public static long check(String function, long rc) {
    if (rc < 0) {
      throw new NativeException(function, (int) -rc);
    }
    return rc;
  }

  /** The libc function (or the higher-level operation) that failed, e.g. {@code "sendto"}. */
  public String function() {
    return function;
  }

  public Errno errno() {
    return errno;
  }

  /** What the user can do about it, or null. */
  public String hint() {
    return hint;
  }
}
