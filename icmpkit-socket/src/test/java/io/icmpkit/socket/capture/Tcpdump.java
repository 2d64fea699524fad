package io.icmpkit.socket.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.pcap.io.PcapReader;
import io.icmpkit.pcap.io.PcapRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * tcpdump as an independent observer in a namespace: {@code ip netns exec NS tcpdump -w FILE}
 * started in the background, ready once it printed "listening on", stopped by its own {@code -c}
 * count or by SIGTERM to this one process. Immediate mode: without it libpcap's TPACKET_V3 ring
 * hands frames over only when a block retires, and SIGTERM loses the last second of them.
 */
public final class Tcpdump implements AutoCloseable {
  private final Process process;
  private final Path file;
  private final StringBuilder output = new StringBuilder();
  private final Thread reader;

  /** One frame of a pcap file: bytes, timestamp (ns since the epoch), original length. */
  public record Frame(byte[] data, long timestampNanos, long originalLength) {}

  /** Skips (or under CI=true fails) when tcpdump is not installed. */
  public static void require() {
    if (binary() == null) {
      String why = "tcpdump is not installed (apt-get install tcpdump): it is the oracle here";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }

  static String binary() {
    return List.of("/usr/bin/tcpdump", "/usr/sbin/tcpdump", "/sbin/tcpdump").stream()
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
  }

  /**
   * Starts tcpdump in namespace {@code ns} on {@code iface}, writing {@code file}, with {@code
   * count} (0: until stopped) and a filter expression; returns once it is listening.
   */
  public static Tcpdump start(String ns, String iface, Path file, int count, String filter)
      throws IOException, InterruptedException {
    require();
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, binary(), "-Z", "root",
        "-n", "-U", "--immediate-mode", "-i", iface, "-w", file.toString()));
    if (count > 0) {
      cmd.addAll(List.of("-c", Integer.toString(count)));
    }
    cmd.add(filter);
    return new Tcpdump(new ProcessBuilder(cmd).redirectErrorStream(true).start(), file);
  }

  private Tcpdump(Process process, Path file) throws InterruptedException {
    this.process = process;
    this.file = file;
    CountDownLatch listening = new CountDownLatch(1);
    reader = Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.contains("listening on")) {
            listening.countDown();
          }
        }
      } catch (IOException e) {
        // process gone
      } finally {
        listening.countDown();
      }
    });
    if (!listening.await(15, TimeUnit.SECONDS) || !process.isAlive()) {
      process.destroyForcibly();
      throw new IllegalStateException("tcpdump did not start: " + output());
    }
  }

  public String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** Waits for tcpdump to exit by itself (its -c count), at most {@code seconds}. */
  public boolean awaitExit(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** Stops tcpdump (SIGTERM: it flushes and exits) and waits for it. */
  public void stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    reader.join(5000);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** The frames tcpdump wrote, in order; checks the file's link type. */
  public List<Frame> frames(LinkType expected) throws IOException {
    List<Frame> frames = new ArrayList<>();
    try (PcapReader r = new PcapReader(FileChannel.open(file))) {
      assertThat(r.linkType()).isEqualTo(expected);
      while (r.next()) {
        PcapRecord rec = r.record();
        frames.add(new Frame(rec.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
            rec.epochSeconds() * 1_000_000_000L + rec.nanos(), rec.origlen()));
      }
    }
    return frames;
  }
}
