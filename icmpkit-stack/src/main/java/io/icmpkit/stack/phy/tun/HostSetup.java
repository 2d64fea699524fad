package io.icmpkit.stack.phy.tun;

import io.icmpkit.stack.topology.Prefix;
import io.icmpkit.stack.topology.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host side of a topology, configured with iproute2's {@code ip} command: the TUN interface's
 * MTU (that of the host link) and addresses, the link up, and a route into the TUN for every
 * virtual subnet. The same commands as a person would type; {@link #commands()} lists them.
 *
 * @param tun the TUN interface name
 * @param commands the {@code ip} arguments, one command each, in order
 */
public record HostSetup(String tun, List<List<String>> commands) {
  public HostSetup {
    commands = List.copyOf(commands);
  }

  /** The commands that attach {@code topology}'s host side to interface {@code tun}. */
  public static HostSetup of(Topology topology, String tun) {
    List<List<String>> c = new ArrayList<>();
    int mtu = topology.hostLink().mtu();
    c.add(List.of("link", "set", "dev", tun, "mtu", Integer.toString(mtu)));
    for (Prefix p : topology.host().addresses()) {
      if (p.isIpv6()) {
        // nodad: the address is usable at once (a TUN has no neighbours to ask)
        c.add(List.of("-6", "addr", "add", p.toString(), "dev", tun, "nodad"));
      } else {
        c.add(List.of("addr", "add", p.toString(), "dev", tun));
      }
    }
    c.add(List.of("link", "set", "dev", tun, "up"));
    for (Prefix p : topology.virtualPrefixes()) {
      c.add(List.of(p.isIpv6() ? "-6" : "-4", "route", "add", p.toString(), "dev", tun));
    }
    return new HostSetup(tun, c);
  }

  /**
   * Runs every command, each as {@code ipCommand + arguments} (e.g. {@code [ip]}, or {@code [ip,
   * -n, NAMESPACE]}); throws IllegalStateException with the command and its output on the first
   * failure.
   */
  public void apply(List<String> ipCommand) {
    for (List<String> args : commands) {
      List<String> cmd = new ArrayList<>(ipCommand);
      cmd.addAll(args);
      run(cmd);
    }
  }

  /** The commands as shell lines ({@code ip addr add ...}), for messages. */
  public List<String> lines() {
    return commands.stream().map(a -> "ip " + String.join(" ", a)).toList();
  }

  private static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue()
            + "): " + out.strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage()
          + " (is iproute2 installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    }
  }
}
