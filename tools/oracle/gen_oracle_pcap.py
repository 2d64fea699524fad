#!/usr/bin/python3
"""Writes the tshark-oracle captures used by io.icmpkit.cli.TsharkOracleTest.

Run with Debian's /usr/bin/python3 (it has python3-scapy 2.5):

    /usr/bin/python3 tools/oracle/gen_oracle_pcap.py

Output, under icmpkit-cli/src/test/resources/oracle/:
  oracle.pcap        Ethernet (linktype 1), some frames with an 802.1Q tag; the bulk of the cases
  oracle-raw.pcap    raw IP (linktype 101), a few cases to exercise the other link type
  <file>.names       one "frame<TAB>case name" line per packet, so a mismatch can be traced to its case

Every packet is built by Scapy; nothing comes from icmpkit's own encoder. Output is deterministic:
fixed seed for payload bytes, fixed timestamps, every field Scapy would randomise is set explicitly.
Checksums that must be *wrong* are set explicitly; the rest are computed by Scapy.
"""
import os
import random
import struct
import sys

from scapy.all import (Ether, Dot1Q, IP, IPv6, UDP, TCP, ICMP, Raw, ARP, Padding,
                       IPOption_RR, IPOption_Timestamp, IPOption_Router_Alert, IPOption_NOP, IPOption_EOL,
                       IPOption_Security, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting,
                       IPv6ExtHdrFragment, IPv6ExtHdrSegmentRouting, RouterAlert, PadN, Jumbo,
                       ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded, ICMPv6ParamProblem,
                       ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6ND_RS, ICMPv6ND_RA, ICMPv6ND_NS, ICMPv6ND_NA,
                       ICMPv6ND_Redirect, ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo,
                       ICMPv6NDOptMTU, ICMPv6NDOptRDNSS, ICMPv6NDOptRouteInfo, ICMPv6NDOptRedirectedHdr,
                       ICMPv6MLQuery, ICMPv6MLReport, ICMPv6MLDone, ICMPv6MLQuery2, ICMPv6MLReport2,
                       ICMPv6MLDMultAddrRec, ICMPv6NIQueryName, ICMPv6NIQueryIPv6, ICMPv6NIQueryNOOP,
                       ICMPv6NIReplyName, ICMPv6NIReplyIPv6, ICMPv6NIReplyRefuse, ICMPv6NIReplyUnknown,
                       ICMPv6Unknown, conf)
from scapy.utils import checksum
from scapy.contrib.igmp import IGMP
from scapy.contrib.igmpv3 import IGMPv3, IGMPv3mq, IGMPv3mr, IGMPv3gr

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "icmpkit-cli", "src", "test", "resources", "oracle")
SEED = 4884
rng = random.Random(SEED)

# Documentation address space only (RFC 5737, RFC 3849).
H1, H2, R1, R2, R3 = "192.0.2.1", "198.51.100.7", "203.0.113.254", "192.0.2.254", "198.51.100.1"
A1, A2, AR = "2001:db8::1", "2001:db8:1::7", "2001:db8:ffff::fe"
LL1, LL2 = "fe80::1", "fe80::2"
MAC1, MAC2 = "02:00:00:00:00:01", "02:00:00:00:00:02"


def payload(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def csum_fix(data, at):
    """RFC 1071 checksum (Scapy's) of data, stored big-endian at offset at."""
    data = bytearray(data)
    data[at:at + 2] = b"\0\0"
    c = checksum(bytes(data))
    data[at:at + 2] = struct.pack("!H", c)
    return bytes(data)


def icmp_raw(t, c, rest=b"\0\0\0\0", body=b"", bad=False):
    """An ICMPv4 message from raw parts, checksum by Scapy's RFC 1071 routine (or deliberately wrong)."""
    m = csum_fix(struct.pack("!BBH", t, c, 0) + rest + body, 2)
    if bad:
        m = m[:2] + struct.pack("!H", (struct.unpack("!H", m[2:4])[0] ^ 0x5A5A) or 1) + m[4:]
    return Raw(m)


def ext_struct(objects, bad_checksum=False, version=2):
    """RFC 4884 extension structure: header (version, checksum) followed by raw object bytes."""
    body = b"".join(objects)
    hdr = struct.pack("!BBH", version << 4, 0, 0)
    s = csum_fix(hdr + body, 2)
    if bad_checksum:
        s = s[:2] + b"\xde\xad" + s[4:]
    return s


def ext_obj(cls, ctype, data):
    return struct.pack("!HBB", 4 + len(data), cls, ctype) + data


def mpls_obj(labels):
    data = b""
    for i, (label, tc, ttl) in enumerate(labels):
        s = 1 if i == len(labels) - 1 else 0
        data += struct.pack("!I", (label << 12) | (tc << 9) | (s << 8) | ttl)
    return ext_obj(1, 1, data)


def pad_to(b, n):
    return b + b"\0" * (n - len(b)) if len(b) < n else b


cases = []  # (name, packet, link) with link in {"eth", "vlan", "raw"}


def add(name, pkt, link="eth", snap=None):
    """snap: captured length of the frame (the rest is cut off as by a capture snaplen)."""
    cases.append((name, pkt, link, snap))


def v4(pkt_l4, src=H1, dst=H2, **ip):
    if isinstance(pkt_l4, Raw):
        ip.setdefault("proto", 1)  # hand-built ICMP message
    return IP(src=src, dst=dst, **ip) / pkt_l4


def v6(pkt_l4, src=A1, dst=A2, **ip):
    if isinstance(pkt_l4, Raw):
        ip.setdefault("nh", 58)
    return IPv6(src=src, dst=dst, **ip) / pkt_l4


def v4_raw_options(opts, l4, src=H1, dst=H2):
    """IPv4 header with hand-written option bytes (possibly invalid) and a correct header checksum."""
    body = bytes(l4)
    ihl = 5 + len(opts) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(body), 1, 0, 64, 1, 0,
                      bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))) + opts
    return IP(csum_fix(hdr, 10) + body)


def quoted_udp(src=H2, dst=H1, sport=33434, dport=33435, n=32, **ip):
    return IP(src=src, dst=dst, ttl=1, id=0x1234, **ip) / UDP(sport=sport, dport=dport) / Raw(payload(n))


def quoted_tcp(src=H2, dst=H1, sport=40000, dport=443, **ip):
    return IP(src=src, dst=dst, ttl=1, id=0x4321, **ip) / TCP(sport=sport, dport=dport, seq=0x01020304, flags="S")


def quoted_icmp(src=H2, dst=H1, ident=0x77, seq=3, **ip):
    return IP(src=src, dst=dst, ttl=1, id=0x2222, **ip) / ICMP(type=8, id=ident, seq=seq) / Raw(payload(16))


def quoted_v6_udp(src=A2, dst=A1, sport=33434, dport=33435, n=24):
    return IPv6(src=src, dst=dst, hlim=1) / UDP(sport=sport, dport=dport) / Raw(payload(n))


def quoted_v6_tcp(src=A2, dst=A1):
    return IPv6(src=src, dst=dst, hlim=1) / TCP(sport=50000, dport=80, seq=7, flags="S")


def quoted_v6_echo(src=A2, dst=A1):
    return IPv6(src=src, dst=dst, hlim=1) / ICMPv6EchoRequest(id=0x99, seq=5, data=payload(8))


def first_bytes(pkt, n):
    """The first n bytes of a built packet (an error's quote that the router truncated)."""
    return Raw(bytes(pkt)[:n])


# ---------------------------------------------------------------- ICMPv4 echo
sizes = [0, 1, 2, 3, 7, 8, 9, 15, 16, 31, 32, 48, 56, 57, 63, 64, 100, 127, 255, 256, 512, 999, 1000, 1472]
for i, n in enumerate(sizes):
    ident, seq = rng.choice([0, 1, 0x1234, 0xbeef, 0xffff, 0x8000]), i * 37 % 65536
    link = "vlan" if i % 5 == 4 else "eth"
    req = v4(ICMP(type=8, code=0, id=ident, seq=seq) / Raw(payload(n)), ttl=64, id=i + 1)
    add("echo-request-%d" % n, req, link)
    if i % 3 != 2:  # some requests stay unanswered
        rep = v4(ICMP(type=0, code=0, id=ident, seq=seq) / Raw(bytes(req[ICMP].payload)), src=H2, dst=H1,
                 ttl=57, id=i + 1000)
        add("echo-reply-%d" % n, rep, link)
add("echo-request-seq-max", v4(ICMP(type=8, id=0xffff, seq=0xffff) / Raw(payload(56))))
add("echo-request-code-7", v4(ICMP(type=8, code=7, id=1, seq=1) / Raw(payload(8))))
add("echo-reply-code-1", v4(ICMP(type=0, code=1, id=1, seq=1) / Raw(payload(8)), src=H2, dst=H1))
add("echo-request-broadcast", v4(ICMP(type=8, id=9, seq=1) / Raw(payload(56)), dst="192.0.2.255"))
add("echo-request-padded-60", Ether(src=MAC1, dst=MAC2) / IP(src=H1, dst=H2) / ICMP(type=8, id=5, seq=6)
    / Padding(b"\0" * 18), "prebuilt")
add("echo-request-padded-junk", Ether(src=MAC1, dst=MAC2) / IP(src=H1, dst=H2) / ICMP(type=8, id=5, seq=7)
    / Raw(b"ab") / Padding(b"\xff" * 16), "prebuilt")
add("echo-request-outer-options", v4(ICMP(type=8, id=3, seq=3) / Raw(payload(20)),
                                     options=[IPOption_RR(routers=["0.0.0.0"] * 3)]))
add("echo-request-outer-ra", v4(ICMP(type=8, id=3, seq=4) / Raw(payload(20)), options=[IPOption_Router_Alert()]))
add("echo-request-outer-ts", v4(ICMP(type=8, id=3, seq=5) / Raw(payload(20)),
                                options=[IPOption_Timestamp(flg=0, timestamp=[0, 0])]))

# ---------------------------------------------------------------- ICMPv4 destination unreachable
for code in range(16):
    q = quoted_udp(sport=33434 + code, dport=33435 + code)
    add("unreach-%d-udp" % code, v4(ICMP(type=3, code=code) / q, src=R1, dst=H2))
for code in (0, 1, 3, 9, 10, 13):
    add("unreach-%d-tcp" % code, v4(ICMP(type=3, code=code) / quoted_tcp(), src=R1, dst=H2))
for code in (1, 3):
    add("unreach-%d-icmp" % code, v4(ICMP(type=3, code=code) / quoted_icmp(), src=R1, dst=H2))
for code in (16, 17, 200, 255):
    add("unreach-unknown-code-%d" % code, v4(ICMP(type=3, code=code) / quoted_udp(), src=R1, dst=H2))
for mtu in (0, 68, 296, 576, 1006, 1280, 1400, 1492, 1500, 9000, 65535):
    add("frag-needed-mtu-%d" % mtu,
        v4(ICMP(type=3, code=4, nexthopmtu=mtu) / quoted_udp(n=1400 if mtu == 1500 else 20, flags="DF"),
           src=R1, dst=H2))
add("frag-needed-tcp", v4(ICMP(type=3, code=4, nexthopmtu=1400) / quoted_tcp(flags="DF"), src=R1, dst=H2))
add("unreach-3-udp-port-53", v4(ICMP(type=3, code=3) / quoted_udp(sport=5353, dport=53), src=H2, dst=H1))
add("unreach-3-quote-options-rr", v4(ICMP(type=3, code=3) / quoted_udp(options=[IPOption_RR(routers=["0.0.0.0"] * 2)]),
                                     src=R1, dst=H2))
add("unreach-3-quote-options-ra-nop",
    v4(ICMP(type=3, code=3) / quoted_udp(options=[IPOption_NOP(), IPOption_Router_Alert(), IPOption_NOP(),
                                                  IPOption_NOP(), IPOption_EOL()]), src=R1, dst=H2))
add("unreach-1-quote-options-tcp",
    v4(ICMP(type=3, code=1) / quoted_tcp(options=[IPOption_Timestamp(flg=0, timestamp=[1])]), src=R1, dst=H2))
add("unreach-3-outer-and-quote-options",
    v4(ICMP(type=3, code=3) / quoted_udp(options=[IPOption_Router_Alert()]), src=R1, dst=H2,
       options=[IPOption_RR(routers=["0.0.0.0"])]))
# Short quotes: the router sent fewer than 8 bytes of the transport header.
full = quoted_udp(sport=1111, dport=2222, n=0)
add("unreach-short-quote-udp-4", v4(ICMP(type=3, code=3) / first_bytes(full, 24), src=R1, dst=H2))
add("unreach-short-quote-udp-2", v4(ICMP(type=3, code=3) / first_bytes(full, 22), src=R1, dst=H2))
add("unreach-short-quote-udp-0", v4(ICMP(type=3, code=3) / first_bytes(full, 20), src=R1, dst=H2))
add("unreach-short-quote-ip-12", v4(ICMP(type=3, code=3) / first_bytes(full, 12), src=R1, dst=H2))
add("unreach-short-quote-tcp-4", v4(ICMP(type=3, code=1) / first_bytes(quoted_tcp(), 24), src=R1, dst=H2))
add("unreach-short-quote-icmp-4", v4(ICMP(type=3, code=1) / first_bytes(quoted_icmp(), 24), src=R1, dst=H2))
add("unreach-quote-udp-8", v4(ICMP(type=3, code=3) / first_bytes(quoted_udp(n=40), 28), src=R1, dst=H2))
add("unreach-quote-tcp-8", v4(ICMP(type=3, code=3) / first_bytes(quoted_tcp(), 28), src=R1, dst=H2))
add("unreach-empty-quote", v4(ICMP(type=3, code=1), src=R1, dst=H2))
# Quoted fragments: only the first carries the transport header.
add("unreach-quote-first-fragment", v4(ICMP(type=3, code=3) / quoted_udp(flags="MF", n=48), src=R1, dst=H2))
add("unreach-quote-nonfirst-fragment",
    v4(ICMP(type=3, code=3) / (IP(src=H2, dst=H1, id=0x5555, frag=185, proto=17) / Raw(payload(28))), src=R1,
       dst=H2))
add("timex-1-quote-nonfirst-fragment",
    v4(ICMP(type=11, code=1) / (IP(src=H2, dst=H1, id=0x5556, frag=3, flags="MF", proto=6) / Raw(payload(16))),
       src=H1, dst=H2))
add("unreach-quote-proto-41",
    v4(ICMP(type=3, code=2) / (IP(src=H2, dst=H1, proto=41) / quoted_v6_udp()), src=R1, dst=H2))
add("unreach-quote-proto-47", v4(ICMP(type=3, code=2) / (IP(src=H2, dst=H1, proto=47) / Raw(payload(8))),
                                 src=R1, dst=H2))
add("unreach-quote-sctp-like", v4(ICMP(type=3, code=3) / (IP(src=H2, dst=H1, proto=132) / Raw(payload(12))),
                                  src=R1, dst=H2))

# ---------------------------------------------------------------- ICMPv4 other errors
for code in (0, 1):
    add("timex-%d-udp" % code, v4(ICMP(type=11, code=code) / quoted_udp(), src=R1, dst=H2))
    add("timex-%d-tcp" % code, v4(ICMP(type=11, code=code) / quoted_tcp(), src=R1, dst=H2))
    add("timex-%d-icmp" % code, v4(ICMP(type=11, code=code) / quoted_icmp(ident=0x100 + code), src=R1, dst=H2))
add("timex-unknown-code-2", v4(ICMP(type=11, code=2) / quoted_udp(), src=R1, dst=H2))
for hop in range(1, 6):  # a traceroute's worth of TTL exceeded, different routers
    add("timex-traceroute-hop-%d" % hop,
        v4(ICMP(type=11, code=0) / quoted_udp(sport=40000, dport=33433 + hop), src="203.0.113.%d" % hop, dst=H2))
gws = ["192.0.2.254", "198.51.100.1", "203.0.113.9", "0.0.0.0"]
for code in range(4):
    add("redirect-%d" % code, v4(ICMP(type=5, code=code, gw=gws[code]) / quoted_udp(), src=R2, dst=H1))
add("redirect-tcp", v4(ICMP(type=5, code=1, gw=R3) / quoted_tcp(), src=R2, dst=H1))
add("redirect-unknown-code-4", v4(ICMP(type=5, code=4, gw=R3) / quoted_udp(), src=R2, dst=H1))
for ptr in (0, 1, 2, 8, 9, 12, 16, 19, 20, 22, 255):
    add("paramprob-0-ptr-%d" % ptr, v4(ICMP(type=12, code=0, ptr=ptr) / quoted_udp(), src=R1, dst=H2))
add("paramprob-0-ptr-in-options", v4(ICMP(type=12, code=0, ptr=21)
                                     / quoted_udp(options=[IPOption_RR(routers=["0.0.0.0"])]), src=R1, dst=H2))
add("paramprob-1-missing-option", v4(ICMP(type=12, code=1) / quoted_udp(), src=R1, dst=H2))
add("paramprob-2-bad-length", v4(ICMP(type=12, code=2, ptr=3) / quoted_tcp(), src=R1, dst=H2))
add("paramprob-unknown-code-3", v4(ICMP(type=12, code=3, ptr=4) / quoted_udp(), src=R1, dst=H2))
add("source-quench-udp", v4(ICMP(type=4, code=0) / quoted_udp(), src=R1, dst=H2))
add("source-quench-tcp", v4(ICMP(type=4, code=0) / quoted_tcp(), src=R1, dst=H2))

# ---------------------------------------------------------------- RFC 4884 multi-part messages
big_udp = quoted_udp(sport=33500, dport=33501, n=200)
q128 = pad_to(bytes(big_udp)[:128], 128)
q_short = bytes(quoted_udp(sport=33502, dport=33503, n=20))  # 48 bytes: padded to 128 with length field
mp1 = mpls_obj([(16001, 0, 1)])
mp3 = mpls_obj([(24000, 0, 1), (24001, 5, 1), (3, 7, 255)])


def ifinfo_obj(role, ifindex=None, ip=None, name=None, mtu=None):
    """RFC 5837 interface information object, by hand: Scapy 2.5's ICMPExtensionInterfaceInformation
    writes the name sub-object's length without counting the length octet and without padding."""
    ctype = (role << 6) | ((ifindex is not None) << 3) | ((ip is not None) << 2) | ((name is not None) << 1) \
        | (mtu is not None)
    data = b""
    if ifindex is not None:
        data += struct.pack("!I", ifindex)
    if ip is not None:
        raw = bytes(map(int, ip.split("."))) if "." in ip else bytes(IPv6(src=ip))[8:24]
        data += struct.pack("!HH", 1 if len(raw) == 4 else 2, 0) + raw
    if name is not None:
        n = name.encode()
        size = (1 + len(n) + 3) // 4 * 4  # the length octet counts itself; whole sub-object 32-bit aligned
        data += bytes([size]) + n + b"\0" * (size - 1 - len(n))
    if mtu is not None:
        data += struct.pack("!I", mtu)
    return ext_obj(2, ctype, data)


ifi_v4 = ifinfo_obj(0, ifindex=17, ip="192.0.2.254", name="ge-0/0/1", mtu=1500)
ifi_v4_idx = ifinfo_obj(2, ifindex=3)
ifi_v6 = ifinfo_obj(1, ip=AR, mtu=9000)
add("timex-rfc4884-mpls-1", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0), q128 + ext_struct([mp1])),
                               src=R1, dst=H2))
add("timex-rfc4884-mpls-3", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0), q128 + ext_struct([mp3])),
                               src=R1, dst=H2))
add("timex-rfc4884-short-quote-padded", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0),
                                                    pad_to(q_short, 128) + ext_struct([mp1])), src=R1, dst=H2))
add("unreach-rfc4884-ifinfo-v4", v4(icmp_raw(3, 1, struct.pack("!BBH", 0, 32, 0), q128 + ext_struct([ifi_v4])),
                                    src=R1, dst=H2))
add("unreach-rfc4884-ifinfo-two", v4(icmp_raw(3, 0, struct.pack("!BBH", 0, 32, 0),
                                              q128 + ext_struct([ifi_v4_idx, ifi_v4])), src=R1, dst=H2))
add("unreach-rfc4884-mpls-and-ifinfo", v4(icmp_raw(3, 3, struct.pack("!BBH", 0, 32, 0),
                                                   q128 + ext_struct([mp1, ifi_v4_idx])), src=R1, dst=H2))
add("frag-needed-rfc4884-mtu", v4(icmp_raw(3, 4, struct.pack("!BBH", 0, 32, 1400), q128 + ext_struct([mp1])),
                                  src=R1, dst=H2))
add("paramprob-rfc4884", v4(icmp_raw(12, 0, struct.pack("!BBH", 9, 32, 0), q128 + ext_struct([mp1])),
                            src=R1, dst=H2))
add("timex-rfc4884-length-only", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0), q128), src=R1, dst=H2))
# Legacy/non-compliant: extension after a 128-byte quote, length field zero (RFC 4884 section 5).
add("timex-ext-no-length-mpls", v4(icmp_raw(11, 0, b"\0\0\0\0", q128 + ext_struct([mp1])), src=R1, dst=H2))
add("unreach-ext-no-length-ifinfo", v4(icmp_raw(3, 0, b"\0\0\0\0", q128 + ext_struct([ifi_v4])), src=R1, dst=H2))
add("timex-no-length-long-quote", v4(icmp_raw(11, 0, b"\0\0\0\0", bytes(big_udp)[:160]), src=R1, dst=H2))
add("timex-rfc4884-bad-ext-checksum", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0),
                                                  q128 + ext_struct([mp1], bad_checksum=True)), src=R1, dst=H2))
add("timex-rfc4884-ext-version-1", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0),
                                               q128 + ext_struct([mp1], version=1)), src=R1, dst=H2))
add("timex-rfc4884-ext-obj-len-0", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0),
                                               q128 + ext_struct([b"\0\0\x01\x01" + b"\0" * 8])), src=R1, dst=H2))
add("timex-rfc4884-ext-obj-len-past-end", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0),
                                                      q128 + ext_struct([b"\0\x40\x01\x01" + b"\0" * 8])),
                                             src=R1, dst=H2))
add("timex-rfc4884-length-past-end", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 60, 0), q128), src=R1, dst=H2))
add("timex-rfc4884-unknown-class", v4(icmp_raw(11, 0, struct.pack("!BBH", 0, 32, 0),
                                               q128 + ext_struct([ext_obj(200, 1, b"\x01\x02\x03\x04")])),
                                      src=R1, dst=H2))

# ---------------------------------------------------------------- ICMPv4 informational
add("router-solicit", v4(ICMP(type=10, code=0), dst="224.0.0.2"))
add("router-solicit-code-1", v4(ICMP(type=10, code=1), dst="224.0.0.2"))
for n, code in ((1, 0), (2, 0), (3, 16)):
    addrs = b"".join(struct.pack("!4si", bytes([192, 0, 2, 250 + k]), 10 * k - 5) for k in range(n))
    add("router-advert-%d-code-%d" % (n, code), v4(icmp_raw(9, code, struct.pack("!BBH", n, 2, 1800), addrs),
                                                   src=R2, dst="224.0.0.1"))
for t in (13, 14):
    src, dst = (H1, H2) if t == 13 else (H2, H1)
    add("timestamp-%d" % t, v4(ICMP(type=t, id=0x42, seq=t, ts_ori=1000, ts_rx=2000 if t == 14 else 0,
                                    ts_tx=2001 if t == 14 else 0), src=src, dst=dst))
add("timestamp-nonstandard-bit", v4(ICMP(type=13, id=1, seq=2, ts_ori=0x80000001, ts_rx=0, ts_tx=0)))
for t in (15, 16):
    add("info-%d" % t, v4(ICMP(type=t, id=0x10, seq=t)))
for t in (17, 18):
    add("addrmask-%d" % t, v4(ICMP(type=t, id=0x20, seq=t, addr_mask="255.255.255.0" if t == 18 else "0.0.0.0")))
# RFC 8335 extended echo (PROBE): interface identification object (class 3) by name, index, address.
xe_name = ext_obj(3, 1, b"eth0.15\0")  # RFC 8335 2.1: NUL-padded to 32 bits
xe_index = ext_obj(3, 2, struct.pack("!I", 2))
xe_addr = ext_obj(3, 3, struct.pack("!HBB4s", 1, 4, 0, bytes([192, 0, 2, 1])))
for nm, obj, local in (("name", xe_name, 1), ("index", xe_index, 1), ("addr", xe_addr, 0)):
    add("ext-echo-request-%s" % nm, v4(icmp_raw(42, 0, struct.pack("!HBB", 0x3131, 1, local),
                                                ext_struct([obj]))))
for code, state in ((0, 0x2 << 5 | 0x07), (1, 0), (2, 0), (3, 0), (4, 0)):
    add("ext-echo-reply-%d" % code, v4(icmp_raw(43, code, struct.pack("!HBB", 0x3131, 1, state)), src=H2, dst=H1))
add("ext-echo-request-code-1", v4(icmp_raw(42, 1, struct.pack("!HBB", 7, 2, 1), ext_struct([xe_index]))))
for t in (1, 2, 6, 7, 19, 20, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 44, 100, 253, 254, 255):
    add("icmp-type-%d" % t, v4(icmp_raw(t, t % 3, struct.pack("!I", 0x01020304), payload(t % 17))))

# ---------------------------------------------------------------- ICMPv4 checksum and malformed cases
add("echo-bad-checksum", v4(ICMP(type=8, id=1, seq=1, chksum=0x1234) / Raw(payload(32))))
add("echo-zero-checksum", v4(ICMP(type=8, id=1, seq=2, chksum=0) / Raw(payload(32))))
add("echo-reply-bad-checksum", v4(ICMP(type=0, id=1, seq=1, chksum=0xffff) / Raw(payload(5))))
add("unreach-bad-checksum", v4(icmp_raw(3, 3, body=bytes(quoted_udp()), bad=True), src=R1, dst=H2))
add("timex-bad-checksum", v4(icmp_raw(11, 0, body=bytes(quoted_tcp()), bad=True), src=R1, dst=H2))
add("ipv4-bad-header-checksum", v4(ICMP(type=8, id=2, seq=1) / Raw(payload(16)), chksum=0xbad))
add("ipv4-bad-header-and-icmp-checksum", v4(ICMP(type=8, id=2, seq=2, chksum=0x1111) / Raw(payload(16)),
                                            chksum=0xbad))
add("unreach-quoted-ip-bad-checksum", v4(ICMP(type=3, code=3) / IP(bytes(quoted_udp())[:10] + b"\xff\xff"
                                                                   + bytes(quoted_udp())[12:]), src=R1, dst=H2))
add("icmp-3-bytes", v4(Raw(b"\x08\x00\xf7")))
add("icmp-4-bytes-echo", v4(Raw(csum_fix(b"\x08\x00\0\0", 2))))
add("icmp-6-bytes-echo", v4(Raw(csum_fix(b"\x08\x00\0\0\x12\x34", 2))))
add("icmp-0-bytes", v4(Raw(b""), proto=1))
add("unreach-7-bytes", v4(Raw(csum_fix(b"\x03\x03\0\0\0\0\0", 2))))
add("timestamp-short", v4(Raw(csum_fix(b"\x0d\x00\0\0\0\x01\0\x01" + b"\0" * 4, 2))))
add("addrmask-short", v4(Raw(csum_fix(b"\x11\x00\0\0\0\x01\0\x01\xff", 2))))
add("router-advert-count-too-big", v4(icmp_raw(9, 0, struct.pack("!BBH", 5, 2, 1800), payload(8)),
                                      src=R2, dst="224.0.0.1"))
add("router-advert-entry-size-1", v4(icmp_raw(9, 0, struct.pack("!BBH", 1, 1, 1800), payload(8)),
                                     src=R2, dst="224.0.0.1"))
echo = ICMP(type=8, id=0xaa, seq=1) / Raw(payload(56))
add("ipv4-total-length-exceeds-frame", v4(echo, len=200))
add("ipv4-total-length-below-ihl", v4(echo, len=16))
add("ipv4-total-length-short-cuts-icmp", v4(echo, len=26))
add("ipv4-ihl-4", v4(echo, ihl=4))
add("ipv4-ihl-15-beyond-total-length", v4(ICMP(type=8, id=0xaa, seq=2), ihl=15))
add("ipv4-version-5", v4(echo, version=5))
add("ipv4-option-length-0", v4_raw_options(b"\x07\x00\x00\x00", echo))
add("ipv4-option-length-past-header", v4_raw_options(b"\x07\x27\x04\x00", echo))
add("ipv4-option-length-1", v4_raw_options(b"\x01\x44\x01\x00", echo))
add("snaplen-truncated-echo", v4(ICMP(type=8, id=0xab, seq=2) / Raw(payload(1000))), snap=96)
add("snaplen-truncated-unreach", v4(ICMP(type=3, code=3) / quoted_udp(n=100), src=R1, dst=H2), snap=14 + 20 + 8 + 20 + 6)
add("ipv4-first-fragment-of-echo", v4(ICMP(type=8, id=0xcd, seq=1) / Raw(payload(48)), flags="MF", id=0x7777))
add("ipv4-nonfirst-fragment-of-echo", v4(Raw(payload(40)), proto=1, frag=7, id=0x7777))
add("ipv4-last-fragment-of-echo", v4(Raw(payload(24)), proto=1, frag=14, flags=0, id=0x7778))
add("unreach-quote-truncated-ip-options", v4(ICMP(type=3, code=3) / first_bytes(
    quoted_udp(options=[IPOption_RR(routers=["0.0.0.0"] * 4)]), 30), src=R1, dst=H2))

# ---------------------------------------------------------------- non-ICMP neighbours in the same capture
add("ipv4-udp", v4(UDP(sport=40001, dport=40002) / Raw(payload(20))))
add("ipv4-tcp", v4(TCP(sport=22, dport=50000, flags="A", seq=1, ack=1)))
add("ipv6-udp", v6(UDP(sport=40003, dport=40004) / Raw(payload(12))))
add("arp", Ether(src=MAC1, dst="ff:ff:ff:ff:ff:ff") / ARP(psrc=H1, pdst=H2, hwsrc=MAC1), "prebuilt")

# ---------------------------------------------------------------- IGMP
ra = [IPOption_Router_Alert()]
add("igmpv1-query", v4(IGMP(type=0x11, mrcode=0, gaddr="0.0.0.0"), src=R2, dst="224.0.0.1", ttl=1))
add("igmpv1-report", v4(IGMP(type=0x12, mrcode=0, gaddr="239.1.2.3"), dst="239.1.2.3", ttl=1))
add("igmpv2-general-query", v4(IGMP(type=0x11, mrcode=100, gaddr="0.0.0.0"), src=R2, dst="224.0.0.1", ttl=1,
                               options=ra))
add("igmpv2-group-query", v4(IGMP(type=0x11, mrcode=10, gaddr="239.1.2.3"), src=R2, dst="239.1.2.3", ttl=1,
                             options=ra))
add("igmpv2-report", v4(IGMP(type=0x16, mrcode=0, gaddr="239.1.2.3"), dst="239.1.2.3", ttl=1, options=ra))
add("igmpv2-leave", v4(IGMP(type=0x17, mrcode=0, gaddr="239.1.2.3"), dst="224.0.0.2", ttl=1, options=ra))
add("igmpv3-general-query", v4(IGMPv3(type=0x11, mrcode=100) / IGMPv3mq(gaddr="0.0.0.0", qrv=2, qqic=125),
                               src=R2, dst="224.0.0.1", ttl=1, options=ra))
add("igmpv3-group-source-query", v4(IGMPv3(type=0x11, mrcode=0x85) / IGMPv3mq(gaddr="232.1.1.1", s=1, qrv=2,
                                                                               srcaddrs=[H1, H2]),
                                    src=R2, dst="232.1.1.1", ttl=1, options=ra))
add("igmpv3-report", v4(IGMPv3(type=0x22) / IGMPv3mr(records=[
    IGMPv3gr(rtype=1, maddr="232.1.1.1", srcaddrs=[H2]), IGMPv3gr(rtype=4, maddr="239.9.9.9"),
    IGMPv3gr(rtype=6, maddr="232.2.2.2", srcaddrs=[H2, R1, R3])]), dst="224.0.0.22", ttl=1, options=ra))
add("igmpv3-report-empty", v4(IGMPv3(type=0x22) / IGMPv3mr(records=[]), dst="224.0.0.22", ttl=1, options=ra))
add("igmp-bad-checksum", v4(IGMP(type=0x16, mrcode=0, gaddr="239.1.2.4", chksum=0xabcd), dst="239.1.2.4", ttl=1,
                            options=ra))
add("igmpv3-query-bad-checksum", v4(IGMPv3(type=0x11, mrcode=100, chksum=1) / IGMPv3mq(gaddr="0.0.0.0"),
                                    src=R2, dst="224.0.0.1", ttl=1, options=ra))
add("igmp-short-4", v4(Raw(b"\x16\x00\xe9\xff"), proto=2, dst="239.1.2.3", ttl=1))
add("igmpv3-query-srccount-too-big", v4(Raw(csum_fix(b"\x11\x64\0\0\0\0\0\0\x02\x7d\x00\x09" + b"\xc0\0\2\1", 2)),
                                        proto=2, src=R2, dst="224.0.0.1", ttl=1))
for t in (0x1e, 0x1f, 0x30, 0x31, 0x99):  # not 0x13: tshark hands DVMRP to another dissector
    add("igmp-type-0x%02x" % t, v4(Raw(csum_fix(bytes([t, 0, 0, 0]) + b"\xe0\0\0\x05", 2)), proto=2,
                                   dst="224.0.0.5", ttl=1))

# ---------------------------------------------------------------- ICMPv6 errors
for code in range(9):
    add("v6-unreach-%d-udp" % code, v6(ICMPv6DestUnreach(code=code) / quoted_v6_udp(sport=33434 + code),
                                       src=AR, dst=A2))
for code in (1, 4):
    add("v6-unreach-%d-tcp" % code, v6(ICMPv6DestUnreach(code=code) / quoted_v6_tcp(), src=AR, dst=A2))
    add("v6-unreach-%d-echo" % code, v6(ICMPv6DestUnreach(code=code) / quoted_v6_echo(), src=AR, dst=A2))
add("v6-unreach-unknown-code-9", v6(ICMPv6DestUnreach(code=9) / quoted_v6_udp(), src=AR, dst=A2))
for mtu in (0, 1280, 1480, 1500, 9000, 65536, 4294967295):
    add("v6-ptb-%d" % mtu, v6(ICMPv6PacketTooBig(mtu=mtu) / quoted_v6_udp(n=1200 if mtu == 1280 else 16),
                              src=AR, dst=A2))
add("v6-ptb-tcp", v6(ICMPv6PacketTooBig(mtu=1400) / quoted_v6_tcp(), src=AR, dst=A2))
for code in (0, 1):
    add("v6-timex-%d-udp" % code, v6(ICMPv6TimeExceeded(code=code) / quoted_v6_udp(), src=AR, dst=A2))
    add("v6-timex-%d-echo" % code, v6(ICMPv6TimeExceeded(code=code) / quoted_v6_echo(), src=AR, dst=A2))
for code in range(11):
    ptr = [0, 6, 7, 40, 42, 4, 8, 40, 40, 48, 1000][code]
    add("v6-paramprob-%d-ptr-%d" % (code, ptr),
        v6(ICMPv6ParamProblem(code=code, ptr=ptr) / quoted_v6_udp(), src=AR, dst=A2))
add("v6-paramprob-unknown-code-11", v6(ICMPv6ParamProblem(code=11, ptr=1) / quoted_v6_udp(), src=AR, dst=A2))
add("v6-unreach-short-quote-udp-4", v6(ICMPv6DestUnreach(code=4) / first_bytes(quoted_v6_udp(), 44),
                                       src=AR, dst=A2))
add("v6-unreach-short-quote-ip-20", v6(ICMPv6DestUnreach(code=4) / first_bytes(quoted_v6_udp(), 20),
                                       src=AR, dst=A2))
add("v6-unreach-quote-hbh-udp", v6(ICMPv6DestUnreach(code=4) / (IPv6(src=A2, dst=A1, hlim=1)
                                                                / IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 4)])
                                                                / UDP(sport=7, dport=9) / Raw(payload(4))),
                                   src=AR, dst=A2))
add("v6-unreach-quote-fragment-first",
    v6(ICMPv6DestUnreach(code=4) / (IPv6(src=A2, dst=A1) / IPv6ExtHdrFragment(id=0xabcdef, m=1, offset=0)
                                    / UDP(sport=5000, dport=6000) / Raw(payload(16))), src=AR, dst=A2))
add("v6-unreach-quote-fragment-nonfirst",
    v6(ICMPv6DestUnreach(code=4) / (IPv6(src=A2, dst=A1) / IPv6ExtHdrFragment(id=0xabcdef, nh=17, m=0, offset=100)
                                    / Raw(payload(16))), src=AR, dst=A2))
add("v6-timex-quote-routing-tcp", v6(ICMPv6TimeExceeded(code=0) / (IPv6(src=A2, dst=A1, hlim=1)
                                                                   / IPv6ExtHdrRouting(addresses=[AR], segleft=1)
                                                                   / TCP(sport=1234, dport=22, seq=9)), src=AR, dst=A2))
add("v6-unreach-quote-in-v4", v6(ICMPv6DestUnreach(code=3) / (IPv6(src=A2, dst=A1, nh=4)
                                                              / quoted_udp()), src=AR, dst=A2))
add("v6-unreach-bad-checksum", v6(ICMPv6DestUnreach(code=4, cksum=0x1234) / quoted_v6_udp(), src=AR, dst=A2))
# RFC 4884 in ICMPv6: length in 64-bit words, 128-byte padded quote.
q6 = pad_to(bytes(quoted_v6_udp(n=120))[:128], 128)
add("v6-timex-rfc4884-mpls", v6(ICMPv6Unknown(type=3, code=0, msgbody=struct.pack("!BBH", 16, 0, 0) + q6
                                              + ext_struct([mp3])), src=AR, dst=A2))
add("v6-unreach-rfc4884-ifinfo", v6(ICMPv6Unknown(type=1, code=0, msgbody=struct.pack("!BBH", 16, 0, 0) + q6
                                                  + ext_struct([ifi_v6])), src=AR, dst=A2))
add("v6-timex-ext-no-length", v6(ICMPv6Unknown(type=3, code=0, msgbody=b"\0\0\0\0" + q6 + ext_struct([mp1])),
                                 src=AR, dst=A2))

# ---------------------------------------------------------------- ICMPv6 echo + extension headers
for i, n in enumerate([0, 1, 7, 8, 13, 56, 64, 255, 1000, 1452]):
    ident, seq = 0x100 + i, i * 3
    add("v6-echo-request-%d" % n, v6(ICMPv6EchoRequest(id=ident, seq=seq, data=payload(n)), hlim=64),
        "vlan" if i % 4 == 3 else "eth")
    if i % 2 == 0:
        add("v6-echo-reply-%d" % n, v6(ICMPv6EchoReply(id=ident, seq=seq, data=payload(n)), src=A2, dst=A1),
            "vlan" if i % 4 == 3 else "eth")
add("v6-echo-request-code-1", v6(ICMPv6EchoRequest(code=1, id=1, seq=1, data=payload(8))))
add("v6-echo-bad-checksum", v6(ICMPv6EchoRequest(id=1, seq=9, cksum=0xdead, data=payload(8))))
add("v6-echo-zero-checksum", v6(ICMPv6EchoRequest(id=1, seq=10, cksum=0, data=payload(8))))
add("v6-echo-multicast", v6(ICMPv6EchoRequest(id=2, seq=1, data=payload(8)), src=LL1, dst="ff02::1"))
add("v6-echo-hbh", v6(IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 4)])
                      / ICMPv6EchoRequest(id=3, seq=1, data=payload(8))))
add("v6-echo-dstopt", v6(IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)])
                         / ICMPv6EchoRequest(id=3, seq=2, data=payload(8))))
add("v6-echo-routing-0", v6(IPv6ExtHdrRouting(type=0, addresses=[AR], segleft=1)
                            / ICMPv6EchoRequest(id=3, seq=3, data=payload(8))))
add("v6-echo-srh", v6(IPv6ExtHdrSegmentRouting(addresses=[A2, AR], segleft=1)
                      / ICMPv6EchoRequest(id=3, seq=4, data=payload(8)), dst=AR))
add("v6-echo-chain", v6(IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 4)])
                        / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)])
                        / IPv6ExtHdrRouting(type=0, addresses=[AR], segleft=0)
                        / IPv6ExtHdrFragment(id=0x1111, m=0, offset=0)
                        / ICMPv6EchoRequest(id=3, seq=5, data=payload(8))))
add("v6-echo-atomic-fragment", v6(IPv6ExtHdrFragment(id=0x2222, m=0, offset=0)
                                  / ICMPv6EchoRequest(id=3, seq=6, data=payload(8))))
big6 = ICMPv6EchoRequest(id=4, seq=1, data=payload(64))
big6_bytes = bytes(IPv6(src=A1, dst=A2) / big6)[40:]
add("v6-fragment-first", v6(IPv6ExtHdrFragment(id=0x3333, nh=58, m=1, offset=0) / Raw(big6_bytes[:48])))
add("v6-fragment-nonfirst", v6(IPv6ExtHdrFragment(id=0x3333, nh=58, m=0, offset=6) / Raw(big6_bytes[48:])))
add("v6-hbh-jumbo-with-plen", v6(IPv6ExtHdrHopByHop(options=[Jumbo(jumboplen=100000)])
                                 / ICMPv6EchoRequest(id=5, seq=1)))
add("v6-ext-length-past-end", v6(Raw(b"\x3a\x10\x01\x02\x00\x00\x00\x00"), nh=60))
add("v6-payload-length-exceeds-frame", v6(ICMPv6EchoRequest(id=6, seq=1, data=payload(8)), plen=200))
add("v6-icmp-3-bytes", v6(Raw(b"\x80\x00\x00"), nh=58))
add("v6-echo-7-bytes", v6(Raw(b"\x80\x00\x7a\x5c\x00\x01\x00"), nh=58))
add("v6-no-next-header", v6(Raw(b""), nh=59))

# ---------------------------------------------------------------- NDP
add("nd-rs", v6(ICMPv6ND_RS() / ICMPv6NDOptSrcLLAddr(lladdr=MAC1), src=LL1, dst="ff02::2", hlim=255))
add("nd-rs-unspecified", v6(ICMPv6ND_RS(), src="::", dst="ff02::2", hlim=255))
add("nd-ra", v6(ICMPv6ND_RA(chlim=64, M=1, O=1, routerlifetime=1800, reachabletime=30000, retranstimer=1000)
                / ICMPv6NDOptSrcLLAddr(lladdr=MAC2) / ICMPv6NDOptMTU(mtu=1500)
                / ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64, validlifetime=86400,
                                        preferredlifetime=14400)
                / ICMPv6NDOptRDNSS(dns=[A2], lifetime=600)
                / ICMPv6NDOptRouteInfo(prefix="2001:db8:2::", plen=48, rtlifetime=600),
                src=LL2, dst="ff02::1", hlim=255))
add("nd-ra-minimal", v6(ICMPv6ND_RA(routerlifetime=0), src=LL2, dst="ff02::1", hlim=255))
add("nd-ns", v6(ICMPv6ND_NS(tgt=A2) / ICMPv6NDOptSrcLLAddr(lladdr=MAC1), src=A1, dst="ff02::1:ff00:7", hlim=255))
add("nd-ns-dad", v6(ICMPv6ND_NS(tgt=LL1), src="::", dst="ff02::1:ff00:1", hlim=255))
add("nd-na", v6(ICMPv6ND_NA(R=1, S=1, O=1, tgt=A2) / ICMPv6NDOptDstLLAddr(lladdr=MAC2), src=A2, dst=A1, hlim=255))
add("nd-na-unsolicited", v6(ICMPv6ND_NA(R=0, S=0, O=1, tgt=LL2), src=LL2, dst="ff02::1", hlim=255))
add("nd-redirect", v6(ICMPv6ND_Redirect(tgt=LL2, dst=A2) / ICMPv6NDOptDstLLAddr(lladdr=MAC2)
                      / ICMPv6NDOptRedirectedHdr(pkt=bytes(IPv6(src=A1, dst=A2) / UDP(sport=1, dport=2)
                                                           / Raw(payload(8)))), src=LL2, dst=A1, hlim=255))
add("nd-ns-option-length-0", v6(ICMPv6ND_NS(tgt=A2) / Raw(b"\x01\x00" + b"\0" * 6), src=A1,
                                dst="ff02::1:ff00:7", hlim=255))
add("nd-ns-option-truncated", v6(ICMPv6ND_NS(tgt=A2) / Raw(b"\x01\x02" + b"\0" * 6), src=A1,
                                 dst="ff02::1:ff00:7", hlim=255))
add("nd-na-bad-checksum", v6(ICMPv6ND_NA(tgt=A2, cksum=0x0102), src=A2, dst=A1, hlim=255))
add("nd-ns-short", v6(Raw(csum_fix(b"\x87\x00\x00\x00\x00\x00\x00\x00" + b"\x20\x01", 2)), nh=58, hlim=255))

# ---------------------------------------------------------------- MLD
hbh_ra = IPv6ExtHdrHopByHop(options=[RouterAlert(value=0), PadN(optdata=b"")])
add("mldv1-query", v6(hbh_ra / ICMPv6MLQuery(mrd=10000, mladdr="::"), src=LL2, dst="ff02::1", hlim=1))
add("mldv1-report", v6(hbh_ra / ICMPv6MLReport(mladdr="ff05::1:3"), src=LL1, dst="ff05::1:3", hlim=1))
add("mldv1-done", v6(hbh_ra / ICMPv6MLDone(mladdr="ff05::1:3"), src=LL1, dst="ff02::2", hlim=1))
add("mldv2-query", v6(hbh_ra / ICMPv6MLQuery2(mrd=10000, mladdr="ff05::1:3", sources=[A1, A2], S=1, QRV=2, QQIC=125),
                      src=LL2, dst="ff05::1:3", hlim=1))
add("mldv2-report", v6(hbh_ra / ICMPv6MLReport2(records=[
    ICMPv6MLDMultAddrRec(rtype=4, dst="ff05::1:3"),
    ICMPv6MLDMultAddrRec(rtype=1, dst="ff3e::8000:1", sources=[A2, AR])]), src=LL1, dst="ff02::16", hlim=1))
add("mldv1-no-hbh", v6(ICMPv6MLReport(mladdr="ff05::1:4"), src=LL1, dst="ff05::1:4", hlim=1))
add("mldv2-report-bad-checksum", v6(hbh_ra / ICMPv6MLReport2(cksum=0x4242, records=[
    ICMPv6MLDMultAddrRec(rtype=4, dst="ff05::1:3")]), src=LL1, dst="ff02::16", hlim=1))

# ---------------------------------------------------------------- node information, 160/161, unknown ICMPv6
nonce = b"\x01\x02\x03\x04\x05\x06\x07\x08"
add("ni-query-noop", v6(ICMPv6NIQueryNOOP(nonce=nonce, code=1, data=b"")))
add("ni-query-name", v6(ICMPv6NIQueryName(nonce=nonce, code=0, data=A2)))
add("ni-query-ipv6", v6(ICMPv6NIQueryIPv6(nonce=nonce, code=0, data=A2, flags="A")))
add("ni-reply-name", v6(ICMPv6NIReplyName(nonce=nonce, code=0, data=[30, b"host.example."]), src=A2, dst=A1))
add("ni-reply-ipv6", v6(ICMPv6NIReplyIPv6(nonce=nonce, code=0, data=[(30, A2)]), src=A2, dst=A1))
add("ni-reply-refuse", v6(ICMPv6NIReplyRefuse(nonce=nonce), src=A2, dst=A1))
add("ni-reply-unknown", v6(ICMPv6NIReplyUnknown(nonce=nonce), src=A2, dst=A1))
xe6_addr = ext_obj(3, 3, struct.pack("!HBB16s", 2, 16, 0, bytes.fromhex("20010db8" + "0" * 23 + "1")))
add("v6-ext-echo-request-name", v6(ICMPv6Unknown(type=160, code=0, msgbody=struct.pack("!HBB", 0x6060, 1, 1)
                                                 + ext_struct([ext_obj(3, 1, b"wlan0\0\0\0")]))))
add("v6-ext-echo-request-addr", v6(ICMPv6Unknown(type=160, code=0, msgbody=struct.pack("!HBB", 0x6060, 2, 0)
                                                 + ext_struct([xe6_addr]))))
for code, state in ((0, 0x3 << 5 | 0x05), (1, 0), (2, 0), (3, 0), (4, 0)):
    add("v6-ext-echo-reply-%d" % code, v6(ICMPv6Unknown(type=161, code=code,
                                                        msgbody=struct.pack("!HBB", 0x6060, 1, state)),
                                          src=A2, dst=A1))
for t in (0, 5, 100, 101, 127, 144, 145, 150, 154, 155, 162, 200, 254, 255):
    add("v6-type-%d" % t, v6(ICMPv6Unknown(type=t, code=t % 2, msgbody=struct.pack("!I", 0x0a0b0c0d) + payload(t % 11))))

# ---------------------------------------------------------------- raw-IP link type (second file)
raw_cases = [
    ("raw-echo-request", v4(ICMP(type=8, id=0x51, seq=1) / Raw(payload(32)))),
    ("raw-echo-reply", v4(ICMP(type=0, id=0x51, seq=1) / Raw(payload(32)), src=H2, dst=H1)),
    ("raw-unreach-3", v4(ICMP(type=3, code=3) / quoted_udp(), src=R1, dst=H2)),
    ("raw-timex-0", v4(ICMP(type=11, code=0) / quoted_icmp(), src=R1, dst=H2)),
    ("raw-frag-needed", v4(ICMP(type=3, code=4, nexthopmtu=1280) / quoted_tcp(flags="DF"), src=R1, dst=H2)),
    ("raw-echo-bad-checksum", v4(ICMP(type=8, id=0x52, seq=1, chksum=0x1) / Raw(payload(8)))),
    ("raw-v6-echo-request", v6(ICMPv6EchoRequest(id=0x61, seq=1, data=payload(16)))),
    ("raw-v6-echo-reply", v6(ICMPv6EchoReply(id=0x61, seq=1, data=payload(16)), src=A2, dst=A1)),
    ("raw-v6-ptb", v6(ICMPv6PacketTooBig(mtu=1280) / quoted_v6_udp(), src=AR, dst=A2)),
    ("raw-v6-nd-ns", v6(ICMPv6ND_NS(tgt=A2) / ICMPv6NDOptSrcLLAddr(lladdr=MAC1), src=A1, dst="ff02::1:ff00:7",
                        hlim=255)),
    ("raw-igmpv2-report", v4(IGMP(type=0x16, mrcode=0, gaddr="239.1.2.3"), dst="239.1.2.3", ttl=1, options=ra)),
    ("raw-ipv4-truncated", v4(ICMP(type=8, id=0x53, seq=1) / Raw(payload(8)), len=100)),
]


def frame(pkt, link, i):
    if link == "prebuilt":
        return pkt
    if link == "vlan":
        return Ether(src=MAC1, dst=MAC2) / Dot1Q(vlan=100 + i % 7, prio=i % 8) / pkt
    return Ether(src=MAC1, dst=MAC2) / pkt


def write(fname, entries, linktype):
    """Classic little-endian pcap, microsecond timestamps 1 ms apart, written by hand so that
    a record's captured length can be shorter than its original length (snaplen cases)."""
    path = os.path.join(OUT_DIR, fname)
    names = []
    t0 = 1700000000
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype))
        for i, (name, pkt, snap) in enumerate(entries):
            raw = bytes(pkt)
            wirelen = len(raw)
            if snap is not None:
                raw = raw[:snap]
            f.write(struct.pack("<IIII", t0 + i // 1000, (i % 1000) * 1000, len(raw), wirelen))
            f.write(raw)
            names.append("%d\t%s" % (i + 1, name))
    with open(path[:-len(".pcap")] + ".names", "w") as f:
        f.write("# frame<TAB>case; generated by tools/oracle/gen_oracle_pcap.py (scapy %s) -- do not edit\n"
                % conf.version)
        f.write("\n".join(names) + "\n")
    print("wrote %d packets to %s" % (len(entries), os.path.relpath(path)), file=sys.stderr)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    eth = []
    for i, (name, pkt, link, snap) in enumerate(cases):
        eth.append((name, frame(pkt, link, i), snap))
    write("oracle.pcap", eth, 1)
    write("oracle-raw.pcap", [(n, p, None) for n, p in raw_cases], 101)


if __name__ == "__main__":
    main()
