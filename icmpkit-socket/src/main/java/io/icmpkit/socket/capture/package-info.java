/**
 * Packet capture without libpcap: {@link io.icmpkit.socket.capture.PacketCaptureSocket} is an
 * {@code AF_PACKET} socket (packet(7)) with a classic BPF program ({@link
 * io.icmpkit.socket.capture.BpfProgram}, the language of McCanne and Jacobson's BSD Packet Filter)
 * attached with {@code SO_ATTACH_FILTER}, so the kernel drops everything but ICMP (RFC 792), IGMP
 * (RFC 3376) and ICMPv6 (RFC 4443) before it reaches Java; frames carry kernel timestamps and the
 * kernel's drop counter is exposed. Writing pcap files is icmpkit-pcap's job.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/packet.7.html">packet(7)</a>
 * @see <a href="https://docs.kernel.org/networking/filter.html">Linux Socket Filtering</a>
 */
package io.icmpkit.socket.capture;
