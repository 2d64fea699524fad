"""Golden vectors for the TCP traceroute probe (set "tcp_probe"): the TCP segment alone (the bytes
after the IP header), with the checksum Scapy computes over the IPv4 / IPv6 pseudo-header. Run with
/usr/bin/python3 (Debian scapy)."""
import os

import vectors_common
from vectors_common import write_set

# used only by icmpkit-socket's TcpSynTest: kept in that module's test resources, so the test does
# not depend on which icmpkit-wire test-jar is installed (Vectors loads /vectors/<set>.tsv from the
# classpath either way)
vectors_common.OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "icmpkit-socket", "src",
                                      "test", "resources", "vectors")

V4 = 'IP(src="10.200.1.1", dst="10.200.3.2")'
V6 = 'IPv6(src="fd00:200:1::1", dst="fd00:200:3::2")'
SYN = 'TCP(sport=40123, dport=80, seq=0x12345678, ack=0, flags="S", window=65535, options=[("MSS", 1460)])'

write_set("tcp_probe", [
    ("syn_v4", 'bytes(%s/%s)[20:]' % (V4, SYN)),
    ("syn_v6", 'bytes(%s/%s)[40:]' % (V6, SYN)),
    ("syn_v4_high_seq", 'bytes(%s/TCP(sport=65535, dport=443, seq=0xfffffffe, flags="S", window=1024, options=[("MSS", 536)]))[20:]' % V4),
    ("synack_v4", 'bytes(IP(src="10.200.3.2", dst="10.200.1.1")/TCP(sport=80, dport=40123, seq=0xabcdef01, ack=0x12345679, flags="SA", window=64240, options=[("MSS", 1460)]))[20:]'),
    ("rst_v6", 'bytes(IPv6(src="fd00:200:3::2", dst="fd00:200:1::1")/TCP(sport=80, dport=40123, seq=0, ack=0x12345679, flags="RA", window=0))[40:]'),
])
