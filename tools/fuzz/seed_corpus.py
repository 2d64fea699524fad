#!/usr/bin/python3
"""Derives the Jazzer regression seeds of every fuzz target (run with Debian's /usr/bin/python3,
which has Scapy; commit the output).

Sources:
  * every golden vector (icmpkit-wire/src/test/resources/vectors/*.tsv, hex column), routed by
    content: an IPv4/IPv6 packet goes to the IP target and its ICMPv4/ICMPv6/IGMP payload to the
    message target; a bare message goes by the set's name;
  * one or more seeds for every row of shared/design/BAD-INPUTS.md that concerns the target
    (file names start with bad-<row>-);
  * small pcap / pcapng files built from the vectors, for the pcap reader target.

Layout (Jazzer's convention for @FuzzTest regression inputs):
  <module>/src/test/resources/<package path>/<TestClass>Inputs/<method>/<seed>
Inputs that break a contract in code not yet fixed live in <pkg>/pending/<TestClass>/<method>/
(not read by the tests; the script does not put them back). Files this script wrote earlier are
replaced; files named crash-* or finding-* (kept findings of
real fuzzing runs) are left alone.
"""
import glob
import os
import struct
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VECTORS = os.path.join(ROOT, "icmpkit-wire", "src", "test", "resources", "vectors")

WIRE = ("icmpkit-wire", "io/icmpkit/wire/fuzz")
PCAP = ("icmpkit-pcap", "io/icmpkit/pcap/fuzz")

# target key -> (module, package dir, test class, method)
TARGETS = {
    "checksum": WIRE + ("ChecksumFuzzTest", "checksum"),
    "ipv4": WIRE + ("Ipv4FuzzTest", "ipv4"),
    "ipv6": WIRE + ("Ipv6FuzzTest", "ipv6"),
    "quoted4": WIRE + ("QuotedDatagramFuzzTest", "quotedInIcmpv4"),
    "quoted6": WIRE + ("QuotedDatagramFuzzTest", "quotedInIcmpv6"),
    "icmpv4": WIRE + ("Icmpv4FuzzTest", "icmpv4"),
    "ext": WIRE + ("IcmpExtensionsFuzzTest", "extensions"),
    "icmpv6": WIRE + ("Icmpv6FuzzTest", "icmpv6"),
    "igmp": WIRE + ("IgmpFuzzTest", "igmp"),
    "pcap": PCAP + ("PcapReaderFuzzTest", "wholeFile"),
    "raw": PCAP + ("DissectorFuzzTest", "rawIp"),
    "eth": PCAP + ("DissectorFuzzTest", "ethernet"),
    "sll": PCAP + ("DissectorFuzzTest", "linuxSll"),
    "null": PCAP + ("DissectorFuzzTest", "bsdLoopback"),
}


def target_dir(key):
    module, pkg, cls, method = TARGETS[key]
    return os.path.join(ROOT, module, "src", "test", "resources", pkg, cls + "Inputs", method)


def pending_dir(key):
    """Inputs that break a contract in code not yet fixed: kept out of the regression run (which
    would fail everyone's build) until the owner fixes the bug; then `git mv` them back."""
    module, pkg, cls, method = TARGETS[key]
    return os.path.join(ROOT, module, "src", "test", "resources", pkg, "pending", cls, method)


seeds = {k: {} for k in TARGETS}


def add(key, name, data):
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:80]
    seeds[key][safe] = bytes(data)


# ---------------------------------------------------------------- helpers

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(payload=b"", proto=1, ihl=5, tot=None, flags_frag=0, ttl=64, opts=b"", ver=4,
         src=b"\xc0\x00\x02\x01", dst=b"\xc6\x33\x64\x02", good_csum=True):
    opts = opts + b"\0" * (ihl * 4 - 20 - len(opts)) if ihl * 4 >= 20 + len(opts) else opts
    tot = 20 + len(opts) + len(payload) if tot is None else tot
    h = struct.pack("!BBHHHBBH4s4s", (ver << 4) | ihl, 0, tot & 0xFFFF, 0x1234, flags_frag, ttl, proto, 0, src, dst) + opts
    c = csum(h) if good_csum else (csum(h) ^ 0x5A5A)
    h = h[:10] + struct.pack("!H", c) + h[12:]
    return h + payload


def icmp4(t, c, rest=b"\0\0\0\0", body=b"", good_csum=True):
    m = struct.pack("!BBH", t, c, 0) + rest + body
    k = csum(m) if good_csum else csum(m) ^ 0x1111
    return m[:2] + struct.pack("!H", k) + m[4:]


def ipv6(payload=b"", nh=58, hlim=64, plen=None, src=b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x01",
         dst=b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x02"):
    plen = len(payload) if plen is None else plen
    return struct.pack("!IHBB", 0x60000000, plen & 0xFFFF, nh, hlim) + src + dst + payload


def icmp6(t, c, rest=b"\0\0\0\0", body=b""):
    # checksum left 0: the ICMPv6 fuzz target parses with ChecksumPolicy.IGNORE (no pseudo-header)
    return struct.pack("!BBH", t, c, 0) + rest + body


def udp(sport=33434, dport=33435, payload=b"\0" * 4):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def is_ipv4(b):
    return len(b) >= 20 and b[0] >> 4 == 4 and (b[0] & 15) >= 5 and struct.unpack("!H", b[2:4])[0] == len(b) \
        and csum(b[:(b[0] & 15) * 4]) == 0


def is_ipv6(b):
    return len(b) >= 40 and b[0] >> 4 == 6 and struct.unpack("!H", b[4:6])[0] + 40 == len(b)


def eth(payload, ethertype):
    return b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + struct.pack("!H", ethertype) + payload


def sll(payload, proto):
    return struct.pack("!HHH8sH", 0, 1, 6, b"\x02\0\0\0\0\x01\0\0", proto) + payload


def null(payload, family):
    return struct.pack("<I", family) + payload


def pcap_file(frames, linktype=1, snap=65535, magic=0xA1B2C3D4, endian="<"):
    out = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snap, linktype)
    for i, f in enumerate(frames):
        out += struct.pack(endian + "IIII", 1700000000 + i, i, len(f), len(f)) + f
    return out


def pcapng_block(btype, body):
    pad = (-len(body)) % 4
    total = 12 + len(body) + pad
    return struct.pack("<II", btype, total) + body + b"\0" * pad + struct.pack("<I", total)


def pcapng_file(frames, linktype=1, shb_opts=b"\0\0\0\0"):
    shb = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + shb_opts)
    idb = pcapng_block(1, struct.pack("<HHI", linktype, 0, 65535))
    out = shb + idb
    for i, f in enumerate(frames):
        pad = (-len(f)) % 4
        out += pcapng_block(6, struct.pack("<IIIII", 0, 0, i, len(f), len(f)) + f + b"\0" * pad)
    return out


# ---------------------------------------------------------------- vectors

def load_vectors():
    out = []
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.tsv"))):
        set_name = os.path.basename(path)[:-4]
        for line in open(path):
            if not line.strip() or line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            try:
                out.append((set_name, f[0], bytes.fromhex(f[1])))
            except (IndexError, ValueError):
                continue  # not a packet set (e.g. the tshark Info column of a set)
    return out


ALL_IP = []


def route_vector(set_name, name, b):
    tag = "vec-%s-%s" % (set_name, name)
    add("checksum", tag, b)
    if is_ipv4(b) or is_ipv6(b):
        ALL_IP.append(b)
    if is_ipv4(b):
        add("ipv4", tag, b)
        add("raw", tag, b)
        add("eth", tag, eth(b, 0x0800))
        ihl = (b[0] & 15) * 4
        proto, payload = b[9], b[ihl:]
        if proto == 1:
            add("icmpv4", tag, payload)
            if len(payload) > 8 and payload[0] in (3, 4, 5, 11, 12):
                add("quoted4", tag, payload[8:])
                if len(payload) > 8 + 128:
                    add("ext", tag, payload[8 + 128:])
        elif proto == 2:
            add("igmp", tag, payload)
        return
    if is_ipv6(b):
        add("ipv6", tag, b)
        add("raw", tag, b)
        add("eth", tag, eth(b, 0x86DD))
        add("sll", tag, sll(b, 0x86DD))
        add("null", tag, null(b, 30))
        if b[6] == 58:
            payload = b[40:]
            add("icmpv6", tag, payload)
            if len(payload) > 8 and payload[0] in (1, 2, 3, 4):
                add("quoted6", tag, payload[8:])
                if len(payload) > 8 + 128:
                    add("ext", tag, payload[8 + 128:])
        return
    low = set_name.lower()
    if "ext" in low:
        add("ext", tag, b)
    elif "icmpv6" in low or "ndp" in low or "mld" in low:
        add("icmpv6", tag, b)
    elif "igmp" in low:
        add("igmp", tag, b)
    elif "icmpv4" in low or "icmp" in low:
        add("icmpv4", tag, b)
    elif "pcap" in low:
        add("pcap", tag, b)


# ---------------------------------------------------------------- BAD-INPUTS rows

def bad_rows():
    echo = icmp4(8, 0, struct.pack("!HH", 0x1234, 1), b"abcdefgh")
    # 1-8: IPv4 lengths
    for k in ("ipv4", "raw"):
        add(k, "bad-01-empty", b"")
        add(k, "bad-02-19-bytes", ipv4(echo)[:19])
        add(k, "bad-03-version-6", b"\x65" + ipv4(echo)[1:])
        add(k, "bad-03-version-15", b"\xf5" + ipv4(echo)[1:])
        for ihl in range(5):
            add(k, "bad-04-ihl-%d" % ihl, bytes([0x40 | ihl]) + ipv4(echo)[1:])
        add(k, "bad-05-ihl15-40-bytes", ipv4(echo, ihl=15)[:40])
        add(k, "bad-06-totlen-lt-hlen", ipv4(echo, tot=19))
        add(k, "bad-06-totlen-zero", ipv4(echo, tot=0))
        add(k, "bad-07-totlen-gt-captured", ipv4(echo, tot=1500))
        add(k, "bad-08-ethernet-padding", ipv4(echo) + b"\0" * 18)
        # 9-11: options
        add(k, "bad-09-opt-len-0", ipv4(echo, ihl=6, opts=b"\x07\x00\x04\x00"))
        add(k, "bad-09-opt-len-1", ipv4(echo, ihl=6, opts=b"\x44\x01\x00\x00"))
        add(k, "bad-10-opt-past-end", ipv4(echo, ihl=6, opts=b"\x07\x27\x04\x00"))
        add(k, "bad-10-opt-len-byte-missing", ipv4(echo, ihl=6, opts=b"\x01\x01\x01\x07"))
        add(k, "bad-11-rr-pointer", ipv4(echo, ihl=7, opts=b"\x07\x07\x05" + b"\0" * 4 + b"\x00"))
        add(k, "bad-11-ts-pointer", ipv4(echo, ihl=8, opts=b"\x44\x0c\x06\x01" + b"\0" * 8))
        add(k, "ok-opts-nop-eol-rr-ts-sec", ipv4(echo, ihl=15, opts=b"\x01\x07\x07\x04" + b"\0" * 4
                                               + b"\x44\x0c\x05\x00" + b"\0" * 8 + b"\x82\x0b" + b"\0" * 9 + b"\x00" * 7))
        add(k, "bad-12-header-checksum", ipv4(echo, good_csum=False))
        # 13-17: fragments
        add(k, "bad-13-frag-too-large", ipv4(b"\0" * 71, tot=20 + 71, flags_frag=8183))
        add(k, "bad-14-last-frag-no-data", ipv4(b"", flags_frag=100))
        add(k, "bad-16-evil-bit", ipv4(echo, flags_frag=0x8000))
        add(k, "bad-16-df-with-offset", ipv4(echo, flags_frag=0x4000 | 10))
        add(k, "bad-17-tiny-first-frag", ipv4(echo[:24], flags_frag=0x2000))
        add(k, "bad-39-icmpv6-in-ipv4", ipv4(icmp6(128, 0, b"\0\1\0\1"), proto=58))
    big = ipv4(icmp4(8, 0, b"\0\1\0\1", b"\0" * 1472), flags_frag=0x2000)
    add("eth", "bad-15-overlap-frag-1", eth(big[:60], 0x0800))
    add("eth", "bad-08-padding", eth(ipv4(icmp4(0, 0, b"\0\1\0\1")), 0x0800) + b"\0" * 10)

    # 19-35: ICMPv4
    for n in range(8):
        add("icmpv4", "bad-19-%d-bytes" % n, echo[:n])
    add("icmpv4", "bad-20-timestamp-short", icmp4(13, 0, b"\0\1\0\1", b"\0" * 8))
    add("icmpv4", "bad-20-timestamp-reply-short", icmp4(14, 0, b"\0\1\0\1", b"\0" * 4))
    add("icmpv4", "ok-20-timestamp", icmp4(13, 0, b"\0\1\0\1", b"\0\0\0\1" + b"\0" * 8))
    add("icmpv4", "bad-21-mask-short", icmp4(17, 0, b"\0\1\0\1", b"\xff"))
    add("icmpv4", "ok-21-mask-reply", icmp4(18, 0, b"\0\1\0\1", b"\xff\xff\xff\0"))
    for t in (42, 99, 255):
        add("icmpv4", "bad-22-unknown-type-%d" % t, icmp4(t, 0, b"\1\2\3\4", b"xyz"))
    add("icmpv4", "bad-23-echo-code-1", icmp4(8, 1, b"\0\1\0\1"))
    add("icmpv4", "bad-23-echo-reply-code-255", icmp4(0, 255, b"\0\1\0\1"))
    inner = ipv4(udp(), proto=17, ttl=1)
    for t, c in ((3, 16), (3, 255), (5, 4), (11, 2)):
        add("icmpv4", "bad-24-type-%d-code-%d" % (t, c), icmp4(t, c, b"\0" * 4, inner))
    quotes = {
        "25-quote-lt-20": inner[:19],
        "26-quote-version-6": b"\x65" + inner[1:],
        "27-quote-ihl-past-end": b"\x4f" + inner[1:],
        "28-quote-ports-cut": inner[:24],
        "29-quote-totlen-gt-576": ipv4(udp(payload=b"\0" * 600), proto=17)[:28],
        "30-quote-fragment": ipv4(udp(), proto=17, flags_frag=0x20 | 5),
        "32-quote-totlen-ffff": ipv4(udp(), proto=17, tot=0xFFFF),
        "ok-quote-icmp-echo": ipv4(echo)[:28],
        "ok-quote-full-udp": inner,
    }
    for name, q in quotes.items():
        add("icmpv4", "bad-%s" % name, icmp4(11, 0, b"\0" * 4, q))
        add("icmpv4", "bad-%s-unreach" % name, icmp4(3, 3, b"\0" * 4, q))
        add("quoted4", "bad-%s" % name, q)
    add("icmpv4", "bad-33-router-adv-naddr", icmp4(9, 0, b"\x05\x02\x07\x08", b"\xc0\0\2\1\0\0\0\1"))
    add("icmpv4", "bad-33-router-adv-addrsz-0", icmp4(9, 0, b"\x01\x00\x07\x08", b"\xc0\0\2\1\0\0\0\1"))
    add("icmpv4", "ok-33-router-adv", icmp4(9, 0, b"\x01\x02\x07\x08", b"\xc0\0\2\1\0\0\0\1"))
    add("icmpv4", "ok-router-solicit", icmp4(10, 0))
    add("icmpv4", "bad-34-checksum-odd", icmp4(8, 0, b"\0\1\0\1", b"abc", good_csum=False))
    add("icmpv4", "ok-34-checksum-odd", icmp4(8, 0, b"\0\1\0\1", b"abc"))
    for mtu in (0, 68, 575):
        add("icmpv4", "bad-35-frag-needed-mtu-%d" % mtu, icmp4(3, 4, struct.pack("!HH", 0, mtu), inner))
    add("icmpv4", "ok-redirect", icmp4(5, 1, b"\xc0\0\2\xfe", inner))
    add("icmpv4", "ok-param-problem", icmp4(12, 0, b"\x08\0\0\0", inner))
    # RFC 4884 length attribute + extension structure (RFC 4950 MPLS stack, RFC 5837 interface info)
    mpls = struct.pack("!HBB", 8, 1, 1) + b"\x00\x01\x41\x01"
    ext = struct.pack("!BBH", 0x20, 0, 0) + mpls
    ext = ext[:2] + struct.pack("!H", csum(ext)) + ext[4:]
    q128 = (inner + b"\0" * 128)[:128]
    add("icmpv4", "ok-4884-time-exceeded-ext", icmp4(11, 0, b"\0\x20\0\0", q128 + ext))
    add("icmpv4", "bad-4884-length-past-end", icmp4(11, 0, b"\0\xff\0\0", q128 + ext))

    # RFC 4884 extensions on their own
    add("ext", "ok-mpls", ext)
    add("ext", "bad-version-1", b"\x10" + ext[1:])
    add("ext", "bad-object-length-0", struct.pack("!BBHHBB", 0x20, 0, 0, 0, 1, 1))
    add("ext", "bad-object-length-2", struct.pack("!BBHHBB", 0x20, 0, 0, 2, 1, 1))
    add("ext", "bad-object-past-end", struct.pack("!BBHHBB", 0x20, 0, 0, 200, 1, 1) + b"\0\0\0\0")
    add("ext", "bad-checksum", ext[:2] + b"\x12\x34" + ext[4:])
    add("ext", "bad-3-bytes", ext[:3])
    ifinfo = struct.pack("!HBB", 16, 2, 0b00001110) + struct.pack("!I", 7) + struct.pack("!HH", 1, 0) + b"\xc0\0\2\1"
    e2 = struct.pack("!BBH", 0x20, 0, 0) + ifinfo
    add("ext", "ok-interface-info", e2[:2] + struct.pack("!H", csum(e2)) + e2[4:])

    # 38-46: ICMPv6
    for n in range(4):
        add("icmpv6", "bad-38-%d-bytes" % n, icmp6(128, 0, b"\0\1\0\1")[:n])
    src_ll = b"\x01\x01\x02\0\0\0\0\x01"
    ns = icmp6(135, 0, b"\0\0\0\0", b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x02" + src_ll)
    add("icmpv6", "ok-ns", ns)
    add("icmpv6", "bad-40-nd-option-len-0", icmp6(135, 0, b"\0\0\0\0", b"\0" * 16 + b"\x01\x00" + b"\0" * 6))
    add("icmpv6", "bad-40-rs-option-len-0", icmp6(133, 0, b"\0\0\0\0", b"\x01\x00\0\0\0\0\0\0"))
    add("icmpv6", "bad-41-stray-byte", ns + b"\x01")
    ra = lambda code=0, reach=0, opts=b"": icmp6(134, code, b"\x40\x00\x07\x08", struct.pack("!II", reach, 0) + opts)
    add("icmpv6", "ok-ra-prefix-mtu", ra(opts=b"\x03\x04\x40\xc0" + b"\0\0\x0e\x10" * 2 + b"\0" * 4 + b"\x20\x01\x0d\xb8" + b"\0" * 12
                                        + b"\x05\x01\0\0\0\0\x05\xdc" + src_ll))
    add("icmpv6", "bad-42-rdnss-len-2", ra(opts=b"\x19\x02\0\0\0\0\x0e\x10" + b"\0" * 8))
    add("icmpv6", "bad-42-rdnss-len-4", ra(opts=b"\x19\x04\0\0\0\0\x0e\x10" + b"\0" * 24))
    add("icmpv6", "bad-43-ra-fixed-part-cut", ra()[:12])
    add("icmpv6", "bad-43-na-fixed-part-cut", icmp6(136, 0, b"\x60\0\0\0", b"\0" * 8))
    add("icmpv6", "bad-43-redirect-cut", icmp6(137, 0, b"\0\0\0\0", b"\0" * 20))
    inner6 = ipv6(udp(), nh=17)
    add("icmpv6", "bad-44-ptb-mtu-1000", icmp6(2, 0, struct.pack("!I", 1000), inner6))
    add("icmpv6", "ok-ptb-1280", icmp6(2, 0, struct.pack("!I", 1280), inner6))
    add("icmpv6", "ok-time-exceeded", icmp6(3, 0, b"\0" * 4, inner6))
    add("icmpv6", "ok-dest-unreach-port", icmp6(1, 4, b"\0" * 4, inner6))
    add("icmpv6", "ok-param-problem", icmp6(4, 1, b"\0\0\0\x06", inner6))
    add("icmpv6", "bad-46-ra-code-1", ra(code=1))
    add("icmpv6", "bad-46-ra-reachable-huge", ra(reach=3600001))
    add("icmpv6", "bad-46-rs-reserved", icmp6(133, 0, b"\0\0\0\1"))
    mldq = icmp6(130, 0, b"\x27\x10\0\0", b"\0" * 16)
    add("icmpv6", "ok-mld-query", mldq)
    add("icmpv6", "ok-mldv2-query", icmp6(130, 0, b"\x27\x10\0\0", b"\0" * 16 + b"\x02\x7d\0\x01" + b"\x20\x01\x0d\xb8" + b"\0" * 12))
    add("icmpv6", "bad-mldv2-query-nsrc-past-end", icmp6(130, 0, b"\x27\x10\0\0", b"\0" * 16 + b"\x02\x7d\xff\xff"))
    add("icmpv6", "ok-mldv2-report", icmp6(143, 0, b"\0\0\0\x01", b"\x04\0\0\x01" + b"\xff\x02" + b"\0" * 13 + b"\x01" + b"\0" * 16))
    add("icmpv6", "bad-mldv2-report-nrec-past-end", icmp6(143, 0, b"\0\0\xff\xff", b"\x04\0\0\x01"))
    add("icmpv6", "ok-echo", icmp6(128, 0, b"\0\1\0\1", b"abc"))
    add("icmpv6", "bad-23-echo-code-1", icmp6(129, 1, b"\0\1\0\1"))
    add("icmpv6", "bad-22-unknown-type-200", icmp6(200, 0, b"\1\2\3\4"))
    for q, name in ((inner6[:39], "quote-lt-40"), (b"\x45" + inner6[1:], "quote-version-4"), (inner6[:44], "ports-cut"),
                    (inner6, "ok-full")):
        add("quoted6", "bad-" + name, q)
        add("icmpv6", "bad-quote-" + name, icmp6(1, 4, b"\0" * 4, q))
    hbh = b"\x11\x00\x01\x04\0\0\0\0"
    add("quoted6", "ok-ext-hop-by-hop", ipv6(hbh + udp(), nh=0))
    add("quoted6", "ok-ext-fragment", ipv6(b"\x11\x00\x00\x01\0\0\0\1" + udp(), nh=44))

    # IPv6 packets: extension walk, 39, 45
    for k in ("ipv6", "raw"):
        add(k, "bad-01-empty", b"")
        add(k, "bad-39-icmpv4-in-ipv6", ipv6(icmp4(8, 0, b"\0\1\0\1"), nh=1))
        add(k, "bad-45-mld-hlim-64", ipv6(b"\x3a\x00\x05\x02\0\0\x01\0" + mldq, nh=0, hlim=64))
        add(k, "ok-45-mld-hlim-1", ipv6(b"\x3a\x00\x05\x02\0\0\x01\0" + mldq, nh=0, hlim=1))
        add(k, "bad-payload-length-past-end", ipv6(icmp6(128, 0, b"\0\1\0\1"), plen=1000))
        add(k, "bad-39-bytes", ipv6(b"")[:39])
        add(k, "bad-version-4", b"\x40" + ipv6(icmp6(128, 0))[1:])
        add(k, "bad-ext-len-past-end", ipv6(b"\x3a\xff\0\0\0\0\0\0", nh=0))
        add(k, "bad-ext-chain-of-dest-opts", ipv6(b"\x3c\x00\x01\x04\0\0\0\0" * 40 + icmp6(128, 0), nh=60))
        add(k, "ok-routing-type-0", ipv6(b"\x3a\x02\x00\x01\0\0\0\0" + b"\0" * 16 + icmp6(128, 0), nh=43))
        add(k, "ok-fragment-first", ipv6(b"\x3a\x00\x00\x01\0\0\0\7" + icmp6(128, 0, b"\0\1\0\1", b"\0" * 16), nh=44))
        add(k, "ok-fragment-later", ipv6(b"\x3a\x00\x00\x10\0\0\0\7" + b"\0" * 16, nh=44))
        add(k, "ok-no-next-header", ipv6(b"", nh=59))
        add(k, "ok-esp", ipv6(b"\0\0\1\0\0\0\0\1" + b"\0" * 8, nh=50))
        add(k, "ok-ah", ipv6(b"\x3a\x04\0\0\0\0\1\0\0\0\0\1" + b"\0" * 12 + icmp6(128, 0), nh=51))

    # IGMP (RFC 1112, 2236, 3376)
    def igmp(t, mrt, rest):
        m = struct.pack("!BBH", t, mrt, 0) + rest
        return m[:2] + struct.pack("!H", csum(m)) + m[4:]
    add("igmp", "ok-v1-report", igmp(0x12, 0, b"\xe0\0\0\xfb"))
    add("igmp", "ok-v2-query", igmp(0x11, 100, b"\0\0\0\0"))
    add("igmp", "ok-v2-leave", igmp(0x17, 0, b"\xe0\0\0\xfb"))
    add("igmp", "ok-v3-query", igmp(0x11, 100, b"\xe0\0\0\xfb" + b"\x02\x7d\x00\x01" + b"\xc0\0\2\1"))
    add("igmp", "bad-v3-query-nsrc-past-end", igmp(0x11, 100, b"\xe0\0\0\xfb" + b"\x02\x7d\xff\xff"))
    add("igmp", "ok-v3-report", igmp(0x22, 0, b"\0\0\0\x01" + b"\x01\x00\x00\x01\xe0\0\0\xfb\xc0\0\2\1"))
    add("igmp", "bad-v3-report-aux-past-end", igmp(0x22, 0, b"\0\0\0\x01" + b"\x01\xff\x00\x01\xe0\0\0\xfb\xc0\0\2\1"))
    add("igmp", "bad-v3-report-nrec-huge", igmp(0x22, 0, b"\0\0\xff\xff"))
    add("igmp", "bad-short", b"\x11\x64\0")
    add("igmp", "bad-checksum", b"\x11\x64\0\0\0\0\0\0")
    add("igmp", "bad-unknown-type", igmp(0x99, 0, b"\0\0\0\0"))
    add("igmp", "bad-empty", b"")

    # 47-49: capture files
    f4 = [ipv4(echo), ipv4(icmp4(0, 0, struct.pack("!HH", 0x1234, 1), b"abcdefgh"))]
    add("pcap", "ok-pcap-raw-le", pcap_file(f4, linktype=101))
    add("pcap", "ok-pcap-eth-be", pcap_file([eth(f, 0x0800) for f in f4], endian=">"))
    add("pcap", "ok-pcap-nanosecond", pcap_file([eth(f4[0], 0x0800)], magic=0xA1B23C4D))
    add("pcap", "ok-pcap-sll", pcap_file([sll(f4[0], 0x0800)], linktype=113))
    add("pcap", "ok-pcap-null", pcap_file([null(f4[0], 2)], linktype=0))
    add("pcap", "ok-pcapng-eth", pcapng_file([eth(f, 0x0800) for f in f4]))
    add("pcap", "bad-01-empty", b"")
    add("pcap", "bad-47-pcapng-bom-fffefeff", pcapng_file([eth(f4[0], 0x0800)]).replace(struct.pack("<I", 0x1A2B3C4D), b"\xff\xfe\xfe\xff", 1))
    good = pcap_file([eth(f4[0], 0x0800)])
    add("pcap", "bad-48-caplen-ffffffff", good[:24 + 8] + b"\xff\xff\xff\xff" + good[24 + 12:])
    add("pcap", "bad-48-caplen-gt-snaplen", pcap_file([eth(f4[0], 0x0800)], snap=20))
    add("pcap", "bad-48-record-past-eof", good[:-5])
    add("pcap", "bad-48-header-only-partial", good[:20])
    ng = pcapng_file([eth(f4[0], 0x0800)])
    shb_len = struct.unpack("<I", ng[4:8])[0]
    for total, name in ((8, "lt-12"), (30, "not-multiple-of-4"), (0x7FFFFFFC, "past-eof")):
        add("pcap", "bad-48-pcapng-block-total-" + name, ng[:shb_len] + struct.pack("<II", 1, total) + ng[shb_len + 8:])
    idb_len = struct.unpack("<I", ng[shb_len + 4:shb_len + 8])[0]
    add("pcap", "bad-48-pcapng-epb-caplen-huge", ng[:shb_len + idb_len]
        + struct.pack("<II", 6, 32) + struct.pack("<IIIII", 0, 0, 0, 0xFFFFFFF0, 0xFFFFFFF0) + struct.pack("<I", 32))
    # tightly packed comment option (code 1, length 5, padded to 8) and no opt_endofopt
    add("pcap", "ok-49-pcapng-comment-no-eoo", pcapng_file([eth(f4[0], 0x0800)], shb_opts=b"\x01\x00\x05\x00hello\0\0\0"))

    # link-layer dissector frames
    add("eth", "ok-vlan", b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x81\x00\x00\x05\x08\x00" + f4[0])
    add("eth", "bad-vlan-cut", b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x81\x00\x00")
    add("eth", "bad-13-bytes", eth(b"", 0x0800)[:13])
    add("eth", "ok-arp-ignored", eth(b"\0\1\x08\0\6\4\0\1" + b"\0" * 20, 0x0806))
    add("eth", "bad-ipv6-ethertype-with-ipv4", eth(f4[0], 0x86DD))
    add("sll", "ok-ipv4", sll(f4[0], 0x0800))
    add("sll", "bad-short", sll(b"", 0x0800)[:10])
    add("null", "ok-ipv4", null(f4[0], 2))
    add("null", "ok-ipv6-24", null(ipv6(icmp6(128, 0)), 24))
    add("null", "bad-family-99", null(f4[0], 99))
    add("null", "bad-3-bytes", b"\2\0\0")
    add("raw", "ok-ipv4-echo", f4[0])


def main():
    for set_name, name, b in load_vectors():
        route_vector(set_name, name, b)
    bad_rows()
    # the project's own small test captures
    for path in sorted(glob.glob(os.path.join(ROOT, "icmpkit-*", "src", "test", "resources", "**", "*.pcap"),
                            recursive=True)):
        if "Inputs" not in path and os.path.getsize(path) <= 65536:
            add("pcap", "file-" + os.path.basename(path), open(path, "rb").read())
    # every vector packet in one capture per framing
    add("pcap", "vec-all-raw", pcap_file(ALL_IP, linktype=101))
    add("pcap", "vec-all-eth", pcap_file([eth(b, 0x0800 if b[0] >> 4 == 4 else 0x86DD) for b in ALL_IP]))
    add("pcap", "vec-all-sll-be", pcap_file([sll(b, 0x0800 if b[0] >> 4 == 4 else 0x86DD) for b in ALL_IP],
                                            linktype=113, endian=">"))
    # checksum: a few shapes the fast path treats specially (odd tails, 8/16-byte blocks)
    for n in (1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33):
        add("checksum", "len-%d-ff" % n, b"\xff" * n)
    add("checksum", "rfc1071-example", b"\x00\x01\xf2\x03\xf4\xf5\xf6\xf7")
    total = 0
    for key, items in seeds.items():
        d = target_dir(key)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            if not old.startswith(("crash-", "finding-")):
                os.remove(os.path.join(d, old))
        pending = set(os.listdir(pending_dir(key))) if os.path.isdir(pending_dir(key)) else set()
        for name, data in items.items():
            if name in pending:
                continue
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        total += len(items)
        print("%-9s %4d seeds  %s" % (key, len(items), os.path.relpath(d, ROOT)), file=sys.stderr)
    print("%d seeds" % total, file=sys.stderr)


if __name__ == "__main__":
    main()
