#!/usr/bin/python3
"""Writes samples/icmp-sample.pcap: a small, realistic Ethernet capture of the ICMP traffic icmpkit
decodes, built with Scapy (run with Debian's /usr/bin/python3, which has python3-scapy 2.5).
Deterministic: fixed addresses, MACs, IP ids and timestamps, so the file only changes when this
script does. Documentation addresses only (RFC 5737 / RFC 3849).

Story: host 192.168.1.10 / 2001:db8:1::10 behind router 192.168.1.1 / 2001:db8:1::1 pings v4 and v6,
resolves its router with NDP, runs a UDP traceroute (time exceeded, one with an RFC 4950 MPLS
extension, then port unreachable), hits a smaller path MTU (frag needed, packet too big), is
redirected, joins a multicast group (IGMPv3) and asks for a timestamp."""
import os

from scapy.all import (Ether, IP, IPv6, ICMP, UDP, Raw, IPOption_Router_Alert, ICMPv6EchoRequest,
                       ICMPv6EchoReply, ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6NDOptSrcLLAddr,
                       ICMPv6NDOptDstLLAddr, ICMPv6TimeExceeded, ICMPv6PacketTooBig,
                       ICMPv6DestUnreach, RawPcapWriter, conf, checksum)
from scapy.contrib.igmpv3 import IGMPv3, IGMPv3mr, IGMPv3gr
from scapy.contrib.icmp_extensions import ICMPExtensionHeader, ICMPExtensionMPLS
from scapy.contrib.mpls import MPLS

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "icmp-sample.pcap")

HOST_MAC, ROUTER_MAC = "52:54:00:12:34:56", "52:54:00:ab:cd:01"
H4, R4 = "192.168.1.10", "192.168.1.1"
H6, R6 = "2001:db8:1::10", "2001:db8:1::1"
# what Linux ping sends: 8 bytes of timestamp then 0x10, 0x11, ... (56 data bytes)
PING_DATA = bytes.fromhex("a0b1c2d300000000") + bytes(range(0x10, 0x10 + 48))


def out_(p):  # host to router
    return Ether(src=HOST_MAC, dst=ROUTER_MAC) / p


def in_(p):  # router to host
    return Ether(src=ROUTER_MAC, dst=HOST_MAC) / p


def quote(pkt, n=None):
    """The bytes an ICMP error quotes: the whole offending datagram, or its first n bytes."""
    raw = bytes(pkt)
    return raw if n is None else raw[:n]


def frames():
    f = []
    # 1-4: IPv4 ping, two request/reply pairs
    for seq in (1, 2):
        f.append(out_(IP(src=H4, dst="8.8.8.8", ttl=64, id=0x4000 + seq, flags="DF") /
                      ICMP(type=8, id=0x1f2e, seq=seq) / Raw(PING_DATA)))
        f.append(in_(IP(src="8.8.8.8", dst=H4, ttl=117, id=0x0 + seq) /
                     ICMP(type=0, id=0x1f2e, seq=seq) / Raw(PING_DATA)))
    # 5-6: neighbour discovery for the v6 router
    f.append(Ether(src=HOST_MAC, dst="33:33:ff:00:00:01") /
             IPv6(src=H6, dst="ff02::1:ff00:1", hlim=255) /
             ICMPv6ND_NS(tgt=R6) / ICMPv6NDOptSrcLLAddr(lladdr=HOST_MAC))
    f.append(in_(IPv6(src=R6, dst=H6, hlim=255) /
                 ICMPv6ND_NA(tgt=R6, R=1, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=ROUTER_MAC)))
    # 7-10: IPv6 ping, two pairs
    for seq in (1, 2):
        f.append(out_(IPv6(src=H6, dst="2001:db8:ffff::1", hlim=64) /
                      ICMPv6EchoRequest(id=0x2a2b, seq=seq, data=PING_DATA)))
        f.append(in_(IPv6(src="2001:db8:ffff::1", dst=H6, hlim=57) /
                     ICMPv6EchoReply(id=0x2a2b, seq=seq, data=PING_DATA)))
    # 11-16: UDP traceroute to 203.0.113.50
    dst = "203.0.113.50"
    probe = lambda ttl, dport: IP(src=H4, dst=dst, ttl=ttl, id=0x7000 + ttl) / UDP(sport=45001, dport=dport) / Raw(b"\x00" * 32)
    p1 = probe(1, 33434)
    f.append(out_(p1))
    f.append(in_(IP(src=R4, dst=H4, ttl=64, id=0x1001) / ICMP(type=11, code=0) / Raw(quote(p1, 28))))
    p2 = probe(2, 33435)
    f.append(out_(p2))
    # RFC 4884: original datagram padded to 128 bytes (length = 32 words), then an MPLS label stack (RFC 4950)
    quoted = quote(p2).ljust(128, b"\x00")
    ext = bytearray(bytes(ICMPExtensionHeader(chksum=0) / ICMPExtensionMPLS(stack=[MPLS(label=24001, cos=0, s=1, ttl=1)])))
    # scapy 2.5 sums only the 4-byte extension header; RFC 4884 7.1: the checksum covers the whole structure
    ext[2:4] = checksum(bytes(ext[:2]) + b"\x00\x00" + bytes(ext[4:])).to_bytes(2, "big")
    ext = Raw(bytes(ext))
    f.append(in_(IP(src="10.0.0.1", dst=H4, ttl=254, id=0x2002) /
                 ICMP(type=11, code=0, length=32) / Raw(quoted) / ext))
    p3 = probe(3, 33436)
    f.append(out_(p3))
    f.append(in_(IP(src=dst, dst=H4, ttl=62, id=0x3003) / ICMP(type=3, code=3) / Raw(quote(p3))))
    # 17-18: path MTU: a 1500-byte DF datagram meets a 1400-byte link
    big = IP(src=H4, dst="198.51.100.80", ttl=64, id=0x5005, flags="DF") / UDP(sport=40000, dport=5001) / Raw(b"\xab" * 1472)
    f.append(out_(big))
    f.append(in_(IP(src="10.0.0.1", dst=H4, ttl=254, id=0x2003) /
                 ICMP(type=3, code=4, nexthopmtu=1400) / Raw(quote(big, 28))))
    # 19-20: IPv6 path MTU: packet too big, MTU 1280
    big6 = IPv6(src=H6, dst="2001:db8:ffff::80", hlim=64) / UDP(sport=40001, dport=443) / Raw(b"\xcd" * 1400)
    f.append(out_(big6))
    f.append(in_(IPv6(src=R6, dst=H6, hlim=64) / ICMPv6PacketTooBig(mtu=1280) / Raw(quote(big6, 1232))))
    # 21-22: IPv6 traceroute hop and port unreachable
    p6 = IPv6(src=H6, dst="2001:db8:ffff::53", hlim=1) / UDP(sport=45002, dport=33434) / Raw(b"\x00" * 24)
    f.append(out_(p6))
    f.append(in_(IPv6(src=R6, dst=H6, hlim=64) / ICMPv6TimeExceeded(code=0) / Raw(quote(p6))))
    p6b = IPv6(src=H6, dst="2001:db8:ffff::53", hlim=64) / UDP(sport=45002, dport=33435) / Raw(b"\x00" * 24)
    f.append(out_(p6b))
    f.append(in_(IPv6(src="2001:db8:ffff::53", dst=H6, hlim=60) / ICMPv6DestUnreach(code=4) / Raw(quote(p6b))))
    # 25-26: redirect: use 192.168.1.254 for 198.51.100.7
    red = IP(src=H4, dst="198.51.100.7", ttl=64, id=0x6006) / UDP(sport=51000, dport=53) / Raw(b"\x12\x34" + b"\x00" * 30)
    f.append(out_(red))
    f.append(in_(IP(src=R4, dst=H4, ttl=64, id=0x1002) / ICMP(type=5, code=1, gw="192.168.1.254") / Raw(quote(red, 28))))
    # 27: IGMPv3 report: join 239.1.2.3 (exclude mode, no sources), with Router Alert as RFC 3376 wants
    f.append(Ether(src=HOST_MAC, dst="01:00:5e:00:00:16") /
             IP(src=H4, dst="224.0.0.22", ttl=1, id=0x0, tos=0xc0, options=[IPOption_Router_Alert()]) /
             IGMPv3(type=0x22) / IGMPv3mr(records=[IGMPv3gr(rtype=4, maddr="239.1.2.3")]))
    # 28-29: timestamp request and reply
    f.append(out_(IP(src=H4, dst=R4, ttl=64, id=0x4100) / ICMP(type=13, id=0x0b0c, seq=1, ts_ori=45296000, ts_rx=0, ts_tx=0)))
    f.append(in_(IP(src=R4, dst=H4, ttl=64, id=0x1003) /
                 ICMP(type=14, id=0x0b0c, seq=1, ts_ori=45296000, ts_rx=45296001, ts_tx=45296001)))
    # 30: an echo request that got no reply
    f.append(out_(IP(src=H4, dst="198.51.100.99", ttl=64, id=0x4003, flags="DF") /
                  ICMP(type=8, id=0x1f2f, seq=1) / Raw(PING_DATA)))
    return f


def main():
    w = RawPcapWriter(OUT, linktype=1, endianness="<", snaplen=262144)
    w._write_header(None)
    t = 1700000000_000000  # microseconds
    for i, p in enumerate(frames()):
        raw = bytes(p)
        t += 1000 + (i * 7919) % 5000  # spread frames over a few ms, deterministically
        w._write_packet(raw, sec=t // 1_000_000, usec=t % 1_000_000, caplen=len(raw), wirelen=len(raw))
    w.close()
    print("wrote", os.path.relpath(OUT), "with scapy", conf.version)


if __name__ == "__main__":
    main()
