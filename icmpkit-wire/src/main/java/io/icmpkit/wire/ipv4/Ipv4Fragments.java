package io.icmpkit.wire.ipv4;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;

/**
 * Checks on the fragment fields of one IPv4 header, without any reassembly state: the cases an
 * analyser flags before (or instead of) handing a fragment to a reassembler (BAD-INPUTS rows 13 and
 * 16).
 */
public final class Ipv4Fragments {
  /** The largest datagram the 16-bit total length can describe. */
  public static final int MAX_DATAGRAM = 65535;

  private Ipv4Fragments() {}

  /**
   * Whether the fragment would end past 65535 bytes once reassembled: header + offset + data,
   * i.e. {@code fragmentOffset + totalLength > 65535} (the "ping of death" shape; Suricata
   * {@code frag_pkt_too_large}). A reassembler must drop such a fragment without allocating.
   */
  public static boolean tooLarge(int fragmentOffsetBytes, int totalLength) {
    return (long) fragmentOffsetBytes + totalLength > MAX_DATAGRAM;
  }

  /** {@link #tooLarge(int, int)} for a view. */
  public static boolean tooLarge(Ipv4Packet p) {
    return tooLarge(p.fragmentOffset(), p.totalLength());
  }

  /** DF set on a fragment with a non-zero offset: a sender that honours DF never sends one. */
  public static boolean dontFragmentWithOffset(Ipv4Packet p) {
    return p.dontFragment() && p.fragmentOffsetRaw() != 0;
  }

  /**
   * Flags {@link Anomaly#IPV4_FRAG_TOO_LARGE}, {@link Anomaly#IPV4_RESERVED_FLAG} and
   * {@link Anomaly#IPV4_DF_WITH_OFFSET} as they apply.
   */
  public static void flagAnomalies(Ipv4Packet p, AnomalySink sink) {
    if (p.reservedFlag()) {
      sink.flag(Anomaly.IPV4_RESERVED_FLAG);
    }
    if (dontFragmentWithOffset(p)) {
      sink.flag(Anomaly.IPV4_DF_WITH_OFFSET);
    }
    if (p.isFragment() && tooLarge(p)) {
      sink.flag(Anomaly.IPV4_FRAG_TOO_LARGE);
    }
  }
}
