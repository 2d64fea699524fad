/**
 * Reading and writing capture files: the classic libpcap format (both byte orders, microsecond and
 * nanosecond timestamps), streamed through a fixed buffer so files of any size are read with one
 * reusable {@link io.icmpkit.pcap.io.PcapRecord} and no allocation per packet, plus the link-layer
 * decoders ({@link io.icmpkit.pcap.io.LinkLayer}) that find the network-layer header in a frame.
 * pcapng is recognised and rejected with a clear message until a reader for it exists.
 *
 * @see <a href="https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html">draft-ietf-opsawg-pcap</a>
 * @see <a href="https://www.tcpdump.org/linktypes.html">tcpdump.org link-layer header types</a>
 */
package io.icmpkit.pcap.io;
