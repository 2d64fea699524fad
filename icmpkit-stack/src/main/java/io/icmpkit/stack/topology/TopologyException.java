package io.icmpkit.stack.topology;

/**
 * A topology file that cannot be read or makes no sense; the message names the file, the line and
 * column, and the field (a dotted path such as {@code nodes.r1.interfaces.eth0.mtu}), e.g.
 * {@code path5.yaml:12:14: links[1].mtu: must be 68..65535, got 20}.
 */
public final class TopologyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final String field;

  TopologyException(String source, int line, int column, String field, String problem) {
    super(source + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    this.line = line;
    this.field = field;
  }

  /** The 1-based line the problem is on (0 when unknown). */
  public int line() {
    return line;
  }

  /** The field's dotted path ({@code nodes.r1.interfaces.eth0.mtu}), empty for the whole file. */
  public String field() {
    return field;
  }
}
