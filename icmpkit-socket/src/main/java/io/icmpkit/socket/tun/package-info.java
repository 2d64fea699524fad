/**
 * Linux TUN interfaces from Java: {@link io.icmpkit.socket.tun.TunDevice} opens {@code
 * /dev/net/tun} with {@code IFF_TUN | IFF_NO_PI} and reads and writes whole IPv4/IPv6 packets
 * (RFC 791, RFC 8200) through non-blocking descriptors and {@code poll(2)}; the future user-space
 * stack plugs in here.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 */
package io.icmpkit.socket.tun;
