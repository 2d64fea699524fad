"""Stack golden vectors (set "stack"): the packets the icmpkit-stack unit tests inject into a small
topology of Nodes, and a few expected replies. Written to icmpkit-stack's test resources.
Run with /usr/bin/python3 (Debian python3-scapy 2.5).

Topology of the tests (io.icmpkit.stack.TestNet):
  H1 10.0.1.2 / 2001:db8:1::2 (outside: packets injected at R1 eth0)
  R1 eth0 10.0.1.1/24 2001:db8:1::1/64 fe80::1/64 | eth1 10.0.2.1/24 2001:db8:2::1/64 mtu 1400 | eth2 10.0.4.1/24
  R2 eth0 10.0.2.2/24 2001:db8:2::2/64 mtu 1400, MPLS | eth1 10.0.3.1/24 2001:db8:3::1/64
  H3 eth0 10.0.3.2/24 2001:db8:3::2/64, UDP 53 open"""
import os
import scapy.all as S
import scapy.contrib.icmp_extensions as X
import scapy.contrib.igmp as IG
import scapy.contrib.igmpv3 as IG3
import struct
import socket

for _n in dir(X):
    if _n.startswith("ICMPExtension"):
        setattr(S, _n, getattr(X, _n))
S.IGMP = IG.IGMP
for _n in ("IGMPv3", "IGMPv3mr", "IGMPv3gr", "IGMPv3mq"):
    setattr(S, _n, getattr(IG3, _n))
S.struct = struct
S.socket = socket

import vectors_common
vectors_common.OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "icmpkit-stack", "src", "test",
                                      "resources", "vectors")
from vectors_common import write_set

H1 = 'src="10.0.1.2"'
H6 = 'src="2001:db8:1::2"'
PAYLOAD = 'b"icmpkit-stack echo payload 0123456789"'


def ext(objs):
    return ('ICMPExtensionHeader(chksum=checksum(bytes(ICMPExtensionHeader(chksum=0)/%s)))/%s' % (objs, objs))


BIG = ('fragment(IP(%s,dst="10.0.3.2",id=0x99)/ICMP(id=0x55,seq=3)/(bytes(range(256))*12),fragsize=1400)' % H1)
BIG6 = ('fragment6(IPv6(%s,dst="2001:db8:1::1")/IPv6ExtHdrFragment(id=0x77)/ICMPv6EchoRequest(id=1,seq=2,'
        'data=b"z"*2000),1280)' % H6)
FIRST = ('fragment(IP(%s,dst="10.0.1.1",id=0x4444)/UDP(sport=7,dport=33434)/(b"F"*400),fragsize=200)' % H1)
SECOND = ('fragment(IP(%s,dst="10.0.1.1",id=0x4445)/UDP(sport=7,dport=33434)/(b"F"*400),fragsize=200)' % H1)
FIRST6 = ('fragment6(IPv6(%s,dst="2001:db8:1::1")/IPv6ExtHdrFragment(id=0x88)/UDP(sport=7,dport=33434)/(b"F"*1400),'
          '1280)' % H6)


def opt6(otype, dst):
    return ('IPv6(%s,dst="%s")/IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=%d,optdata=b"ab")])/'
            'UDP(sport=9,dport=33434)/b"opt"' % (H6, dst, otype))


entries = [
    # echo, timestamp, address mask, extended echo (RFC 792, 950, 8335)
    ("echo_r1", 'IP(%s,dst="10.0.1.1",id=1)/ICMP(id=0x1234,seq=1)/%s' % (H1, PAYLOAD)),
    ("echo_r1_reply_icmp", 'ICMP(type=0,id=0x1234,seq=1)/%s' % PAYLOAD),
    ("echo_h3", 'IP(%s,dst="10.0.3.2",id=2)/ICMP(id=0x77,seq=2)/(b"x"*100)' % H1),
    ("echo_big_0", BIG + '[0]'),
    ("echo_big_1", BIG + '[1]'),
    ("echo_big_2", BIG + '[2]'),
    ("echo_bcast", 'IP(%s,dst="10.0.1.255")/ICMP(id=5,seq=5)' % H1),
    ("timestamp", 'IP(%s,dst="10.0.1.1")/ICMP(type=13,id=7,seq=8,ts_ori=1000,ts_rx=0,ts_tx=0)' % H1),
    ("addrmask", 'IP(%s,dst="10.0.1.1")/ICMP(type=17,id=7,seq=9,addr_mask="0.0.0.0")' % H1),
    ("info_request", 'IP(%s,dst="10.0.1.1")/ICMP(type=15,id=7,seq=10)' % H1),
    ("source_quench", 'IP(%s,dst="10.0.1.1")/ICMP(type=4)/bytes(IP(src="10.0.1.1",dst="10.0.1.2")/UDP())' % H1),
    ("xecho_name", 'IP(%s,dst="10.0.1.1")/ICMP(type=42,unused=0x12340701)/' % H1
     + ext('ICMPExtensionObject(classnum=3,classtype=1)/b"eth1"')),
    ("xecho_index", 'IP(%s,dst="10.0.1.1")/ICMP(type=42,unused=0x12340801)/' % H1
     + ext('ICMPExtensionObject(classnum=3,classtype=2)/struct.pack(">I",3)')),
    ("xecho_missing", 'IP(%s,dst="10.0.1.1")/ICMP(type=42,unused=0x12340901)/' % H1
     + ext('ICMPExtensionObject(classnum=3,classtype=1)/b"eth9"')),
    ("xecho_noext", 'IP(%s,dst="10.0.1.1")/ICMP(type=42,unused=0x12340a01)' % H1),
    # unreachables
    ("udp_r1_closed", 'IP(%s,dst="10.0.1.1",id=5)/UDP(sport=40000,dport=33434)/b"probe"' % H1),
    ("udp_r1_closed_b", 'IP(src="10.0.1.3",dst="10.0.1.1",id=5)/UDP(sport=40000,dport=33434)/b"probe"'),
    ("udp_r1_badsum", 'IP(%s,dst="10.0.1.1",id=5)/UDP(sport=40000,dport=33434,chksum=0x1234)/b"probe"' % H1),
    ("udp_h3_open", 'IP(%s,dst="10.0.3.2")/UDP(sport=40000,dport=53)/b"query"' % H1),
    ("udp_h3_closed", 'IP(%s,dst="10.0.3.2")/UDP(sport=40000,dport=33435)/b"probe"' % H1),
    ("proto_r1", 'IP(%s,dst="10.0.1.1",proto=253)/b"payload!"' % H1),
    ("tcp_r1_syn", 'IP(%s,dst="10.0.1.1")/TCP(sport=40000,dport=80,seq=1000,flags="S")' % H1),
    ("net_unreach", 'IP(%s,dst="10.99.0.1")/UDP(sport=1,dport=2)' % H1),
    ("host_unreach", 'IP(%s,dst="10.9.0.1")/UDP(sport=1,dport=2)' % H1),
    ("prohibit_route", 'IP(%s,dst="10.8.0.1")/UDP(sport=1,dport=2)' % H1),
    ("filtered", 'IP(%s,dst="10.0.3.99")/UDP(sport=1,dport=2)' % H1),
    ("lsrr", 'IP(%s,dst="10.0.3.2",options=[IPOption_LSRR(routers=["10.0.2.2"])])/UDP(sport=1,dport=53)' % H1),
    ("df_big", 'IP(%s,dst="10.0.3.2",flags="DF")/ICMP(id=1,seq=1)/(b"D"*1472)' % H1),
    ("nodf_big", 'IP(%s,dst="10.0.3.2",id=0x2222)/UDP(sport=5,dport=53)/(b"N"*1472)' % H1),
    # time exceeded, forwarding
    ("ttl1_big", 'IP(%s,dst="10.0.3.2",ttl=1,id=6)/UDP(sport=40001,dport=33434)/(b"Q"*700)' % H1),
    ("ttl2", 'IP(%s,dst="10.0.3.2",ttl=2,id=7)/UDP(sport=40002,dport=33434)/b"mpls"' % H1),
    ("fwd_in", 'IP(%s,dst="10.0.3.2",ttl=64,id=0x1111)/UDP(sport=1,dport=53)/b"hello"' % H1),
    ("fwd_out", 'IP(%s,dst="10.0.3.2",ttl=63,id=0x1111)/UDP(sport=1,dport=53)/b"hello"' % H1),
    ("redirect", 'IP(%s,dst="10.0.5.9")/UDP(sport=5,dport=53)/b"r"' % H1),
    # parameter problem
    ("badopt", 'IP(%s,dst="10.0.1.1",options=IPOption(b"\\x07\\x01\\x00\\x00"))/UDP(sport=1,dport=53)' % H1),
    # never-rules (RFC 1122 3.2.2, RFC 1812 4.3.2.7)
    ("err_ttl1", 'IP(%s,dst="10.0.3.2",ttl=1)/ICMP(type=3,code=3)/bytes(IP(src="10.0.3.2",dst="10.0.1.2")/UDP())'
     % H1),
    ("unknowntype_ttl1", 'IP(%s,dst="10.0.3.2",ttl=1)/ICMP(type=99)/b"????"' % H1),
    ("echo_ttl1", 'IP(%s,dst="10.0.3.2",ttl=1)/ICMP(type=8,id=1,seq=1)' % H1),
    ("bcast_udp", 'IP(%s,dst="10.0.1.255")/UDP(sport=1,dport=33434)' % H1),
    ("lbcast_udp", 'IP(%s,dst="255.255.255.255")/UDP(sport=1,dport=33434)' % H1),
    ("mcast_udp", 'IP(%s,dst="224.0.0.1")/UDP(sport=1,dport=33434)' % H1),
    ("mcast_src", 'IP(src="224.0.0.5",dst="10.0.1.1")/UDP(sport=1,dport=33434)'),
    ("zero_src", 'IP(src="0.0.0.0",dst="10.0.1.1")/UDP(sport=1,dport=33434)'),
    ("nonfirst_ttl1", 'IP(%s,dst="10.0.3.2",ttl=1,frag=100,proto=17)/(b"x"*64)' % H1),
    # reassembly
    ("frag_first", FIRST + '[0]'),
    ("frag_second_only", SECOND + '[1]'),
    ("pod_first", 'IP(%s,dst="10.0.1.1",id=0x5555,flags="MF")/ICMP(id=9,seq=9)/(b"P"*1472)' % H1),
    ("pod_last", 'IP(%s,dst="10.0.1.1",id=0x5555,frag=8189,proto=1)/(b"P"*100)' % H1),
    ("flood_frag", 'IP(%s,dst="10.0.1.1",id=1,flags="MF",proto=17)/(b"f"*64)' % H1),
    # IPv6
    ("echo6_r1", 'IPv6(%s,dst="2001:db8:1::1")/ICMPv6EchoRequest(id=0x1234,seq=1,data=%s)' % (H6, PAYLOAD)),
    ("echo6_r1_reply_icmp", 'bytes(IPv6(src="2001:db8:1::1",dst="2001:db8:1::2")/ICMPv6EchoReply(id=0x1234,seq=1,'
     'data=%s))[40:]' % PAYLOAD),
    ("echo6_h3", 'IPv6(%s,dst="2001:db8:3::2")/ICMPv6EchoRequest(id=0x77,seq=2,data=b"y"*100)' % H6),
    ("echo6_big_0", BIG6 + '[0]'),
    ("echo6_big_1", BIG6 + '[1]'),
    ("udp6_closed", 'IPv6(%s,dst="2001:db8:1::1")/UDP(sport=40000,dport=33434)/b"probe6"' % H6),
    ("hlim1_big", 'IPv6(%s,dst="2001:db8:3::2",hlim=1)/UDP(sport=40001,dport=33434)/(b"Q"*1400)' % H6),
    ("hlim2", 'IPv6(%s,dst="2001:db8:3::2",hlim=2)/UDP(sport=40002,dport=33434)/b"mpls"' % H6),
    ("ptb", 'IPv6(%s,dst="2001:db8:3::2")/ICMPv6EchoRequest(id=1,seq=1,data=b"D"*1452)' % H6),
    ("noroute6", 'IPv6(%s,dst="2001:db8:99::1")/UDP(sport=1,dport=2)' % H6),
    ("nh253", 'IPv6(%s,dst="2001:db8:1::1",nh=253)/b"payload!"' % H6),
    ("opt_00", opt6(0x1e, "2001:db8:1::1")),
    ("opt_01", opt6(0x5e, "2001:db8:1::1")),
    ("opt_10", opt6(0x9e, "2001:db8:1::1")),
    ("opt_11", opt6(0xde, "2001:db8:1::1")),
    ("opt_10_mcast", opt6(0x9e, "ff02::1")),
    ("opt_11_mcast", opt6(0xde, "ff02::1")),
    ("hbh_10_fwd", 'IPv6(%s,dst="2001:db8:3::2")/IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=0x9e,optdata=b"ab")])'
     '/UDP(sport=9,dport=53)' % H6),
    ("rh0", 'IPv6(%s,dst="2001:db8:1::1")/IPv6ExtHdrRouting(addresses=["2001:db8:3::2"],segleft=1)/UDP(dport=53)' % H6),
    ("frag6_badlen", 'IPv6(%s,dst="2001:db8:1::1")/IPv6ExtHdrFragment(m=1,id=1,offset=0,nh=17)/(b"x"*13)' % H6),
    ("frag6_oversize", 'IPv6(%s,dst="2001:db8:1::1")/IPv6ExtHdrFragment(m=0,id=2,offset=8190,nh=17)/(b"x"*100)' % H6),
    ("frag6_first", FIRST6 + '[0]'),
    ("udp6_mcast", 'IPv6(%s,dst="ff02::1")/UDP(sport=1,dport=33434)' % H6),
    ("err6_hlim1", 'IPv6(%s,dst="2001:db8:3::2",hlim=1)/ICMPv6DestUnreach(code=4)/bytes(IPv6(src="2001:db8:3::2",'
     'dst="2001:db8:1::2")/UDP())' % H6),
    ("redirect6", 'IPv6(%s,dst="2001:db8:5::9")/UDP(sport=5,dport=53)/b"r6"' % H6),
]
RA = 'options=[IPOption_Router_Alert()]'
HBH = 'IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)])'
entries += [
    # IGMP / MLD membership (RFC 2236, 3376, 2710, 3810)
    ("igmp3_join", 'IP(%s,dst="224.0.0.22",ttl=1,%s)/IGMPv3(type=0x22)/IGMPv3mr(records=[IGMPv3gr(rtype=4,'
     'maddr="239.1.2.3")])' % (H1, RA)),
    ("igmp3_leave", 'IP(%s,dst="224.0.0.22",ttl=1,%s)/IGMPv3(type=0x22)/IGMPv3mr(records=[IGMPv3gr(rtype=3,'
     'maddr="239.1.2.3")])' % (H1, RA)),
    ("igmp2_report", 'IP(%s,dst="239.1.2.4",ttl=1,%s)/IGMP(type=0x16,gaddr="239.1.2.4")' % (H1, RA)),
    ("igmp2_leave", 'IP(%s,dst="224.0.0.2",ttl=1,%s)/IGMP(type=0x17,gaddr="239.1.2.4")' % (H1, RA)),
    ("igmp2_query", 'IP(src="10.0.3.1",dst="224.0.0.1",ttl=1,%s)/IGMP(type=0x11,mrcode=100,gaddr="0.0.0.0")' % RA),
    ("mld2_join", 'IPv6(src="fe80::2",dst="ff02::16",hlim=1)/%s/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec('
     'rtype=4,dst="ff05::1:3")])' % HBH),
    ("mld_done", 'IPv6(src="fe80::2",dst="ff02::2",hlim=1)/%s/ICMPv6MLDone(mladdr="ff05::1:3")' % HBH),
]
entries += [("ecmp_%d" % p, 'IP(%s,dst="10.7.0.1")/UDP(sport=%d,dport=33434)' % (H1, 1000 + p)) for p in range(16)]

write_set("stack", entries)
