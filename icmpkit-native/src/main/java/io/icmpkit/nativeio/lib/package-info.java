/**
 * Java interfaces mirroring the C library ({@link io.icmpkit.nativeio.lib.LibC}) and the Linux
 * constants ({@link io.icmpkit.nativeio.lib.Linux}), with man page links and return contracts.
 * Implementations live in {@link io.icmpkit.nativeio.ffm}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/socket.7.html">socket(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ipv6.7.html">ipv6(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/icmp.7.html">icmp(7)</a>
 */
package io.icmpkit.nativeio.lib;
