/**
 * Test fixtures for tests against the real Linux kernel: {@link
 * io.icmpkit.testing.NetnsTopology} builds chains of network namespaces joined by veth pairs
 * (client – routers – target, IPv4 and IPv6, addresses 10.200.j.0/24 and fd00:200:j::/64 only),
 * runs code inside a namespace through {@code setns(2)}, and deletes everything afterwards; {@link
 * io.icmpkit.testing.NetnsExtension} ties it to a JUnit 5 test class; {@link
 * io.icmpkit.testing.Requirements} skips (or under {@code CI=true} fails) when not root.
 *
 * @see <a href="https://man7.org/linux/man-pages/man8/ip-netns.8.html">ip-netns(8)</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/setns.2.html">setns(2)</a>
 */
package io.icmpkit.testing;
