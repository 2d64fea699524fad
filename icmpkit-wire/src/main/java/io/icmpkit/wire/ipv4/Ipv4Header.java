package io.icmpkit.wire.ipv4;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.WireException.Reason;
import io.icmpkit.wire.print.Describable;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 header (RFC 791 section 3.1) as a value: the header only, options included; the caller
 * emits the payload after {@link #bufferLength()} bytes. The checksum is not a component: {@link
 * #emit} computes it (or writes zero) as its {@link ChecksumPolicy} says.
 *
 * <p>The options are padded in the compact constructor with {@link Ipv4Option.EndOfOptionList}
 * to a multiple of four bytes, so that {@code parse(emit(h)).equals(h)}.
 *
 * @param fragmentOffset in bytes (a multiple of 8)
 * @param totalLength header plus payload; at least {@link #headerLength()}
 */
public record Ipv4Header(
    int dscp,
    int ecn,
    int totalLength,
    int identification,
    boolean reservedFlag,
    boolean dontFragment,
    boolean moreFragments,
    int fragmentOffset,
    int ttl,
    int protocol,
    Inet4Address source,
    Inet4Address destination,
    List<Ipv4Option> options)
    implements Describable {

  public Ipv4Header {
    range("dscp", dscp, 63);
    range("ecn", ecn, 3);
    range("totalLength", totalLength, 65535);
    range("identification", identification, 65535);
    range("fragmentOffset", fragmentOffset, 8191 * 8);
    if (fragmentOffset % 8 != 0) {
      throw new IllegalArgumentException("fragment offset must be a multiple of 8: " + fragmentOffset);
    }
    range("ttl", ttl, 255);
    range("protocol", protocol, 255);
    if (source == null || destination == null) {
      throw new IllegalArgumentException("source and destination are required");
    }
    options = pad(options);
    int hl = 20 + optionsLength(options);
    if (hl > Ipv4Packet.MAX_HEADER_LENGTH) {
      throw new IllegalArgumentException("options longer than 40 bytes: " + (hl - 20));
    }
    if (totalLength < hl) {
      throw new IllegalArgumentException("total length " + totalLength + " below header length " + hl);
    }
  }

  /** A plain header without options or fragmentation, DF clear, identification 0. */
  public static Ipv4Header of(Inet4Address source, Inet4Address destination, int protocol, int ttl, int payloadLength) {
    return new Ipv4Header(0, 0, 20 + payloadLength, 0, false, false, false, 0, ttl, protocol, source, destination,
        List.of());
  }

  private static void range(String what, int v, int max) {
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(what + " out of range 0-" + max + ": " + v);
    }
  }

  private static int optionsLength(List<Ipv4Option> options) {
    int n = 0;
    for (Ipv4Option o : options) {
      n += o.length();
    }
    return n;
  }

  private static List<Ipv4Option> pad(List<Ipv4Option> options) {
    int n = optionsLength(options);
    if (n % 4 == 0) {
      return List.copyOf(options);
    }
    List<Ipv4Option> padded = new ArrayList<>(options);
    for (; n % 4 != 0; n++) {
      padded.add(new Ipv4Option.EndOfOptionList());
    }
    return List.copyOf(padded);
  }

  /** Header length in bytes: 20 plus the options. */
  public int headerLength() {
    return 20 + optionsLength(options);
  }

  /** Bytes {@link #emit} writes: the header. */
  public int bufferLength() {
    return headerLength();
  }

  /** Payload length the total length implies. */
  public int payloadLength() {
    return totalLength - headerLength();
  }

  /** A copy with another total length (header plus payload). */
  public Ipv4Header withTotalLength(int total) {
    return new Ipv4Header(dscp, ecn, total, identification, reservedFlag, dontFragment, moreFragments,
        fragmentOffset, ttl, protocol, source, destination, options);
  }

  /** Parses a checked view; VERIFY rejects a bad header checksum. */
  public static Ipv4Header parse(Ipv4Packet p, ChecksumPolicy policy) {
    return parse(p, policy, AnomalySink.IGNORE);
  }

  /** As {@link #parse(Ipv4Packet, ChecksumPolicy)}, reporting the header's anomalies. */
  public static Ipv4Header parse(Ipv4Packet p, ChecksumPolicy policy, AnomalySink sink) {
    if (policy.verifiesOnParse() && !p.verifyChecksum()) {
      throw new WireException(Reason.BAD_CHECKSUM, String.format("IPv4 header checksum 0x%04x, expected 0x%04x",
          p.headerChecksum(), p.computeChecksum()));
    }
    p.flagAnomalies(sink);
    List<Ipv4Option> opts = Ipv4Option.parseAll(p.segment(), p.optionsOffset(), p.optionsOffset() + p.optionsLength());
    return new Ipv4Header(p.dscp(), p.ecn(), p.totalLength(), p.identification(), p.reservedFlag(),
        p.dontFragment(), p.moreFragments(), p.fragmentOffset(), p.ttl(), p.protocol(), p.source(),
        p.destination(), opts);
  }

  /** Parses the header at the start of {@code segment} (checked view first). */
  public static Ipv4Header parse(MemorySegment segment, ChecksumPolicy policy) {
    return parse(Ipv4Packet.checked(segment), policy);
  }

  /**
   * Writes the header into {@code dst} (the first {@link #bufferLength()} bytes).
   *
   * @throws WireException BUFFER_TOO_SMALL when {@code dst} is shorter
   */
  public void emit(MemorySegment dst, ChecksumPolicy policy) {
    int hl = headerLength();
    if (dst.byteSize() < hl) {
      throw new WireException(Reason.BUFFER_TOO_SMALL, "IPv4 header needs " + hl + " bytes, got " + dst.byteSize());
    }
    MemorySegment h = dst.asSlice(0, hl);
    Ipv4Packet p = Ipv4Packet.unchecked(h);
    Bytes.setU8(h, 0, 0x40 | hl / 4);
    p.setDscp(dscp);
    p.setEcn(ecn);
    p.setTotalLength(totalLength);
    p.setIdentification(identification);
    p.setFlags((reservedFlag ? 4 : 0) | (dontFragment ? 2 : 0) | (moreFragments ? 1 : 0));
    p.setFragmentOffset(fragmentOffset);
    p.setTtl(ttl);
    p.setProtocol(protocol);
    p.setHeaderChecksum(0);
    p.setSource(source);
    p.setDestination(destination);
    int off = 20;
    for (Ipv4Option o : options) {
      o.emit(h, off);
      off += o.length();
    }
    if (policy.fillsOnEmit()) {
      p.fillChecksum();
    }
  }

  @Override
  public String summary() {
    return source.getHostAddress() + " \u2192 " + destination.getHostAddress() + " proto " + protocol + " ttl " + ttl
        + (moreFragments || fragmentOffset != 0 ? " frag off " + fragmentOffset + (moreFragments ? "+" : "") : "");
  }

  @Override
  public void describe(FieldTree tree) {
    tree.field("Version", 4)
        .field("Header Length", headerLength() + " bytes (" + headerLength() / 4 + ")")
        .field("Differentiated Services Codepoint", dscp)
        .field("Explicit Congestion Notification", ecn)
        .field("Total Length", totalLength)
        .field("Identification", String.format("0x%04x (%d)", identification, identification));
    FieldTree flags = tree.child("Flags");
    flags.field("Reserved bit", reservedFlag ? "Set" : "Not set")
        .field("Don't fragment", dontFragment ? "Set" : "Not set")
        .field("More fragments", moreFragments ? "Set" : "Not set");
    tree.field("Fragment Offset", fragmentOffset)
        .field("Time to Live", ttl)
        .field("Protocol", io.icmpkit.wire.IpProtocol.valueOf(protocol) + " (" + protocol + ")")
        .field("Source Address", source.getHostAddress())
        .field("Destination Address", destination.getHostAddress());
    if (!options.isEmpty()) {
      FieldTree o = tree.child("Options: (" + optionsLength(options) + " bytes)");
      for (Ipv4Option opt : options) {
        o.field("Option", opt);
      }
    }
  }
}
