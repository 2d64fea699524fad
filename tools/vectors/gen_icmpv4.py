"""ICMPv4 golden vectors (set "icmpv4"): one packet per message kind, RFC 4884 multi-part errors
with RFC 4950 / 5837 / 8335 objects, and malformed inputs for BAD-INPUTS rows 19-24, 33-35.
Run with /usr/bin/python3 (Debian python3-scapy 2.5).

Scapy 2.5 quirks worked around in the expressions (bytes still come from Scapy):
- ICMPExtensionHeader sums only its own 4 bytes, so the extension checksum is given explicitly
  with scapy's checksum() over the whole structure (RFC 4884 section 7);
- ICMPExtensionInterfaceInformation writes the name length without the length octet and padding,
  so ifname_len/ifname are given as RFC 5837 section 4.3 defines them;
- ICMP has no id/seq fields for types 9, 42, 43: the rest-of-header goes in `unused`."""
import scapy.all as S
import scapy.contrib.icmp_extensions as X
import scapy.contrib.mpls as M
import socket
import struct

# write_set evaluates expressions with scapy.all's names: add the contrib layers and modules used
for _n in dir(X):
    if _n.startswith("ICMPExtension"):
        setattr(S, _n, getattr(X, _n))
S.MPLS = M.MPLS
S.struct = struct
S.socket = socket

from vectors_common import write_set

Q = 'bytes(IP(src="192.0.2.1",dst="198.51.100.7",ttl=1,id=0x4242)/UDP(sport=33434,dport=33435))'
QTCP = 'bytes(IP(src="192.0.2.1",dst="198.51.100.7",id=7,flags="DF")/TCP(sport=40000,dport=443,seq=1,flags="S"))'
PAD = Q + '.ljust(128,b"\\0")'


def ext(objs):
    """An RFC 4884 extension structure with its checksum computed over all of it."""
    return ('ICMPExtensionHeader(chksum=checksum(bytes(ICMPExtensionHeader(chksum=0)/%s)))/%s' % (objs, objs))


MPLS1 = 'ICMPExtensionMPLS(stack=[MPLS(label=16000,cos=0,s=1,ttl=1)])'
MPLS2 = 'ICMPExtensionMPLS(stack=[MPLS(label=24001,cos=5,s=0,ttl=254),MPLS(label=1048575,cos=7,s=1,ttl=1)])'
IFINFO = ('ICMPExtensionInterfaceInformation(interface_role=2,has_ifindex=1,has_ipaddr=1,has_ifname=1,has_mtu=1,'
          'ifindex=7,afi=1,ip4="192.0.2.254",ifname_len=8,ifname=b"eth0\\0\\0\\0",mtu=1500)')
IFINFO6 = ('ICMPExtensionInterfaceInformation(interface_role=0,has_ipaddr=1,afi=2,ip6="2001:db8::1")')

entries = [
    # echo (RFC 792)
    ("echo_request", 'ICMP(type=8,id=0x1234,seq=1)/b"abcdefgh"'),
    ("echo_reply", 'ICMP(type=0,id=0x1234,seq=1)/b"abcdefgh"'),
    ("echo_request_empty", 'ICMP(type=8,id=7,seq=9)'),
    ("echo_request_odd", 'ICMP(type=8,id=7,seq=9)/b"abc"'),
    ("echo_request_code3", 'ICMP(type=8,code=3,id=1,seq=0x0100)'),
    ("echo_reply_code1", 'ICMP(type=0,code=1,id=1,seq=2)/b"x"'),
    # errors
    ("unreach_port", 'ICMP(type=3,code=3)/' + Q),
    ("unreach_net", 'ICMP(type=3,code=0)/' + Q),
    ("unreach_frag", 'ICMP(type=3,code=4,nexthopmtu=1400)/' + QTCP),
    ("unreach_frag_mtu0", 'ICMP(type=3,code=4,nexthopmtu=0)/' + QTCP),
    ("unreach_frag_mtu68", 'ICMP(type=3,code=4,nexthopmtu=68)/' + QTCP),
    ("unreach_frag_mtu575", 'ICMP(type=3,code=4,nexthopmtu=575)/' + QTCP),
    ("unreach_frag_mtu576", 'ICMP(type=3,code=4,nexthopmtu=576)/' + QTCP),
    ("unreach_code15", 'ICMP(type=3,code=15)/' + Q),
    ("unreach_code16", 'ICMP(type=3,code=16)/' + Q),
    ("unreach_code255", 'ICMP(type=3,code=255)/' + Q),
    ("source_quench", 'ICMP(type=4)/' + Q),
    ("redirect_host", 'ICMP(type=5,code=1,gw="192.0.2.254")/' + Q),
    ("redirect_code4", 'ICMP(type=5,code=4,gw="192.0.2.254")/' + Q),
    ("time_exceeded", 'ICMP(type=11,code=0)/' + Q),
    ("time_exceeded_reassembly", 'ICMP(type=11,code=1)/' + Q),
    ("time_exceeded_code2", 'ICMP(type=11,code=2)/' + Q),
    ("param_problem", 'ICMP(type=12,code=0,ptr=20)/' + Q),
    ("param_problem_code2", 'ICMP(type=12,code=2,ptr=0)/' + Q),
    ("param_problem_code3", 'ICMP(type=12,code=3,ptr=1)/' + Q),
    # router discovery (RFC 1256)
    ("router_advert", 'ICMP(type=9,unused=0x02020708)/bytes(inet_aton("192.0.2.1")+struct.pack(">i",10)+inet_aton("192.0.2.2")+struct.pack(">i",-1))'),
    ("router_advert_truncated", 'ICMP(type=9,unused=0x03020708)/bytes(inet_aton("192.0.2.1")+struct.pack(">i",10))'),
    ("router_advert_size0", 'ICMP(type=9,unused=0x01000708)/bytes(inet_aton("192.0.2.1")+struct.pack(">i",10))'),
    ("router_advert_huge", 'ICMP(type=9,unused=0xffff0708)/bytes(inet_aton("192.0.2.1")+struct.pack(">i",10))'),
    ("router_solicit", 'ICMP(type=10)'),
    # timestamp (RFC 792), information, address mask (RFC 950)
    ("timestamp", 'ICMP(type=13,id=0x1234,seq=2,ts_ori=43200000,ts_rx=0,ts_tx=0)'),
    ("timestamp_reply", 'ICMP(type=14,id=0x1234,seq=2,ts_ori=43200000,ts_rx=43200001,ts_tx=86399999)'),
    ("timestamp_short", 'bytes(ICMP(type=13,id=1,seq=1,ts_ori=1,ts_rx=2,ts_tx=3))[:16]'),
    ("timestamp_reply_short", 'bytes(ICMP(type=14,id=1,seq=1,ts_ori=1,ts_rx=2,ts_tx=3))[:19]'),
    ("info_request", 'ICMP(type=15,id=5,seq=6)'),
    ("info_reply", 'ICMP(type=16,id=5,seq=6)'),
    ("mask_request", 'ICMP(type=17,id=0x0102,seq=3,addr_mask="0.0.0.0")'),
    ("mask_reply", 'ICMP(type=18,id=0x0102,seq=3,addr_mask="255.255.255.0")'),
    ("mask_reply_short", 'bytes(ICMP(type=18,id=1,seq=1,addr_mask="255.255.0.0"))[:10]'),
    # extended echo (RFC 8335)
    ("xecho_request_index", 'ICMP(type=42,unused=0x12340501)/' + ext('ICMPExtensionObject(classnum=3,classtype=2)/struct.pack(">I",2)')),
    ("xecho_request_name", 'ICMP(type=42,unused=0x12340600)/' + ext('ICMPExtensionObject(classnum=3,classtype=1)/b"eth0"')),
    ("xecho_request_name_pad", 'ICMP(type=42,unused=0x12340700)/' + ext('ICMPExtensionObject(classnum=3,classtype=1)/b"wlan0\\0\\0\\0"')),
    ("xecho_request_addr", 'ICMP(type=42,unused=0x12340800)/' + ext('ICMPExtensionObject(classnum=3,classtype=3)/(b"\\x00\\x01\\x04\\x00"+inet_aton("192.0.2.9"))')),
    ("xecho_request_addr6", 'ICMP(type=42,unused=0x12340900)/' + ext('ICMPExtensionObject(classnum=3,classtype=3)/(b"\\x00\\x02\\x10\\x00"+inet_pton(socket.AF_INET6,"2001:db8::9"))')),
    ("xecho_request_noext", 'ICMP(type=42,unused=0x12340a00)'),
    ("xecho_reply", 'ICMP(type=43,code=0,unused=0x12340546)'),
    ("xecho_reply_code4", 'ICMP(type=43,code=4,unused=0x12340600)'),
    ("xecho_reply_code5", 'ICMP(type=43,code=5,unused=0x12340600)'),
    # RFC 4884 multi-part errors
    ("time_exceeded_mpls", 'ICMP(type=11,length=32)/' + PAD + '/' + ext(MPLS1)),
    ("time_exceeded_mpls2", 'ICMP(type=11,length=32)/' + PAD + '/' + ext(MPLS2)),
    ("time_exceeded_mpls_compat", 'ICMP(type=11,length=0)/' + PAD + '/' + ext(MPLS1)),
    ("time_exceeded_mpls_badsum", 'ICMP(type=11,length=32)/' + PAD + '/ICMPExtensionHeader(chksum=0x1234)/' + MPLS1),
    ("time_exceeded_ext_short_len", 'ICMP(type=11,length=8)/' + PAD + '/' + ext(MPLS1)),
    ("time_exceeded_ext_len0obj", 'ICMP(type=11,length=32)/' + PAD + '/' + ext('ICMPExtensionObject(len=0,classnum=1,classtype=1)/b"\\0\\0\\0\\0"')),
    ("time_exceeded_ext_longobj", 'ICMP(type=11,length=32)/' + PAD + '/' + ext('ICMPExtensionObject(len=64,classnum=1,classtype=1)/b"\\0\\0\\0\\0"')),
    ("time_exceeded_ext_unknown", 'ICMP(type=11,length=32)/' + PAD + '/' + ext('ICMPExtensionObject(classnum=99,classtype=7)/b"abcd"')),
    ("unreach_ifinfo", 'ICMP(type=3,code=3,length=32)/' + PAD + '/' + ext(IFINFO)),
    ("unreach_ifinfo6_mpls", 'ICMP(type=3,code=0,length=32)/' + PAD + '/' + ext(MPLS1.replace('(stack', '(len=8,stack') + '/' + IFINFO6)),
    ("param_problem_mpls", 'ICMP(type=12,code=0,ptr=8,length=32)/' + PAD + '/' + ext(MPLS1)),
    # unknown and deprecated types
    ("unknown_42_short", 'bytes(ICMP(type=42,unused=0x00010100))[:8]'),
    ("unknown_99", 'ICMP(type=99,code=7,unused=0xdeadbeef)/b"payload"'),
    ("unknown_255", 'ICMP(type=255,code=0)'),
    ("unknown_44", 'ICMP(type=44,code=1,unused=1)/b"\\1\\2\\3"'),
    ("alternate_host", 'ICMP(type=6,code=0)/b"\\0\\0\\0\\0"'),
    ("traceroute_30", 'ICMP(type=30,unused=0x00010000)/(b"\\0"*12)'),
    ("photuris", 'ICMP(type=40,code=2)'),
    # bad checksum
    ("echo_request_badsum", 'ICMP(type=8,id=1,seq=1,chksum=0x1234)/b"abcd"'),
    ("echo_request_badsum_odd", 'ICMP(type=8,id=1,seq=1,chksum=0x1234)/b"abc"'),
]

write_set("icmpv4", entries)
