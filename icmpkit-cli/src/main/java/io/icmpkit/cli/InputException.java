package io.icmpkit.cli;

/**
 * Bad input the user can fix (missing file, not a pcap, corrupt record): printed as one line
 * without a stack trace, exit code {@link ExitCodes#ERROR}.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  public InputException(String message) {
    this(message, null);
  }
}
