package io.icmpkit.cli.render;

import io.icmpkit.pcap.dissect.Dissection;
import io.icmpkit.wire.print.FieldTree;
import java.io.IOException;
import java.io.Writer;

/**
 * tshark's default one-line form: number (5 wide), time since the first frame (10 wide, 6 or 9
 * decimals as the capture's resolution), source (12 wide, right-aligned), an arrow, destination
 * (12 wide, left-aligned), protocol, frame length, info. With {@code verbose} the field tree follows
 * each line, indented, then a blank line.
 */
public final class TextRenderer implements FrameRenderer {
  private final Writer out;
  private final boolean verbose;
  private final StringBuilder sb = new StringBuilder(256);

  public TextRenderer(Writer out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  @Override
  public void render(Dissection d, long relSeconds, int relNanos) throws IOException {
    sb.setLength(0);
    padLeft(Long.toString(d.frame()), 5);
    sb.append(' ');
    int mark = sb.length();
    Times.appendSeconds(sb, relSeconds, relNanos, d.nanoResolution());
    padInsert(mark, 10);
    sb.append(' ');
    String src = d.src() != null ? d.src() : "";
    String dst = d.dst() != null ? d.dst() : "";
    padLeft(src, 12);
    sb.append(" \u2192 ");
    sb.append(dst);
    for (int i = dst.length(); i < 12; i++) {
      sb.append(' ');
    }
    sb.append(' ').append(d.protocolLabel() != null ? d.protocolLabel() : "?");
    sb.append(' ').append(d.frameLength());
    sb.append(' ');
    if (d.summary() != null) {
      sb.append(d.summary());
    }
    sb.append('\n');
    out.append(sb);
    if (verbose && d.tree() != null) {
      for (FieldTree c : d.tree().children()) {
        out.write(indent(c.render()));
      }
      out.write('\n');
    }
  }

  private static String indent(String block) {
    return "    " + block.replace("\n", "\n    ").stripTrailing() + "\n";
  }

  private void padLeft(String s, int width) {
    for (int i = s.length(); i < width; i++) {
      sb.append(' ');
    }
    sb.append(s);
  }

  private void padInsert(int from, int width) {
    int len = sb.length() - from;
    for (int i = len; i < width; i++) {
      sb.insert(from, ' ');
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }
}
