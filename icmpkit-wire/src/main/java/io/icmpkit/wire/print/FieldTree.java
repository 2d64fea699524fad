package io.icmpkit.wire.print;

import java.util.ArrayList;
import java.util.List;

/**
 * A verbose field tree in the shape of Wireshark's packet details pane: each node a label, an
 * optional value, and children. Messages describe themselves into it ({@link Describable}); the
 * printer renders it as indented text, the JSON writer as nested objects.
 */
public final class FieldTree {
  private final String label;
  private final String value;
  private final List<FieldTree> children = new ArrayList<>();

  private FieldTree(String label, String value) {
    this.label = label;
    this.value = value;
  }

  /** A root (protocol) node, e.g. {@code "Internet Control Message Protocol"}. */
  public static FieldTree root(String label) {
    return new FieldTree(label, null);
  }

  /** Adds a leaf {@code name: value}; returns this node for chaining. */
  public FieldTree field(String name, Object value) {
    children.add(new FieldTree(name, String.valueOf(value)));
    return this;
  }

  /** Adds a child subtree and returns it. */
  public FieldTree child(String label) {
    FieldTree c = new FieldTree(label, null);
    children.add(c);
    return c;
  }

  public String label() {
    return label;
  }

  /** The value of a leaf, or null for a subtree node. */
  public String value() {
    return value;
  }

  public List<FieldTree> children() {
    return List.copyOf(children);
  }

  /** Renders as indented text, four spaces per level, as {@code tshark -V}. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    render(sb, 0);
    return sb.toString();
  }

  private void render(StringBuilder sb, int depth) {
    sb.repeat("    ", depth).append(label);
    if (value != null) {
      sb.append(": ").append(value);
    }
    sb.append('\n');
    for (FieldTree c : children) {
      c.render(sb, depth + 1);
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
