#!/usr/bin/python3
"""Writes the small capture files the icmpkit-pcap reader tests use, one per link type / byte order
/ timestamp resolution, into icmpkit-pcap/src/test/resources/pcap/. Bytes come from Scapy (run with
Debian's /usr/bin/python3, which has python3-scapy 2.5), never from icmpkit's own writer.

Each file holds two echo requests (frames 1 and 2) at fixed timestamps 1700000000.123456 and
1700000001.000789 (nanosecond files: ...123456789 / ...000000789) unless noted."""
import os
import struct

from scapy.all import (IP, ICMP, IPv6, ICMPv6EchoRequest, Ether, Dot1Q, Dot1AD, CookedLinux,
                       CookedLinuxV2, Raw, RawPcapWriter, conf)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "icmpkit-pcap", "src", "test", "resources", "pcap")
T1 = (1700000000, 123456789)
T2 = (1700000001, 789)

V4 = lambda seq: IP(src="192.0.2.1", dst="198.51.100.2", ttl=64, id=seq) / ICMP(id=0x1234, seq=seq) / Raw(b"abcdefgh")
E = lambda: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
V6 = lambda seq: IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=64) / ICMPv6EchoRequest(id=0x1234, seq=seq) / Raw(b"abcdefgh")


def write(name, linktype, frames, endianness="<", nano=False):
    path = os.path.join(OUT, name)
    w = RawPcapWriter(path, linktype=linktype, endianness=endianness, nano=nano, snaplen=65535)
    w._write_header(None)
    for i, f in enumerate(frames):
        sec, ns = (T1, T2)[i % 2]
        frac = ns if nano else ns // 1000
        raw = bytes(f)
        w._write_packet(raw, sec=sec, usec=frac, caplen=len(raw), wirelen=len(raw))
    w.close()


def main():
    os.makedirs(OUT, exist_ok=True)
    write("eth-le-micro.pcap", 1, [E() / V4(1), E() / V4(2)])
    write("eth-be-micro.pcap", 1, [E() / V4(1), E() / V4(2)], endianness=">")
    write("eth-le-nano.pcap", 1, [E() / V4(1), E() / V4(2)], nano=True)
    write("eth-be-nano.pcap", 1, [E() / V4(1), E() / V4(2)], endianness=">", nano=True)
    write("eth-vlan.pcap", 1, [E() / Dot1Q(vlan=10) / V4(1), E() / Dot1AD(vlan=100) / Dot1Q(vlan=20) / V6(2)])
    write("sll.pcap", 113, [CookedLinux(proto=0x0800) / V4(1), CookedLinux(proto=0x86DD) / V6(2)])
    write("sll2.pcap", 276, [CookedLinuxV2(proto=0x0800) / V4(1), CookedLinuxV2(proto=0x86DD) / V6(2)])
    write("raw101.pcap", 101, [V4(1), V6(2)])
    write("raw228.pcap", 228, [V4(1), V4(2)])
    write("raw229.pcap", 229, [V6(1), V6(2)])
    # BSD loopback NULL: the family in the capturing host's byte order (LE and BE hosts), AF_INET6 24/28/30
    write("null-le.pcap", 0, [struct.pack("<I", 2) + bytes(V4(1)), struct.pack("<I", 30) + bytes(V6(2))])
    write("null-be.pcap", 0, [struct.pack(">I", 2) + bytes(V4(1)), struct.pack(">I", 24) + bytes(V6(2))],
          endianness=">")
    write("null-af28.pcap", 0, [struct.pack("<I", 28) + bytes(V6(1)), struct.pack("<I", 28) + bytes(V6(2))])
    # OpenBSD LOOP: family always big-endian
    write("loop.pcap", 108, [struct.pack(">I", 2) + bytes(V4(1)), struct.pack(">I", 24) + bytes(V6(2))])
    # ICMPv6 behind routing headers: the checksum's pseudo-header uses the final destination
    from scapy.all import IPv6ExtHdrRouting, IPv6ExtHdrSegmentRouting
    write("v6-routing.pcap", 101, [
        IPv6(src="2001:db8::1", dst="2001:db8::aa", hlim=64) /
        IPv6ExtHdrRouting(addresses=["2001:db8::bb", "2001:db8::2"], segleft=2) /
        ICMPv6EchoRequest(id=0x1234, seq=1),
        IPv6(src="2001:db8::1", dst="2001:db8::aa", hlim=64) /
        IPv6ExtHdrSegmentRouting(addresses=["2001:db8::2", "2001:db8::aa"], segleft=1) /
        ICMPv6EchoRequest(id=0x1234, seq=2)])
    # truncated last record: the second record's data cut in half
    write("truncated-last.pcap", 1, [E() / V4(1), E() / V4(2)])
    path = os.path.join(OUT, "truncated-last.pcap")
    data = open(path, "rb").read()
    open(path, "wb").write(data[:-30])
    print("wrote test captures to", os.path.relpath(OUT), "with scapy", conf.version)


if __name__ == "__main__":
    main()
