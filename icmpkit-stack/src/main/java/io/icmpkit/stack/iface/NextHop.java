package io.icmpkit.stack.iface;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where a route sends a packet: out of {@code iface}, to gateway {@code via} (null: the destination
 * is on the link).
 */
public record NextHop(InetAddress via, NodeInterface iface) {
  public NextHop {
    Objects.requireNonNull(iface, "iface");
  }
}
