#!/usr/bin/python3
"""ICMP echo-request load for tools/bench/capture_vs_tcpdump.sh (run inside a namespace as root).

usage: icmp_load.py DST RATE SECONDS MAX_PACKETS
  RATE packets/s (0: as fast as possible); stops at SECONDS or MAX_PACKETS, whichever first.
Prints: sent=N seconds=S pps=P
"""
import socket
import struct
import sys
import time


def csum(b: bytes) -> int:
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def main() -> None:
    dst, rate, secs, maxn = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    payload = b"icmpkit-capture-bench-" + b"\0" * 34  # 56 bytes like ping
    pkts = []
    for seq in range(1024):
        hdr = struct.pack("!BBHHH", 8, 0, 0, 0x1ce, seq)
        c = csum(hdr + payload)
        pkts.append(struct.pack("!BBHHH", 8, 0, c, 0x1ce, seq) + payload)
    addr = (dst, 0)
    start = time.monotonic()
    end = start + secs
    n = 0
    batch = 64
    while n < maxn:
        now = time.monotonic()
        if now >= end:
            break
        if rate > 0 and n > (now - start) * rate:
            time.sleep(min(0.001, n / rate - (now - start)))
            continue
        for _ in range(min(batch, maxn - n)):
            try:
                s.sendto(pkts[n & 1023], addr)
            except BlockingIOError:
                pass
            except OSError:  # ENOBUFS under overload: not sent
                continue
            n += 1
    took = time.monotonic() - start
    print("sent=%d seconds=%.2f pps=%.0f" % (n, took, n / took if took else 0))


if __name__ == "__main__":
    main()
