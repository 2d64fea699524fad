/**
 * Devices that carry whole IP packets in and out of the virtual network: the {@link
 * io.icmpkit.stack.phy.Device} interface, an in-memory {@link io.icmpkit.stack.phy.LoopbackDevice}
 * for tests, and a {@link io.icmpkit.stack.phy.TracingDevice} that reports every packet (for pcap
 * writing and debugging). The TUN adapter lives in {@code io.icmpkit.stack.phy.tun}.
 */
package io.icmpkit.stack.phy;
