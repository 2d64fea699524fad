package io.icmpkit.wire.ipv6;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * An option of a hop-by-hop or destination options header (RFC 8200 section 4.2): type, length,
 * data. The two high bits of the type say what a node that does not know the option must do, the
 * third whether the data may change en route; {@link Unknown} keeps the full type.
 */
public sealed interface Ipv6Option {
  /** The option type octet. */
  int type();

  /** Bytes on the wire (1 for Pad1, else 2 + data). */
  int length();

  void emit(MemorySegment dst, int off);

  /** Pad1 (type 0): a single zero byte. */
  record Pad1() implements Ipv6Option {
    @Override
    public int type() {
      return Ipv6ExtensionWalk.OPT_PAD1;
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

  /** PadN (type 1): N - 2 bytes of data, zero as sent (kept as received). */
  record PadN(Octets data) implements Ipv6Option {
    public PadN {
      checkData(data);
    }

    /** PadN of {@code n} bytes in total (n >= 2), zero data. */
    public static PadN ofLength(int n) {
      return new PadN(Octets.of(new byte[n - 2]));
    }

    @Override
    public int type() {
      return Ipv6ExtensionWalk.OPT_PADN;
    }

    @Override
    public int length() {
      return 2 + data.length();
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      emitTlv(dst, off, type(), data);
    }
  }

  /** Router Alert (type 5, RFC 2711): value 0 = MLD, 1 = RSVP, 2 = active networks. */
  record RouterAlert(int value) implements Ipv6Option {
    public RouterAlert {
      if (value < 0 || value > 0xFFFF) {
        throw new IllegalArgumentException("router alert value out of range: " + value);
      }
    }

    @Override
    public int type() {
      return Ipv6ExtensionWalk.OPT_ROUTER_ALERT;
    }

    @Override
    public int length() {
      return 4;
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      Bytes.setU8(dst, off, type());
      Bytes.setU8(dst, off + 1, 2);
      Bytes.setU16(dst, off + 2, value);
    }
  }

  /** Jumbo Payload (type 0xC2, RFC 2675): the 32-bit payload length of a jumbogram. */
  record Jumbo(long payloadLength) implements Ipv6Option {
    public Jumbo {
      if (payloadLength < 0 || payloadLength > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("jumbo payload length out of range: " + payloadLength);
      }
    }

    @Override
    public int type() {
      return Ipv6ExtensionWalk.OPT_JUMBO;
    }

    @Override
    public int length() {
      return 6;
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      Bytes.setU8(dst, off, type());
      Bytes.setU8(dst, off + 1, 4);
      Bytes.setU32(dst, off + 2, payloadLength);
    }
  }

  /** Any other option, with its full type octet and raw data. */
  record Unknown(int type, Octets data) implements Ipv6Option {
    public Unknown {
      if (type < 0 || type > 255) {
        throw new IllegalArgumentException("option type out of range: " + type);
      }
      checkData(data);
    }

    /**
     * RFC 8200 4.2 action for a node that does not recognise the type: 0 skip, 1 discard, 2
     * discard and send Parameter Problem code 2, 3 the same unless the destination is multicast.
     */
    public int action() {
      return type >>> 6;
    }

    /** The "C" bit: the option data may change en route. */
    public boolean mayChange() {
      return (type & 0x20) != 0;
    }

    @Override
    public int length() {
      return 2 + data.length();
    }

    @Override
    public void emit(MemorySegment dst, int off) {
      emitTlv(dst, off, type, data);
    }
  }

  private static void checkData(Octets data) {
    if (data.length() > 255) {
      throw new IllegalArgumentException("option data longer than 255 bytes: " + data.length());
    }
  }

  private static void emitTlv(MemorySegment dst, int off, int type, Octets data) {
    Bytes.setU8(dst, off, type);
    Bytes.setU8(dst, off + 1, data.length());
    data.copyTo(dst, off + 2);
  }

  /**
   * Parses the options in {@code [start, end)}.
   *
   * @throws WireException MALFORMED when an option runs past {@code end}
   */
  static List<Ipv6Option> parseAll(MemorySegment s, int start, int end) {
    List<Ipv6Option> out = new ArrayList<>();
    int pos = start;
    while (pos < end) {
      int t = Bytes.u8(s, pos);
      if (t == Ipv6ExtensionWalk.OPT_PAD1) {
        out.add(new Pad1());
        pos++;
        continue;
      }
      if (pos + 2 > end || pos + 2 + Bytes.u8(s, pos + 1) > end) {
        throw new WireException(Reason.MALFORMED, "IPv6 option type " + t + " at " + pos + " runs past its header");
      }
      int len = Bytes.u8(s, pos + 1);
      Ipv6Option o;
      if (t == Ipv6ExtensionWalk.OPT_PADN) {
        o = new PadN(Octets.copyOf(s, pos + 2, len));
      } else if (t == Ipv6ExtensionWalk.OPT_ROUTER_ALERT && len == 2) {
        o = new RouterAlert(Bytes.u16(s, pos + 2));
      } else if (t == Ipv6ExtensionWalk.OPT_JUMBO && len == 4) {
        o = new Jumbo(Bytes.u32(s, pos + 2));
      } else {
        o = new Unknown(t, Octets.copyOf(s, pos + 2, len));
      }
      out.add(o);
      pos += 2 + len;
    }
    return out;
  }
}
