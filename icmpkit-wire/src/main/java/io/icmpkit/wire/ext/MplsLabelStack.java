package io.icmpkit.wire.ext;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * MPLS label stack object (RFC 4950 section 7; class 1, C-type 1): the label stack of the packet
 * that triggered the error, one 4-byte entry per label as in RFC 3032.
 *
 * @param entries the stack, top first
 */
public record MplsLabelStack(List<Entry> entries) implements ExtensionObject {
  /** IANA ICMP extension object class "MPLS Label Stack Class". */
  public static final int CLASS_NUM = 1;
  /** C-type "Incoming MPLS Label Stack". */
  public static final int C_TYPE = 1;

  /**
   * One label stack entry: label (20 bits), traffic class / EXP (3 bits, RFC 5462), bottom of stack
   * (S), TTL.
   */
  public record Entry(int label, int trafficClass, boolean bottomOfStack, int ttl) {
    public Entry {
      if (label < 0 || label > 0xFFFFF) {
        throw new IllegalArgumentException("label must fit 20 bits: " + label);
      }
      if (trafficClass < 0 || trafficClass > 7) {
        throw new IllegalArgumentException("traffic class must fit 3 bits: " + trafficClass);
      }
      if (ttl < 0 || ttl > 255) {
        throw new IllegalArgumentException("ttl out of range: " + ttl);
      }
    }
  }

  public MplsLabelStack {
    entries = List.copyOf(entries);
    if (entries.size() > (0xFFFF - HEADER_LENGTH) / 4) {
      throw new IllegalArgumentException("too many entries: " + entries.size());
    }
  }

  public static MplsLabelStack of(Entry... entries) {
    return new MplsLabelStack(List.of(entries));
  }

  static MplsLabelStack parsePayload(int cType, MemorySegment p) {
    if (cType != C_TYPE || p.byteSize() % 4 != 0) {
      return null;
    }
    List<Entry> list = new ArrayList<>();
    for (long off = 0; off < p.byteSize(); off += 4) {
      long v = Bytes.u32(p, off);
      list.add(new Entry((int) (v >>> 12), (int) (v >>> 9) & 7, (v & 0x100) != 0, (int) v & 0xFF));
    }
    return new MplsLabelStack(list);
  }

  @Override
  public int classNum() {
    return CLASS_NUM;
  }

  @Override
  public int cType() {
    return C_TYPE;
  }

  @Override
  public int bufferLength() {
    return HEADER_LENGTH + 4 * entries.size();
  }

  @Override
  public void emitPayload(MemorySegment dst) {
    long off = 0;
    for (Entry e : entries) {
      long v = (long) e.label() << 12 | e.trafficClass() << 9 | (e.bottomOfStack() ? 0x100 : 0) | e.ttl();
      Bytes.setU32(dst, off, v);
      off += 4;
    }
  }

  @Override
  public void describe(FieldTree tree) {
    FieldTree o = tree.child("MPLS Stack Entry");
    o.field("Length", bufferLength()).field("Class", CLASS_NUM).field("C-Type", C_TYPE);
    for (Entry e : entries) {
      o.child("Label: " + e.label() + ", Exp: " + e.trafficClass() + ", S: " + (e.bottomOfStack() ? 1 : 0)
              + ", TTL: " + e.ttl())
          .field("Label", e.label())
          .field("Experimental", e.trafficClass())
          .field("Stack bit", e.bottomOfStack() ? "Set" : "Not set")
          .field("Time to live", e.ttl());
    }
  }
}
