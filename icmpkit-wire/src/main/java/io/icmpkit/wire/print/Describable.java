package io.icmpkit.wire.print;

/** A decoded message that prints itself: a one-line summary and a verbose field tree. */
public interface Describable {
  /**
   * A one-line summary in the style of tshark's Info column, e.g. {@code Echo (ping) request
   * id=0x1234, seq=1/256} or {@code Destination unreachable (Port unreachable)}; fields that live
   * in another layer (the IP TTL) are appended by the caller.
   */
  String summary();

  /** Adds this message's fields under {@code tree}, in wire order. */
  void describe(FieldTree tree);
}
