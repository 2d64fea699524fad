package io.icmpkit.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code icmpkit} command line. */
public final class Main {
  private Main() {}

  /** A configured command line writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new RootCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new ExceptionMapper());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /**
   * Runs one command line, e.g. {@code run(out, err, "decode", "--json", "x.pcap")}, and returns the
   * exit code ({@link ExitCodes}); both writers are flushed, neither is closed.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    int rc = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return rc;
  }

  public static void main(String[] args) {
    // large buffer, UTF-8 whatever the locale (the arrow in decode's lines), flushed once at the end
    PrintWriter out = new PrintWriter(new BufferedWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
        StandardCharsets.UTF_8), true);
    int rc = run(out, err, args);
    System.exit(rc);
  }
}
