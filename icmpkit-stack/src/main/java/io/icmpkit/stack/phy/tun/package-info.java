/**
 * The virtual network on a Linux TUN device: {@link io.icmpkit.stack.phy.tun.TunNetwork} carries
 * the host side of a whole {@link io.icmpkit.stack.topology.VirtualNetwork} over one TUN interface
 * (IPv4 RFC 791 and IPv6 RFC 8200 packets, no link header), so that the machine's own tools
 * ({@code ping}, {@code traceroute}, {@code mtr}, {@code nmap}) reach every virtual router and
 * host; {@link io.icmpkit.stack.phy.tun.HostSetup} gives the TUN interface its addresses and
 * routes with {@code ip}. The only package of icmpkit-stack that uses icmpkit-socket.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 */
package io.icmpkit.stack.phy.tun;
