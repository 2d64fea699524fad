package io.icmpkit.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import io.icmpkit.cli.command.DecodeCommand;
import io.icmpkit.cli.command.MtrCommand;
import io.icmpkit.cli.command.PingCommand;
import io.icmpkit.cli.command.StackCommand;
import io.icmpkit.cli.command.SweepCommand;
import io.icmpkit.cli.command.TracepathCommand;
import io.icmpkit.cli.command.TracerouteCommand;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

/** Entry point of the {@code icmpkit} command line. */
public final class Main {
  private Main() {}

  /** The subcommands, in the order of the help listing. */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("ping", PingCommand::new);
    COMMANDS.put("traceroute", TracerouteCommand::new);
    COMMANDS.put("tracepath", TracepathCommand::new);
    COMMANDS.put("mtr", MtrCommand::new);
    COMMANDS.put("sweep", SweepCommand::new);
    COMMANDS.put("decode", DecodeCommand::new);
    COMMANDS.put("stack", StackCommand::new);
  }

  /** A configured command line writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, null);
  }

  /**
   * As {@link #commandLine(PrintWriter, PrintWriter)}, with only subcommand {@code first} when it
   * names one: picocli reflects over every option of every subcommand it is given, a fifth of a
   * short run's start-up.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
    CommandLine cl = new CommandLine(new RootCommand());
    boolean one = COMMANDS.containsKey(first);
    for (Map.Entry<String, Supplier<Object>> c : COMMANDS.entrySet()) {
      if (!one || c.getKey().equals(first)) {
        cl.addSubcommand(c.getKey(), c.getValue().get());
      }
    }
    if (!one) {
      cl.addSubcommand("help", new HelpCommand());
    }
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
    int rc = commandLine(out, err, args.length > 0 ? args[0] : null).execute(args);
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
