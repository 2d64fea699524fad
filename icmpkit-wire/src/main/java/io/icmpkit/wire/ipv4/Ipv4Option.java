package io.icmpkit.wire.ipv4;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Octets;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * One IPv4 option (RFC 791 section 3.1, RFC 2113), as a record. Options that do not have the
 * shape of their type (a route whose length is not 3 + 4n, a timestamp with an unknown flag) and
 * anything after a malformed option are kept as {@link UnknownOption} with their raw bytes, so
 * that a parsed header emits the same bytes it was parsed from.
 */
public sealed interface Ipv4Option {
  /** The option-type octet (copied flag, class, number). */
  int type();

  /** Bytes on the wire, type and length octets included. */
  int length();

  /** Writes the option at {@code off}; the caller checked that {@link #length()} bytes fit. */
  void emit(MemorySegment dst, int off);

  /** RFC 791 "End of Option List" (type 0), one byte. Padding after it parses as more of these. */
  record EndOfOptionList() implements Ipv4Option {
    @Override
    public int type() {
      return Ipv4OptionWalk.END_OF_OPTION_LIST;
    }

    @Override
    public int length() {
      return 1;
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      Bytes.setU8(dst, off, 0);
    }
  }

  /** RFC 791 "No Operation" (type 1), one byte. */
  record NoOperation() implements Ipv4Option {
    @Override
    public int type() {
      return Ipv4OptionWalk.NO_OPERATION;
    }

    @Override
    public int length() {
      return 1;
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      Bytes.setU8(dst, off, 1);
    }
  }

  /** RFC 791 Record Route (type 7): a pointer (1-based, first slot 4) and address slots. */
  record RecordRoute(int pointer, List<Inet4Address> route) implements Ipv4Option {
    public RecordRoute {
      route = checkRoute(pointer, route);
    }

    @Override
    public int type() {
      return Ipv4OptionWalk.RECORD_ROUTE;
    }

    @Override
    public int length() {
      return 3 + 4 * route.size();
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      emitRoute(dst, off, type(), pointer, route);
    }
  }

  /** RFC 791 Loose Source and Record Route (type 131). */
  record LooseSourceRoute(int pointer, List<Inet4Address> route) implements Ipv4Option {
    public LooseSourceRoute {
      route = checkRoute(pointer, route);
    }

    @Override
    public int type() {
      return Ipv4OptionWalk.LOOSE_SOURCE_ROUTE;
    }

    @Override
    public int length() {
      return 3 + 4 * route.size();
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      emitRoute(dst, off, type(), pointer, route);
    }
  }

  /** RFC 791 Strict Source and Record Route (type 137). */
  record StrictSourceRoute(int pointer, List<Inet4Address> route) implements Ipv4Option {
    public StrictSourceRoute {
      route = checkRoute(pointer, route);
    }

    @Override
    public int type() {
      return Ipv4OptionWalk.STRICT_SOURCE_ROUTE;
    }

    @Override
    public int length() {
      return 3 + 4 * route.size();
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      emitRoute(dst, off, type(), pointer, route);
    }
  }

  /**
   * RFC 791 Internet Timestamp (type 68). {@code flag} 0: timestamps only (entries without
   * address); 1: each router records its address and a timestamp; 3: prespecified addresses.
   */
  record Timestamp(int pointer, int overflow, int flag, List<Entry> entries) implements Ipv4Option {
    /** One slot: the address (null with flag 0) and the 32-bit timestamp (ms since midnight UT). */
    public record Entry(Inet4Address address, long timestamp) {
      public Entry {
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
          throw new IllegalArgumentException("timestamp out of range: " + timestamp);
        }
      }
    }

    public Timestamp {
      checkU8("pointer", pointer);
      if (overflow < 0 || overflow > 15) {
        throw new IllegalArgumentException("overflow out of range: " + overflow);
      }
      if (flag != 0 && flag != 1 && flag != 3) {
        throw new IllegalArgumentException("timestamp flag must be 0, 1 or 3: " + flag);
      }
      entries = List.copyOf(entries);
      for (Entry e : entries) {
        if ((e.address() == null) != (flag == 0)) {
          throw new IllegalArgumentException("flag " + flag + (flag == 0 ? " takes no addresses" : " needs addresses"));
        }
      }
      if (4 + entries.size() * (flag == 0 ? 4 : 8) > 40) {
        throw new IllegalArgumentException("timestamp option longer than 40 bytes");
      }
    }

    @Override
    public int type() {
      return Ipv4OptionWalk.TIMESTAMP;
    }

    @Override
    public int length() {
      return 4 + entries.size() * (flag == 0 ? 4 : 8);
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      Bytes.setU8(dst, off, type());
      Bytes.setU8(dst, off + 1, length());
      Bytes.setU8(dst, off + 2, pointer);
      Bytes.setU8(dst, off + 3, overflow << 4 | flag);
      int p = off + 4;
      for (Entry e : entries) {
        if (flag != 0) {
          Bytes.setU32(dst, p, Ipv4Packet.bits(e.address()) & 0xFFFF_FFFFL);
          p += 4;
        }
        Bytes.setU32(dst, p, e.timestamp());
        p += 4;
      }
    }
  }

  /** RFC 2113 Router Alert (type 148, length 4): value 0 = "router shall examine packet". */
  record RouterAlert(int value) implements Ipv4Option {
    public RouterAlert {
      if (value < 0 || value > 0xFFFF) {
        throw new IllegalArgumentException("router alert value out of range: " + value);
      }
    }

    @Override
    public int type() {
      return Ipv4OptionWalk.ROUTER_ALERT;
    }

    @Override
    public int length() {
      return 4;
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      Bytes.setU8(dst, off, type());
      Bytes.setU8(dst, off + 1, 4);
      Bytes.setU16(dst, off + 2, value);
    }
  }

  /**
   * Any other option, or bytes that do not form a well-shaped option: the raw bytes, type and
   * length octets included (for a malformed tail, whatever bytes were left).
   */
  record UnknownOption(Octets bytes) implements Ipv4Option {
    public UnknownOption {
      if (bytes.isEmpty() || bytes.length() > 40) {
        throw new IllegalArgumentException("unknown option needs 1-40 bytes, got " + bytes.length());
      }
    }

    /** An option with a type and data; the length octet is computed. */
    public static UnknownOption of(int type, Octets data) {
      byte[] b = new byte[2 + data.length()];
      b[0] = (byte) type;
      b[1] = (byte) b.length;
      System.arraycopy(data.toByteArray(), 0, b, 2, data.length());
      return new UnknownOption(Octets.of(b));
    }

    @Override
    public int type() {
      return bytes.get(0);
    }

    @Override
    public int length() {
      return bytes.length();
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      bytes.copyTo(dst, off);
    }
  }

  /**
   * Parses every byte of {@code [start, end)} into options (never throws for bytes inside the
   * segment): padding zeros become {@link EndOfOptionList}s, a malformed option and everything
   * after it one {@link UnknownOption}. Bounded: each step consumes at least one byte.
   */
  static List<Ipv4Option> parseAll(MemorySegment s, int start, int end) {
    List<Ipv4Option> out = new ArrayList<>();
    int pos = start;
    while (pos < end) {
      int t = Bytes.u8(s, pos);
      if (t == Ipv4OptionWalk.END_OF_OPTION_LIST) {
        out.add(new EndOfOptionList());
        pos++;
        continue;
      }
      if (t == Ipv4OptionWalk.NO_OPERATION) {
        out.add(new NoOperation());
        pos++;
        continue;
      }
      int len = pos + 1 < end ? Bytes.u8(s, pos + 1) : 0;
      if (len < 2 || pos + len > end) {
        out.add(new UnknownOption(Octets.copyOf(s, pos, end - pos)));
        break;
      }
      out.add(parseOne(s, pos, len, t));
      pos += len;
    }
    return out;
  }

  private static Ipv4Option parseOne(MemorySegment s, int pos, int len, int t) {
    switch (t) {
      case Ipv4OptionWalk.RECORD_ROUTE, Ipv4OptionWalk.LOOSE_SOURCE_ROUTE, Ipv4OptionWalk.STRICT_SOURCE_ROUTE -> {
        if (len >= 3 && (len - 3) % 4 == 0) {
          int ptr = Bytes.u8(s, pos + 2);
          List<Inet4Address> route = new ArrayList<>();
          for (int p = pos + 3; p < pos + len; p += 4) {
            route.add(Ipv4Packet.toAddress(Bytes.i32(s, p)));
          }
          return switch (t) {
            case Ipv4OptionWalk.RECORD_ROUTE -> new RecordRoute(ptr, route);
            case Ipv4OptionWalk.LOOSE_SOURCE_ROUTE -> new LooseSourceRoute(ptr, route);
            default -> new StrictSourceRoute(ptr, route);
          };
        }
      }
      case Ipv4OptionWalk.TIMESTAMP -> {
        if (len >= 4) {
          int of = Bytes.u8(s, pos + 3);
          int flag = of & 0x0F;
          int unit = flag == 0 ? 4 : 8;
          if ((flag == 0 || flag == 1 || flag == 3) && (len - 4) % unit == 0) {
            List<Timestamp.Entry> entries = new ArrayList<>();
            for (int p = pos + 4; p < pos + len; p += unit) {
              entries.add(flag == 0
                  ? new Timestamp.Entry(null, Bytes.u32(s, p))
                  : new Timestamp.Entry(Ipv4Packet.toAddress(Bytes.i32(s, p)), Bytes.u32(s, p + 4)));
            }
            return new Timestamp(Bytes.u8(s, pos + 2), of >>> 4, flag, entries);
          }
        }
      }
      case Ipv4OptionWalk.ROUTER_ALERT -> {
        if (len == 4) {
          return new RouterAlert(Bytes.u16(s, pos + 2));
        }
      }
      default -> {
        // fall through to the raw form below
      }
    }
    return new UnknownOption(Octets.copyOf(s, pos, len));
  }

  private static List<Inet4Address> checkRoute(int pointer, List<Inet4Address> route) {
    checkU8("pointer", pointer);
    List<Inet4Address> copy = List.copyOf(route);
    if (3 + 4 * copy.size() > 40) {
      throw new IllegalArgumentException("route option longer than 40 bytes: " + copy.size() + " addresses");
    }
    return copy;
  }

  private static void checkU8(String what, int v) {
    if (v < 0 || v > 255) {
      throw new IllegalArgumentException(what + " out of range: " + v);
    }
  }

  private static void emitRoute(MemorySegment dst, int off, int type, int pointer, List<Inet4Address> route) {
    Bytes.setU8(dst, off, type);
    Bytes.setU8(dst, off + 1, 3 + 4 * route.size());
    Bytes.setU8(dst, off + 2, pointer);
    int p = off + 3;
    for (Inet4Address a : route) {
      Bytes.setU32(dst, p, Ipv4Packet.bits(a) & 0xFFFF_FFFFL);
      p += 4;
    }
  }
}
