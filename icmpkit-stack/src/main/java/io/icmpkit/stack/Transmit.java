package io.icmpkit.stack;

import io.icmpkit.stack.iface.NodeInterface;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * Receives every packet a node emits: forwarded packets (TTL / hop limit decremented), replies and
 * ICMP errors. The packet segment is only valid during the call: copy it to keep it.
 */
@FunctionalInterface
public interface Transmit {
  /**
   * @param egress the interface the packet leaves by
   * @param nextHop the gateway, or the destination itself when it is on the link
   * @param ipPacket one whole IPv4 or IPv6 packet
   */
  void send(NodeInterface egress, InetAddress nextHop, MemorySegment ipPacket);
}
