package io.icmpkit.cli.command;

import io.icmpkit.stack.iface.Membership;
import io.icmpkit.stack.topology.Prefix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status file of a running {@code icmpkit stack run}: {@code DIR/net-<netns inode>/<tun>.groups}, a few text
 * lines rewritten whole (temporary file + atomic rename, so a reader never sees half of one) about
 * once a second, deleted on exit. {@code icmpkit stack groups} reads it: a file is simpler and
 * more robust than a socket (no server thread, readable with cat, survives nothing it should not:
 * a file left by a killed run is recognised by its dead pid).
 *
 * <pre>
 * icmpkit-stack-groups 1
 * pid 4242
 * topology lan
 * tun icmpkit0
 * written 1763917200123
 * group gw wan 239.9.9.9 reported 257
 * group h1 eth0 239.1.1.1 joined -
 * </pre>
 */
record StackStatus(long pid, String topology, String tun, long writtenMillis, List<Group> groups) {
  static final Path DEFAULT_DIR = Path.of("/run/icmpkit");
  static final String MAGIC = "icmpkit-stack-groups 1";
  static final String SUFFIX = ".groups";

  /** A membership: {@code secondsLeft} -1 for a group the node joined itself (no expiry). */
  record Group(String node, String iface, String group, boolean joined, long secondsLeft) {
    @Override
    public String toString() {
      return node + " " + iface + " " + group + " (" + (joined ? "joined" : "reported, "
          + secondsLeft + " s left") + ")";
    }
  }

  StackStatus {
    groups = List.copyOf(groups);
  }

  static StackStatus of(String topology, String tun, Map<String, List<Membership>> memberships,
      long nowNanos) {
    List<Group> g = new ArrayList<>();
    memberships.forEach((node, list) -> list.forEach(m -> g.add(new Group(node, m.iface(),
        Prefix.format(m.group()), m.local(), m.local() ? -1
            : Math.max(0, (m.expiresNanos() - nowNanos + 999_999_999L) / 1_000_000_000L)))));
    return new StackStatus(ProcessHandle.current().pid(), topology, tun,
        System.currentTimeMillis(), g);
  }

  /**
   * {@code dir/net-<inode>}: the status files of the runs in the calling thread's network
   * namespace (TUN names are per namespace: two runs in two namespaces may both serve icmpkit0,
   * and {@code ip netns exec NS icmpkit stack groups} must find the one in NS). Call from the
   * thread that is in the namespace (a virtual thread's carrier may not be).
   */
  static Path namespaceDir(Path dir) {
    String id = "default";
    try {
      String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
      String digits = link.replaceAll("\\D", "");
      if (!digits.isEmpty()) {
        id = digits;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no /proc: one namespace for all
    }
    return dir.resolve("net-" + id);
  }

  static Path file(Path dir, String tun) {
    return dir.resolve(tun + SUFFIX);
  }

  String format() {
    StringBuilder b = new StringBuilder(MAGIC).append('\n')
        .append("pid ").append(pid).append('\n')
        .append("topology ").append(topology).append('\n')
        .append("tun ").append(tun).append('\n')
        .append("written ").append(writtenMillis).append('\n');
    for (Group g : groups) {
      b.append("group ").append(g.node()).append(' ').append(g.iface()).append(' ')
          .append(g.group()).append(' ').append(g.joined() ? "joined -" : "reported " + g.secondsLeft())
          .append('\n');
    }
    return b.toString();
  }

  /** Writes {@code DIR/<tun>.groups} atomically (the directory is created if missing). */
  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = file(dir, tun);
    Path tmp = dir.resolve(tun + SUFFIX + ".tmp");
    Files.writeString(tmp, format(), StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads a status file; IllegalArgumentException if it is not one (names the line). */
  static StackStatus read(Path file) throws IOException {
    if (Files.size(file) > 1 << 20) {
      throw new IllegalArgumentException(file + ": not a status file (over 1 MiB)");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() < 5 || !lines.get(0).equals(MAGIC)) {
      throw new IllegalArgumentException(file + ": not an icmpkit stack status file");
    }
    try {
      long pid = Long.parseLong(value(file, lines.get(1), "pid"));
      String topology = value(file, lines.get(2), "topology");
      String tun = value(file, lines.get(3), "tun");
      long written = Long.parseLong(value(file, lines.get(4), "written"));
      List<Group> groups = new ArrayList<>();
      for (int i = 5; i < lines.size(); i++) {
        String[] f = lines.get(i).split(" ");
        if (f.length != 6 || !f[0].equals("group") || !(f[4].equals("joined") || f[4].equals("reported"))) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": bad group line");
        }
        boolean joined = f[4].equals("joined");
        groups.add(new Group(f[1], f[2], f[3], joined, joined ? -1 : Long.parseLong(f[5])));
      }
      return new StackStatus(pid, topology, tun, written, groups);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": bad number: " + e.getMessage(), e);
    }
  }

  private static String value(Path file, String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException(file + ": expected '" + key + " ...', got '" + line + "'");
    }
    return line.substring(key.length() + 1);
  }

  /** Deletes {@code DIR/<tun>.groups} if it is still this process's. */
  static void delete(Path dir, String tun) {
    Path f = file(dir, tun);
    try {
      Files.deleteIfExists(dir.resolve(tun + SUFFIX + ".tmp"));
      if (read(f).pid() == ProcessHandle.current().pid()) {
        Files.deleteIfExists(f);
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException | IllegalArgumentException e) {
      // not ours to delete
    }
    try {
      Files.deleteIfExists(dir); // the namespace's directory, when no other run uses it
    } catch (IOException e) {
      // not empty: another run's
    }
  }

  /** Whether the process that wrote this is still running. */
  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
