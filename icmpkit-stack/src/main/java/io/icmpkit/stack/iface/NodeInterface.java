package io.icmpkit.stack.iface;

import io.icmpkit.wire.ext.MplsLabelStack;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One interface of a node: name, index (the ifIndex RFC 5837 reports), MTU, addresses with prefix
 * lengths (IPv4 and IPv6), and optionally the MPLS label stack that packets arriving on it carry
 * (quoted in Time Exceeded as RFC 4950 asks). Immutable.
 */
public final class NodeInterface {
  private final String node;
  private final String name;
  private final int index;
  private final int mtu;
  private final List<InterfaceAddress> addresses;
  private final List<MplsLabelStack.Entry> mplsLabels;
  private final byte[][] raw;

  public NodeInterface(String node, String name, int index, int mtu, List<InterfaceAddress> addresses,
      List<MplsLabelStack.Entry> mplsLabels) {
    this.node = Objects.requireNonNull(node, "node");
    this.name = Objects.requireNonNull(name, "name");
    if (index < 1) {
      throw new IllegalArgumentException("interface index must be >= 1: " + index);
    }
    // RFC 791: every IPv4 module must take 68 bytes; RFC 8200 5: IPv6 links carry 1280
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("MTU out of range 68..65535: " + mtu);
    }
    this.index = index;
    this.mtu = mtu;
    this.addresses = List.copyOf(addresses);
    this.mplsLabels = List.copyOf(mplsLabels);
    this.raw = this.addresses.stream().map(a -> a.address().getAddress()).toArray(byte[][]::new);
  }

  /** The owning node's name. */
  public String node() {
    return node;
  }

  public String name() {
    return name;
  }

  public int index() {
    return index;
  }

  public int mtu() {
    return mtu;
  }

  public List<InterfaceAddress> addresses() {
    return addresses;
  }

  /** MPLS label stack of packets received here (RFC 4950), empty when the link is not MPLS. */
  public List<MplsLabelStack.Entry> mplsLabels() {
    return mplsLabels;
  }

  /** The first IPv4 address, or null. */
  public InterfaceAddress ipv4() {
    for (InterfaceAddress a : addresses) {
      if (a.isIpv4()) {
        return a;
      }
    }
    return null;
  }

  /** The first IPv6 address that is not link-local (else the first IPv6 one), or null. */
  public InterfaceAddress ipv6() {
    InterfaceAddress ll = null;
    for (InterfaceAddress a : addresses) {
      if (!a.isIpv4()) {
        if (!Addresses.isV6LinkLocal(a.address().getAddress())) {
          return a;
        }
        ll = ll == null ? a : ll;
      }
    }
    return ll;
  }

  public Inet4Address ipv4Address() {
    InterfaceAddress a = ipv4();
    return a == null ? null : (Inet4Address) a.address();
  }

  public Inet6Address ipv6Address() {
    InterfaceAddress a = ipv6();
    return a == null ? null : (Inet6Address) a.address();
  }

  /** Whether {@code address} (raw bytes) is one of this interface's addresses. */
  public boolean hasAddress(byte[] address) {
    for (byte[] r : raw) {
      if (Arrays.equals(r, address)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an IPv4 address is the directed broadcast of one of this interface's subnets. */
  public boolean isDirectedBroadcast(int v4) {
    for (InterfaceAddress a : addresses) {
      int b = a.broadcastBits();
      if (a.isIpv4() && b != 0 && b == v4) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code address} lies in one of this interface's connected subnets. */
  public boolean onLink(byte[] address) {
    for (InterfaceAddress a : addresses) {
      if (a.subnet().contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The address of the family of {@code like}, or null. */
  public InetAddress addressLike(boolean ipv6) {
    return ipv6 ? ipv6Address() : ipv4Address();
  }

  @Override
  public String toString() {
    return node + ":" + name + "#" + index + " mtu " + mtu + " " + addresses;
  }
}
