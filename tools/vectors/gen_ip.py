"""Golden vectors for IPv4, IPv6 (+ extension headers) and quoted datagrams (set "ip").
Run with /usr/bin/python3 (Debian scapy)."""
from vectors_common import write_set

A4 = 'src="192.0.2.1", dst="198.51.100.2"'
A6 = 'src="2001:db8::1", dst="2001:db8::2"'

write_set("ip", [
    # ---- IPv4 ----
    ("v4_echo", 'IP(%s, id=0x1234, ttl=64, tos=0xb9)/ICMP(id=1, seq=2)/b"abcd"' % A4),
    ("v4_udp_df", 'IP(%s, id=7, flags="DF", ttl=3)/UDP(sport=33434, dport=33435)/b"traceroute"' % A4),
    ("v4_rr", 'IP(%s, id=1, options=[IPOption_RR(routers=["10.0.0.1", "10.0.0.2"])])/ICMP()' % A4),
    ("v4_rr_empty_slots", 'IP(%s, id=1, options=[IPOption_RR(pointer=8, routers=["10.0.0.1", "0.0.0.0", "0.0.0.0"])])/ICMP()' % A4),
    ("v4_ts", 'IP(%s, id=2, options=[IPOption_Timestamp(flg=1, pointer=13, internet_address="10.1.1.1", timestamp=12345)])/ICMP()' % A4),
    ("v4_lsrr", 'IP(%s, id=3, options=[IPOption_LSRR(routers=["10.0.0.1", "10.0.0.9"])])/ICMP()' % A4),
    ("v4_ssrr", 'IP(%s, id=4, options=[IPOption_SSRR(routers=["10.2.0.1"])])/ICMP()' % A4),
    ("v4_router_alert", 'IP(%s, id=5, ttl=1, proto=2, options=[IPOption_Router_Alert()])/b"\\x16\\x00\\xfa\\x04\\xef\\x01\\x01\\x01"' % A4),
    ("v4_nop_eol", 'IP(%s, id=6, options=[IPOption_NOP(), IPOption_NOP(), IPOption_NOP(), IPOption_EOL()])/ICMP()' % A4),
    ("v4_frag_mf", 'IP(%s, id=9, flags="MF", frag=0, proto=17)/Raw(b"A" * 24)' % A4),
    ("v4_frag_middle", 'IP(%s, id=9, flags="MF", frag=3, proto=17)/Raw(b"B" * 24)' % A4),
    ("v4_evil", 'IP(%s, id=10, flags="evil+DF", frag=5)/Raw(b"C" * 8)' % A4),
    # ---- IPv6 ----
    ("v6_echo", 'IPv6(%s, tc=0xb8, fl=0x12345, hlim=64)/ICMPv6EchoRequest(id=0x1234, seq=1, data=b"abc")' % A6),
    ("v6_udp", 'IPv6(%s, hlim=3)/UDP(sport=33434, dport=33435)/b"trace"' % A6),
    ("v6_hbh_ra_frag", 'IPv6(%s)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/IPv6ExtHdrFragment(id=0xdeadbeef, m=1, offset=0)/ICMPv6EchoRequest(id=7, seq=8)' % A6),
    ("v6_frag_nonfirst", 'IPv6(%s)/IPv6ExtHdrFragment(nh=17, id=5, offset=100, m=0)/Raw(b"y" * 16)' % A6),
    ("v6_routing0", 'IPv6(%s)/IPv6ExtHdrRouting(addresses=["2001:db8::5", "2001:db8::6"], segleft=2)/UDP(sport=1, dport=2)' % A6),
    ("v6_srh", 'IPv6(%s)/IPv6ExtHdrSegmentRouting(addresses=["2001:db8::7"], segleft=0)/UDP(sport=3, dport=4)' % A6),
    ("v6_destopt", 'IPv6(%s)/IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\\x00\\x00\\x00\\x00")])/TCP(sport=5, dport=6, flags="S")' % A6),
    ("v6_hbh_unknown_opt", 'IPv6(%s)/IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=0x9e, optdata=b"\\x01\\x02\\x03\\x04")])/ICMPv6EchoRequest()' % A6),
    ("v6_ah", 'IPv6(%s)/AH(nh=58, payloadlen=4, spi=0x100, seq=1, icv=b"\\x00" * 12)/ICMPv6EchoRequest()' % A6),
    ("v6_esp", 'IPv6(%s)/ESP(spi=1, seq=1, data=b"x" * 8)' % A6),
    ("v6_nonext", 'IPv6(%s, nh=59)/Raw(b"zz")' % A6),
    ("v6_mobility", 'IPv6(%s)/MIP6MH_BRR()' % A6),
    # ---- quoted datagrams (the bytes an ICMP error quotes; tests cut them) ----
    ("q4_udp", 'IP(src="192.0.2.1", dst="203.0.113.9", id=4321, ttl=1)/UDP(sport=33434, dport=33435)/(b"\\x00" * 12)'),
    ("q4_tcp", 'IP(src="192.0.2.1", dst="203.0.113.9", id=77, ttl=2)/TCP(sport=40000, dport=443, seq=123456789, flags="S")'),
    ("q4_echo", 'IP(src="192.0.2.1", dst="203.0.113.9", id=5, ttl=1)/ICMP(type=8, id=0x4242, seq=7)'),
    ("q4_tsreq", 'IP(src="192.0.2.1", dst="203.0.113.9", id=6)/ICMP(type=13, id=0x99, seq=3)'),
    ("q4_options", 'IP(src="192.0.2.1", dst="203.0.113.9", id=8, options=[IPOption_RR(routers=["10.0.0.1"])])/UDP(sport=1000, dport=2000)'),
    ("q4_frag_nonfirst", 'IP(src="192.0.2.1", dst="203.0.113.9", id=9, frag=10, proto=17)/Raw(b"\\x11" * 8)'),
    ("q6_udp", 'IPv6(src="2001:db8::1", dst="2001:db8::99", hlim=1)/UDP(sport=33434, dport=33435)/b"probe"'),
    ("q6_echo", 'IPv6(src="2001:db8::1", dst="2001:db8::99")/ICMPv6EchoRequest(id=0x4243, seq=9)'),
    ("q6_frag_first", 'IPv6(src="2001:db8::1", dst="2001:db8::99")/IPv6ExtHdrFragment(id=0x01020304, m=1)/UDP(sport=53, dport=5353)/b"q"'),
    ("q6_frag_nonfirst", 'IPv6(src="2001:db8::1", dst="2001:db8::99")/IPv6ExtHdrFragment(nh=17, id=0x01020304, offset=2)/Raw(b"\\x22" * 8)'),
    # a whole ICMPv4 time exceeded as a traceroute sees it
    ("err4_ttl_udp", 'IP(src="198.51.100.1", dst="192.0.2.1", id=0)/ICMP(type=11, code=0)/IPerror(src="192.0.2.1", dst="203.0.113.9", id=4321, ttl=1)/UDPerror(sport=33434, dport=33435)'),
])
