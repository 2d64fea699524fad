#!/usr/bin/python3
"""Writes a large classic pcap (Ethernet) of the decode benchmark's packet mix, for
tools/bench/decode_vs_tshark.sh. The packets are the Scapy-built vectors of set bench_mix
(tools/vectors/gen_bench_mix.py; Scapy builds every byte), cycled with the benchmark's weights;
the records are written with struct, so a million packets take seconds.

usage: gen_big_pcap.py [OUT] [COUNT]     (default /tmp/icmpkit-bench-1m.pcap, 1000000)
"""
import os
import struct
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VECTORS = os.path.join(ROOT, "icmpkit-wire", "src", "test", "resources", "vectors", "bench_mix.tsv")
# the same weights as io.icmpkit.bench.Mix
WEIGHTS = {"echo_request": 3, "echo_reply": 3, "echo_request_2": 3, "echo_reply_2": 3,
           "time_exceeded_udp": 2, "port_unreachable_udp": 1, "echo6_request": 2, "echo6_reply": 2}
ETH_SRC, ETH_DST = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")


def load():
    pkts = {}
    for line in open(VECTORS):
        if line.startswith("#") or not line.strip():
            continue
        name, hexbytes = line.split("\t")[:2]
        pkts[name] = bytes.fromhex(hexbytes)
    return pkts


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/icmpkit-bench-1m.pcap"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    pkts = load()
    cycle = []
    for rnd in range(max(WEIGHTS.values())):
        for name, raw in pkts.items():
            if rnd < WEIGHTS.get(name, 0):
                ethertype = 0x0800 if raw[0] >> 4 == 4 else 0x86DD
                cycle.append(ETH_DST + ETH_SRC + struct.pack("!H", ethertype) + raw)
    rec = struct.Struct("<IIII")
    t0 = 1_700_000_000
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        chunk = []
        for i in range(count):
            frame = cycle[i % len(cycle)]
            chunk.append(rec.pack(t0 + i // 1000, (i % 1000) * 1000, len(frame), len(frame)))
            chunk.append(frame)
            if len(chunk) >= 20000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
    print("wrote %d packets (%d-packet cycle) to %s, %.1f MB" % (count, len(cycle), out, os.path.getsize(out) / 1e6),
          file=sys.stderr)


if __name__ == "__main__":
    main()
