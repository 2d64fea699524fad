package io.icmpkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code icmpkit}: the root command; it only dispatches to subcommands (added by {@link Main}). */
@Command(
    name = "icmpkit",
    mixinStandardHelpOptions = true,
    versionProvider = RootCommand.Version.class,
    description = {
      "ICMP toolkit for the JVM.",
      "",
      "Examples:",
      "  icmpkit ping -c 3 127.0.0.1",
      "  icmpkit traceroute -n 192.0.2.7",
      "  icmpkit tracepath 192.0.2.7",
      "  icmpkit mtr -n --report -c 10 192.0.2.7",
      "  icmpkit sweep -a 192.0.2.0/24",
      "  icmpkit decode samples/icmp-sample.pcap",
      "  icmpkit decode --json capture.pcap | jq 'select(.type == 3)'",
      "  tcpdump -w - icmp | icmpkit decode -",
      "  sudo icmpkit stack run samples/topologies/path5.yaml",
      "",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success",
      " 1:nothing found (ping: no reply)",
      " 2:usage error, or an input file missing, unreadable or not a supported capture",
      "70:internal error (a bug: please report it with the stack trace)",
    })
public final class RootCommand implements Runnable {
  public static final String VERSION = "0.1.0-SNAPSHOT";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command (try: icmpkit ping HOST, icmpkit decode FILE, or icmpkit --help)");
  }

  /** Version text for {@code --version}. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"icmpkit " + VERSION, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
