package io.icmpkit.stack.iface;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/** An address assigned to an interface with its prefix length ({@code 10.0.0.1/24}). */
public record InterfaceAddress(InetAddress address, int prefixLength) {
  public InterfaceAddress {
    Objects.requireNonNull(address, "address");
    int bits = address.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
  }

  public static InterfaceAddress parse(String cidr) {
    int slash = cidr.indexOf('/');
    InetAddress a = Addresses.parse(slash < 0 ? cidr : cidr.substring(0, slash));
    int len = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(cidr.substring(slash + 1).trim());
    return new InterfaceAddress(a, len);
  }

  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  /** The connected subnet. */
  public Prefix subnet() {
    return new Prefix(address, prefixLength);
  }

  /** The directed broadcast of an IPv4 subnet (RFC 919), or 0 for /31 and /32 (none). */
  public int broadcastBits() {
    if (!isIpv4() || prefixLength >= 31) {
      return 0;
    }
    int a = Addresses.bits(address.getAddress());
    return a | (int) (0xFFFF_FFFFL >>> prefixLength);
  }

  /** The netmask as an IPv4 address (for address-mask replies, RFC 950). */
  public int maskBits() {
    return prefixLength == 0 ? 0 : (int) (0xFFFF_FFFFL << (32 - prefixLength));
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength;
  }
}
