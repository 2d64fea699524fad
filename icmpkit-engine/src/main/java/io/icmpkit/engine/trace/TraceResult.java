package io.icmpkit.engine.trace;

import java.net.InetAddress;
import java.util.List;

/**
 * A finished trace.
 *
 * @param destination the traced address
 * @param method the probe method used
 * @param privileged whether raw sockets were used (else datagram / RECVERR sockets)
 * @param hops one entry per TTL probed, from the first TTL on
 * @param packetLength bytes per probe packet, IP header included (the last used with --mtu)
 * @param mtuChanges each decrease of the probe size during path MTU discovery, in order
 */
public record TraceResult(InetAddress destination, ProbeMethod method, boolean privileged,
    List<Hop> hops, int packetLength, List<MtuChange> mtuChanges) {
  public TraceResult {
    hops = List.copyOf(hops);
    mtuChanges = List.copyOf(mtuChanges);
  }

  /** Whether the destination answered. */
  public boolean reached() {
    return hops.stream().anyMatch(Hop::reached);
  }
}
