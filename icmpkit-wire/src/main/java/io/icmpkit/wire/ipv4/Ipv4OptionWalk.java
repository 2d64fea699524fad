package io.icmpkit.wire.ipv4;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * An allocation-free, bounded walk over the IPv4 options area (RFC 791 section 3.1, "Options"):
 * one reusable cursor; {@link #next()} steps to the next option and returns false at the end, at
 * End of Option List, or at the first malformed option (the walk never loops: every step advances
 * by at least one byte and a length below 2 stops it, BAD-INPUTS row 9).
 *
 * <pre>{@code
 * Ipv4OptionWalk w = new Ipv4OptionWalk();          // once per thread
 * for (w.reset(p, sink); w.next(); ) { if (w.type() == Ipv4OptionWalk.ROUTER_ALERT) ... }
 * }</pre>
 */
public final class Ipv4OptionWalk {
  public static final int END_OF_OPTION_LIST = 0;
  public static final int NO_OPERATION = 1;
  public static final int RECORD_ROUTE = 7;
  public static final int TIMESTAMP = 68;
  public static final int LOOSE_SOURCE_ROUTE = 131;
  public static final int STRICT_SOURCE_ROUTE = 137;
  public static final int ROUTER_ALERT = 148;

  private MemorySegment segment = MemorySegment.NULL;
  private AnomalySink sink = AnomalySink.IGNORE;
  private int position;
  private int end;
  private int offset;
  private int length;
  private int type = -1;
  private boolean malformed;
  private boolean done = true;

  /** Starts a walk over the options of {@code p}. */
  public Ipv4OptionWalk reset(Ipv4Packet p, AnomalySink sink) {
    return reset(p.segment(), p.optionsOffset(), p.optionsOffset() + p.optionsLength(), sink);
  }

  /** Starts a walk over {@code [start, end)} of {@code s} (end clamped to the segment). */
  public Ipv4OptionWalk reset(MemorySegment s, int start, int end, AnomalySink sink) {
    this.segment = s;
    this.sink = sink;
    this.position = start;
    this.end = (int) Math.min(end, s.byteSize());
    this.type = -1;
    this.offset = start;
    this.length = 0;
    this.malformed = false;
    this.done = false;
    return this;
  }

  /**
   * Steps to the next option. Returns false at the end of the area, after End of Option List
   * (which is still reported once as an option), or when the option is malformed (flagged).
   */
  public boolean next() {
    if (done || position >= end) {
      done = true;
      return false;
    }
    int len = step(segment, position, end, sink);
    if (len < 0) {
      malformed = true;
      done = true;
      return false;
    }
    offset = position;
    type = Bytes.u8(segment, position);
    length = len;
    position += len;
    if (type == END_OF_OPTION_LIST) {
      done = true; // RFC 791: the end of all options; what follows is padding
    }
    return true;
  }

  /** Option type octet (copied flag, class and number), 0-255. */
  public int type() {
    return type;
  }

  /** Offset of the option's type octet in the segment. */
  public int offset() {
    return offset;
  }

  /** Whole option length (1 for EOL and NOP). */
  public int length() {
    return length;
  }

  /** Offset of the option's data (after type and length; for EOL/NOP the next byte). */
  public int dataOffset() {
    return length == 1 ? offset + 1 : offset + 2;
  }

  /** Data length (after type and length octets). */
  public int dataLength() {
    return length == 1 ? 0 : length - 2;
  }

  /** Whether the walk stopped at a malformed option. */
  public boolean stoppedMalformed() {
    return malformed;
  }

  /** Where the walk stopped or will resume. */
  public int position() {
    return position;
  }

  /**
   * One step: the length of the option at {@code pos}, or -1 when it is malformed (flagged: length
   * 0 or 1 is {@link Anomaly#IPV4_OPT_INVALID_LEN}, a length byte missing or a length past {@code
   * end} is {@link Anomaly#IPV4_OPT_MALFORMED}). Pointer rules of RR/TS are checked here too.
   */
  static int step(MemorySegment s, int pos, int end, AnomalySink sink) {
    int t = Bytes.u8(s, pos);
    if (t == END_OF_OPTION_LIST || t == NO_OPERATION) {
      return 1;
    }
    if (pos + 1 >= end) {
      sink.flag(Anomaly.IPV4_OPT_MALFORMED);
      return -1;
    }
    int len = Bytes.u8(s, pos + 1);
    if (len < 2) {
      sink.flag(Anomaly.IPV4_OPT_INVALID_LEN);
      return -1;
    }
    if (pos + len > end) {
      sink.flag(Anomaly.IPV4_OPT_MALFORMED);
      return -1;
    }
    if (t == RECORD_ROUTE || t == TIMESTAMP) {
      checkPointer(s, pos, len, t, sink);
    }
    return len;
  }

  /**
   * RR and TS carry a pointer (1-based, from the type octet) to the next free slot. A pointer
   * outside {@code [first slot, len + 1]} is {@link Anomaly#IPV4_OPT_POINTER}; one whose distance
   * to the end is not a whole number of slots ({@code (len + 1 - pointer) % 4}, or {@code % 8} for
   * timestamps with addresses) is the pattern of the Linux ICMP header DoS (Snort 116:452) and is
   * flagged as {@link Anomaly#ICMP_OPT_POINTER_ATTACK} as well.
   */
  private static void checkPointer(MemorySegment s, int pos, int len, int t, AnomalySink sink) {
    int min = t == RECORD_ROUTE ? 3 : 4;
    if (len < min) {
      sink.flag(Anomaly.IPV4_OPT_POINTER); // no room for the pointer (and flags) at all
      return;
    }
    int ptr = Bytes.u8(s, pos + 2);
    int first = t == RECORD_ROUTE ? 4 : 5;
    int unit = 4;
    if (t == TIMESTAMP && (Bytes.u8(s, pos + 3) & 0x0F) != 0) {
      unit = 8; // address + timestamp pairs
    }
    if (ptr < first || ptr > len + 1) {
      sink.flag(Anomaly.IPV4_OPT_POINTER);
    } else if ((len + 1 - ptr) % unit != 0) {
      sink.flag(Anomaly.IPV4_OPT_POINTER);
      sink.flag(Anomaly.ICMP_OPT_POINTER_ATTACK);
    }
  }

  /** Walks {@code [start, end)} once, flagging every problem; allocates nothing. */
  public static void validate(MemorySegment s, int start, int end, AnomalySink sink) {
    int e = (int) Math.min(end, s.byteSize());
    int pos = start;
    while (pos < e) {
      int len = step(s, pos, e, sink);
      if (len < 0 || Bytes.u8(s, pos) == END_OF_OPTION_LIST) {
        return;
      }
      pos += len;
    }
  }
}
