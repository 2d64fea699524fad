package io.icmpkit.testing;

import io.icmpkit.nativeio.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What namespace tests need: root (for {@code ip netns}, {@code setns}, raw sockets) and the
 * {@code ip} tool of iproute2. Missing requirements <em>skip</em> a test with the reason printed
 * (a developer laptop), except under {@code CI=true}, where they <em>fail</em> it: CI runs as root
 * and a silently skipped kernel test would hide a broken setup.
 */
public final class Requirements {
  private Requirements() {}

  /** Why namespace tests cannot run here, or empty when they can. */
  public static Optional<String> missing() {
    List<String> why = new ArrayList<>();
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      why.add("not Linux (network namespaces are Linux only)");
    } else {
      int euid = Native.libc().geteuid();
      if (euid != 0) {
        why.add("not root (euid " + euid + "): run the integration tests as root, e.g. sudo ./test");
      }
      if (ipTool().isEmpty()) {
        why.add("no 'ip' tool on PATH: install iproute2");
      }
    }
    return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
  }

  /** Skips (or under {@code CI=true} fails) the calling test when {@link #missing()} says so. */
  public static void require() {
    Optional<String> why = missing();
    if (why.isEmpty()) {
      return;
    }
    String msg = "network namespace tests need root and iproute2: " + why.get();
    System.err.println("[icmpkit-testing] " + msg);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(msg + " (CI=true: failing instead of skipping)");
    }
    Assumptions.abort(msg);
  }

  /** The {@code ip} binary: PATH first, then the usual sbin places. */
  public static Optional<Path> ipTool() {
    return tool("ip");
  }

  /** An executable named {@code name}: PATH first, then the usual sbin and bin places. */
  public static Optional<Path> tool(String name) {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, name));
      }
    }
    candidates.add(Path.of("/usr/sbin", name));
    candidates.add(Path.of("/sbin", name));
    candidates.add(Path.of("/usr/bin", name));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * The peer tool {@code name} (package {@code pkg}) a test compares with; skips the calling test
   * when it is missing, or under {@code CI=true} fails it (.ci/run installs every peer).
   */
  public static Path peer(String name, String pkg) {
    Optional<Path> p = tool(name);
    if (p.isPresent()) {
      return p.get();
    }
    String msg = "peer tool '" + name + "' not installed: install " + pkg;
    System.err.println("[icmpkit-testing] " + msg);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(msg + " (CI=true: failing instead of skipping)");
    }
    Assumptions.abort(msg);
    throw new AssertionError("unreachable");
  }
}
