package io.icmpkit.cli;

/**
 * Exit codes of every icmpkit command, listed in {@code icmpkit --help}. They follow iputils ping
 * where a command has a ping-like meaning (0 replies, 1 no reply, 2 error).
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** The command ran but found nothing (ping: no reply); not used by decode. */
  public static final int NO_RESULT = 1;
  /** Usage error, or an input file that is missing, unreadable or not a supported capture. */
  public static final int ERROR = 2;
  /** Internal error: a bug in icmpkit (sysexits EX_SOFTWARE); the stack trace goes to stderr. */
  public static final int INTERNAL = 70;


  private ExitCodes() {}
}
