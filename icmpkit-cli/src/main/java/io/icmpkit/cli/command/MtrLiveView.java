package io.icmpkit.cli.command;

import io.icmpkit.cli.ExitCodes;
import io.icmpkit.cli.render.MtrFormat;
import io.icmpkit.engine.trace.HopStatistics;
import io.icmpkit.engine.trace.MtrSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/**
 * The live view of {@code icmpkit mtr}: after each cycle the table is redrawn in place (ANSI
 * cursor home and clear screen); keys from {@code keys}: {@code q} quit, {@code p} (or space)
 * pause / resume, {@code r} reset the statistics. The caller puts the terminal in
 * non-canonical mode.
 */
final class MtrLiveView {
  /** Cursor home, clear screen. */
  static final String CLEAR = "\033[H\033[2J";

  private final MtrSession session;
  private final PrintWriter out;
  private final InputStream keys;
  private final String local;
  private final String destination;
  private final String order;
  private final Function<InetAddress, String> name;
  private final boolean mpls;
  private volatile boolean quit;
  private volatile boolean paused;

  MtrLiveView(MtrSession session, PrintWriter out, InputStream keys, String local,
      String destination, String order, Function<InetAddress, String> name, boolean mpls) {
    this.session = session;
    this.out = out;
    this.keys = keys;
    this.local = local;
    this.destination = destination;
    this.order = order;
    this.name = name;
    this.mpls = mpls;
  }

  /** Runs until {@code q}, the end of the keys, or {@code limit} cycles (null: no limit). */
  int run(Integer limit) {
    Thread reader = Thread.ofPlatform().daemon().name("mtr-keys").start(this::readKeys);
    try {
      for (int i = 0; !quit && (limit == null || i < limit); ) {
        if (paused) {
          draw();
          sleep(200);
          continue;
        }
        session.cycle();
        i++;
        draw();
      }
    } finally {
      reader.interrupt();
      out.println();
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** Handles one key; returns false once the view should end. */
  boolean key(int c) {
    switch (Character.toLowerCase((char) c)) {
      case 'q' -> {
        quit = true;
        session.cutShort();
      }
      case 'p', ' ' -> paused = !paused;
      case 'r' -> session.reset();
      default -> { }
    }
    return !quit;
  }

  boolean paused() {
    return paused;
  }

  private void readKeys() {
    try {
      for (int c; !quit && (c = keys.read()) >= 0; ) {
        key(c);
      }
    } catch (IOException e) {
      // the terminal went away
    }
    quit = true;
  }

  /** The screen: title, keys, path, the table. */
  String frame() {
    StringBuilder b = new StringBuilder(CLEAR);
    b.append(String.format(Locale.ROOT, "%-40s%s%n", "icmpkit mtr", ZonedDateTime.now()
        .format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT))));
    b.append("Keys:  q quit   p pause/resume   r reset").append(paused ? "   [paused]" : "")
        .append('\n');
    b.append(local).append(" -> ").append(destination).append(" (").append(session.cycles())
        .append(" cycles)\n");
    b.append(MtrFormat.reportHeader("", order)).append('\n');
    for (HopStatistics h : session.hops()) {
      for (String l : MtrFormat.reportHop(h, h.ttl(), order, name, mpls)) {
        b.append(l).append('\n');
      }
    }
    return b.toString();
  }

  private void draw() {
    out.print(frame());
    out.flush();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
