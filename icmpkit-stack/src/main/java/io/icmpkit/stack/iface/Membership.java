package io.icmpkit.stack.iface;

import java.net.InetAddress;

/**
 * A multicast group membership on an interface: learned by the node's querier from IGMP/MLD
 * reports of listeners on the link ({@code local} false, until {@code expiresNanos}), or joined by
 * the node itself ({@code local} true, no expiry).
 */
public record Membership(String iface, InetAddress group, boolean local, long expiresNanos) {
  @Override
  public String toString() {
    return iface + " " + group.getHostAddress() + (local ? " (joined)" : " (reported)");
  }
}
