#!/usr/bin/python3
"""Golden vectors for the fixes the tshark oracle asked for (rulings C and H of the oracle task):
a router advertisement with entry size 1 that fits its message (BAD-INPUTS row 33: not flagged)
and a Time Exceeded whose RFC 4884 length covers exactly its 128-byte quote (no extension: not
flagged). Run with Debian's /usr/bin/python3 (python3-scapy)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vectors_common import write_set  # noqa: E402

Q128 = 'bytes(IP(src="192.0.2.1",dst="198.51.100.7",ttl=1,id=1)/UDP(sport=33500,dport=33501)/(b"\\x00"*100))'

entries = [
    # naddr 1, entry size 1 word: 8 + 1*1*4 = 12 <= 16 bytes, so row 33 does not apply
    ("router_advert_size1", 'ICMP(type=9,unused=0x01010708)/bytes(inet_aton("192.0.2.1")+struct.pack(">i",10))'),
    # naddr 1, entry size 0: row 33 flags it
    ("router_advert_size0_one", 'ICMP(type=9,unused=0x01000708)/bytes(inet_aton("192.0.2.1")+struct.pack(">i",10))'),
    # RFC 4884 length 32 words = the whole 128-byte quote, no extension structure after it
    ("time_exceeded_length_only", "ICMP(type=11,length=32)/" + Q128),
    # the same length with 2 stray bytes after the quote: too short for an extension header, flagged
    ("time_exceeded_length_stray", "ICMP(type=11,length=32)/(" + Q128 + '+b"\\x20\\x00")'),
]

write_set("oracle_fixes", entries)
