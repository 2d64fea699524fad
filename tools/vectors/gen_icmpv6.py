"""Golden ICMPv6 / NDP / MLD vectors (set "icmpv6"): full IPv6 packets built by Scapy, so the
checksum is right; tests slice off the 40-byte IPv6 header. Also writes icmpv6_tshark.tsv, the
tshark Info column of each vector (name<TAB>info), which the summary tests compare against.
Run with /usr/bin/python3 (Debian's, which has scapy)."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from vectors_common import write_set, OUT_DIR  # noqa: E402

S6 = 'IPv6(src="fe80::1", dst="fe80::2")'
G6 = 'IPv6(src="2001:db8::1", dst="2001:db8::2")'
Q6 = 'IPv6(src="2001:db8::2", dst="2001:db8::9", hlim=1)/UDP(sport=40000, dport=33434)/Raw(b"probe")'
LL = '"00:11:22:33:44:55"'

E = [
    # echo
    ("echo_request", G6 + '/ICMPv6EchoRequest(id=0x1234, seq=1, data=b"abcdefgh")'),
    ("echo_reply", G6 + '/ICMPv6EchoReply(id=0x1234, seq=1, data=b"abcdefgh")'),
    ("echo_request_empty", G6 + '/ICMPv6EchoRequest(id=0xffff, seq=65535)'),
    ("echo_request_code3", G6 + '/ICMPv6EchoRequest(code=3, id=1, seq=2)'),
    # errors
    ("dest_unreach_port", G6 + '/ICMPv6DestUnreach(code=4)/' + Q6),
    ("dest_unreach_noroute", G6 + '/ICMPv6DestUnreach(code=0)/' + Q6),
    ("dest_unreach_code9", G6 + '/ICMPv6DestUnreach(code=9)/' + Q6),
    ("packet_too_big", G6 + '/ICMPv6PacketTooBig(mtu=1280)/' + Q6),
    ("packet_too_big_small", G6 + '/ICMPv6PacketTooBig(mtu=576)/' + Q6),
    ("time_exceeded", G6 + '/ICMPv6TimeExceeded(code=0)/' + Q6),
    ("time_exceeded_reass", G6 + '/ICMPv6TimeExceeded(code=1)/' + Q6),
    ("param_problem", G6 + '/ICMPv6ParamProblem(code=1, ptr=6)/' + Q6),
    ("param_problem_code10", G6 + '/ICMPv6ParamProblem(code=10, ptr=40)/' + Q6),
    # RFC 4884: length 16 words (128 bytes of original datagram) then an extension structure
    # (version 2, checksum, one MPLS label stack object (RFC 4950): label 16000, S, TTL 1)
    ("dest_unreach_4884", G6 + '/ICMPv6DestUnreach(code=4, length=16)/Raw(bytes(IPv6(src="2001:db8::2", dst="2001:db8::9")/UDP(sport=40000, dport=33434)/Raw(b"x"*80)))/Raw(bytes.fromhex("2000da0d0008010103e80101"))'),
    ("time_exceeded_4884", G6 + '/ICMPv6TimeExceeded(code=0, length=16)/Raw(bytes(IPv6(src="2001:db8::2", dst="2001:db8::9")/UDP(sport=40000, dport=33434)/Raw(b"x"*80)))/Raw(bytes.fromhex("2000da0d0008010103e80101"))'),
    # extended echo (RFC 8335): scapy 2.5 has no layer for it; ICMPv6Unknown computes the checksum
    ("ext_echo_request", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6Unknown(type=160, code=0, msgbody=bytes.fromhex("12340101" "2000dcf4" "00080302" "00000001"))'),
    ("ext_echo_reply", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6Unknown(type=161, code=0, msgbody=bytes.fromhex("123401a6"))'),
    ("ext_echo_reply_nosuch", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6Unknown(type=161, code=2, msgbody=bytes.fromhex("123402a0"))'),
    # unknown / unmodelled types
    ("unknown_99", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6Unknown(type=99, code=3, msgbody=bytes.fromhex("01020304"))'),
    ("private_200", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6Unknown(type=200, code=0, msgbody=bytes.fromhex("aabbccdd"))'),
    ("unknown_short", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6Unknown(type=99, code=0, msgbody=bytes.fromhex("ab"))'),
    ("inverse_nd", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6Unknown(type=141, code=0, msgbody=bytes.fromhex("00000000"))'),
    # NDP
    ("rs", 'IPv6(src="fe80::1", dst="ff02::2", hlim=255)/ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr=' + LL + ')'),
    ("rs_bare", 'IPv6(src="fe80::1", dst="ff02::2", hlim=255)/ICMPv6ND_RS()'),
    ("rs_reserved", 'IPv6(src="fe80::1", dst="ff02::2", hlim=255)/ICMPv6ND_RS(res=7)'),
    ("ra", 'IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA(chlim=64, M=1, O=1, routerlifetime=1800, reachabletime=30000, retranstimer=1000)'
           '/ICMPv6NDOptSrcLLAddr(lladdr=' + LL + ')/ICMPv6NDOptMTU(mtu=1500)'
           '/ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64, L=1, A=1, validlifetime=86400, preferredlifetime=14400)'),
    ("ra_dns", 'IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA(chlim=64, H=1, prf=1, P=1, routerlifetime=0)'
               '/ICMPv6NDOptRDNSS(dns=["2001:db8::53", "2001:db8::54"], lifetime=600)'
               '/ICMPv6NDOptDNSSL(searchlist=["example.com", "lab.example.org"], lifetime=600)'
               '/ICMPv6NDOptRouteInfo(prefix="2001:db8:1::", plen=48, prf=3, rtlifetime=100)'
               '/ICMPv6NDOptRouteInfo(prefix="::", plen=0, rtlifetime=200)'
               '/ICMPv6NDOptRouteInfo(prefix="2001:db8:2:3:4::", plen=80, rtlifetime=300)'),
    ("ra_badcode", 'IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA(code=1, reachabletime=4000000)'),
    ("ra_rdnss_even", 'IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA()'
                      '/Raw(bytes.fromhex("1904000000000258") + bytes(range(24)))'),
    ("ra_zero_len_opt", 'IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA()/Raw(bytes.fromhex("0500000005dc0000"))'),
    ("ra_stray_byte", 'IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA()/ICMPv6NDOptMTU(mtu=1500)/Raw(b"\\x01")'),
    ("ra_unknown_opt", 'IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA()/Raw(bytes.fromhex("fe01aabbccddeeff"))/Raw(bytes.fromhex("0e01010203040506"))'),
    ("ns", 'IPv6(src="fe80::1", dst="ff02::1:ff00:1", hlim=255)/ICMPv6ND_NS(tgt="fe80::1")/ICMPv6NDOptSrcLLAddr(lladdr=' + LL + ')'),
    ("ns_dad", 'IPv6(src="::", dst="ff02::1:ff00:1", hlim=255)/ICMPv6ND_NS(tgt="fe80::1")'),
    ("ns_short", 'IPv6(src="fe80::1", dst="ff02::1:ff00:1", hlim=255)/ICMPv6Unknown(type=135, code=0, msgbody=bytes(ICMPv6ND_NS(tgt="fe80::1"))[4:20])'),
    ("na", 'IPv6(src="fe80::1", dst="fe80::2", hlim=255)/ICMPv6ND_NA(tgt="fe80::1", R=1, S=1, O=1)/ICMPv6NDOptDstLLAddr(lladdr=' + LL + ')'),
    ("na_sol", 'IPv6(src="fe80::1", dst="fe80::2", hlim=255)/ICMPv6ND_NA(tgt="2001:db8::1", R=0, S=1, O=0)'),
    ("na_none", 'IPv6(src="fe80::1", dst="fe80::2", hlim=255)/ICMPv6ND_NA(tgt="fe80::1", R=0, S=0, O=0)'),
    ("redirect", 'IPv6(src="fe80::1", dst="fe80::2", hlim=255)/ICMPv6ND_Redirect(tgt="fe80::3", dst="2001:db8::9")'
                 '/ICMPv6NDOptDstLLAddr(lladdr=' + LL + ')/ICMPv6NDOptRedirectedHdr(pkt=IPv6(src="2001:db8::2", dst="2001:db8::9")/UDP(sport=1, dport=2))'),
    # MLD
    ("mld_query", 'IPv6(src="fe80::1", dst="ff02::1", hlim=1)/ICMPv6MLQuery(mladdr="::", mrd=10000)'),
    ("mld_query_specific", 'IPv6(src="fe80::1", dst="ff02::1:3", hlim=1)/ICMPv6MLQuery(mladdr="ff02::1:3", mrd=1000)'),
    ("mld_report", 'IPv6(src="fe80::1", dst="ff02::1:3", hlim=1)/ICMPv6MLReport(mladdr="ff02::1:3")'),
    ("mld_done", 'IPv6(src="fe80::1", dst="ff02::2", hlim=1)/ICMPv6MLDone(mladdr="ff02::1:3")'),
    ("mld2_query", 'IPv6(src="fe80::1", dst="ff02::1", hlim=1)/ICMPv6MLQuery2(mladdr="ff02::1:3", mrd=10000, S=1, QRV=2, QQIC=125, sources=["2001:db8::1", "2001:db8::2"])'),
    ("mld2_query_general", 'IPv6(src="fe80::1", dst="ff02::1", hlim=1)/ICMPv6MLQuery2(mrd=10000, QRV=2, QQIC=125)'),
    ("mld2_report", 'IPv6(src="fe80::1", dst="ff02::16", hlim=1)/ICMPv6MLReport2(records=['
                    'ICMPv6MLDMultAddrRec(rtype=4, dst="ff02::1:3"),'
                    'ICMPv6MLDMultAddrRec(rtype=1, dst="ff05::fb", sources=["2001:db8::1", "2001:db8::2"], auxdata_len=1, auxdata=b"\\xde\\xad\\xbe\\xef")])'),
    # node information (RFC 4620)
    ("ni_query", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6NIQueryName(data="example.com", nonce=b"\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08")'),
    ("ni_reply", 'IPv6(src="fe80::1", dst="fe80::2")/ICMPv6NIReplyName(data="example.com", nonce=b"\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08")'),
]


def tshark_infos(entries):
    import scapy.all as S
    env = {k: getattr(S, k) for k in dir(S) if not k.startswith("_")}
    pkts = [S.Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / eval(expr, env) for _, expr in entries]
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "v.pcap")
        S.wrpcap(f, pkts)
        out = subprocess.run(["tshark", "-r", f, "-T", "fields", "-e", "_ws.col.Info"],
                             capture_output=True, text=True, check=True).stdout
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == len(entries), (len(lines), len(entries))
    path = os.path.join(OUT_DIR, "icmpv6_tshark.tsv")
    with open(path, "w") as f:
        f.write("# tshark Info column of each icmpv6 vector, by tools/vectors/gen_icmpv6.py -- do not edit\n")
        for (name, _), info in zip(entries, lines):
            f.write("%s\t%s\n" % (name, info))


if __name__ == "__main__":
    write_set("icmpv6", E)
    tshark_infos(E)
