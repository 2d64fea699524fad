package io.icmpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where exceptions become exit codes and messages: user errors give one line on
 * stderr and {@link ExitCodes#ERROR}; anything else is a bug and prints its stack trace with
 * {@link ExitCodes#INTERNAL}.
 */
final class ExceptionMapper implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    cl.getOut().flush();
    PrintWriter err = cl.getErr();
    String command = "icmpkit" + (parseResult.subcommand() != null ? " " + parseResult.subcommand().commandSpec().name() : "");
    int rc;
    if (ex instanceof InputException || ex instanceof IOException) {
      err.println(command + ": " + ex.getMessage());
      rc = ExitCodes.ERROR;
    } else {
      err.println(command + ": internal error (a bug, please report it): " + ex);
      ex.printStackTrace(err);
      rc = ExitCodes.INTERNAL;
    }
    err.flush();
    return rc;
  }
}
