"""The packet mix of the decode benchmark (icmpkit-bench) and of tools/bench/gen_big_pcap.py:
whole raw IP packets as a ping/traceroute host sees them. Scapy builds every byte."""
from vectors_common import write_set

A, B = "192.0.2.1", "198.51.100.7"
R = "203.0.113.254"
A6, B6 = "2001:db8::1", "2001:db8:1::7"
PAYLOAD = "bytes(range(56))"

write_set("bench_mix", [
    ("echo_request", "IP(src='%s', dst='%s', id=0x1c46, ttl=64)/ICMP(type=8, id=0x4d2, seq=1)/%s" % (A, B, PAYLOAD)),
    ("echo_reply", "IP(src='%s', dst='%s', id=0x7a11, ttl=57)/ICMP(type=0, id=0x4d2, seq=1)/%s" % (B, A, PAYLOAD)),
    ("echo_request_2", "IP(src='%s', dst='%s', id=0x1c47, ttl=64)/ICMP(type=8, id=0x4d2, seq=2)/%s" % (A, B, PAYLOAD)),
    ("echo_reply_2", "IP(src='%s', dst='%s', id=0x7a12, ttl=57)/ICMP(type=0, id=0x4d2, seq=2)/%s" % (B, A, PAYLOAD)),
    ("time_exceeded_udp", "IP(src='%s', dst='%s', ttl=254)/ICMP(type=11, code=0)/IP(src='%s', dst='%s', ttl=1, id=0x3039)/UDP(sport=54321, dport=33435)/bytes(32)" % (R, A, A, B)),
    ("port_unreachable_udp", "IP(src='%s', dst='%s', ttl=57)/ICMP(type=3, code=3)/IP(src='%s', dst='%s', ttl=5, id=0x303a)/UDP(sport=54321, dport=33436)/bytes(32)" % (B, A, A, B)),
    ("echo6_request", "IPv6(src='%s', dst='%s', hlim=64)/ICMPv6EchoRequest(id=0x4d2, seq=1, data=%s)" % (A6, B6, PAYLOAD)),
    ("echo6_reply", "IPv6(src='%s', dst='%s', hlim=57)/ICMPv6EchoReply(id=0x4d2, seq=1, data=%s)" % (B6, A6, PAYLOAD)),
])
