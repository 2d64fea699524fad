"""Golden vectors for IGMP v1/v2/v3 (set "igmp"): the IGMP message alone (the IPv4 payload), plus one
whole datagram. Run with /usr/bin/python3 (Debian scapy)."""
import scapy.all as S
from scapy.contrib.igmp import IGMP
from scapy.contrib.igmpv3 import IGMPv3, IGMPv3mq, IGMPv3mr, IGMPv3gr
from vectors_common import write_set

# write_set evaluates with scapy.all in scope; the contrib layers are not part of it
for cls in (IGMP, IGMPv3, IGMPv3mq, IGMPv3mr, IGMPv3gr):
    setattr(S, cls.__name__, cls)

write_set("igmp", [
    ("v1_query", 'IGMP(type=0x11, mrcode=0, gaddr="0.0.0.0")'),
    ("v2_query_general", 'IGMP(type=0x11, mrcode=100, gaddr="0.0.0.0")'),
    ("v2_query_group", 'IGMP(type=0x11, mrcode=10, gaddr="239.1.1.1")'),
    ("v1_report", 'IGMP(type=0x12, mrcode=0, gaddr="239.1.1.1")'),
    ("v2_report", 'IGMP(type=0x16, mrcode=0, gaddr="239.1.1.1")'),
    ("v2_leave", 'IGMP(type=0x17, mrcode=0, gaddr="239.1.1.1")'),
    ("v3_query_general", 'IGMPv3(mrcode=100)/IGMPv3mq(qrv=2, qqic=125)'),
    ("v3_query_gss", 'IGMPv3(mrcode=150)/IGMPv3mq(gaddr="239.1.2.3", s=1, qrv=2, qqic=200, srcaddrs=["10.0.0.1", "10.0.0.2"])'),
    ("v3_report_join_any", 'IGMPv3()/IGMPv3mr(records=[IGMPv3gr(rtype=4, maddr="239.1.2.3")])'),
    ("v3_report_leave", 'IGMPv3()/IGMPv3mr(records=[IGMPv3gr(rtype=3, maddr="239.1.2.3")])'),
    ("v3_report_multi", 'IGMPv3()/IGMPv3mr(records=[IGMPv3gr(rtype=1, maddr="239.1.2.3", srcaddrs=["10.0.0.1", "10.0.0.2"]), IGMPv3gr(rtype=5, maddr="239.1.2.4", srcaddrs=["10.0.0.3"]), IGMPv3gr(rtype=6, maddr="239.9.9.9", srcaddrs=["10.0.0.2"]), IGMPv3gr(rtype=2, maddr="239.1.2.5", srcaddrs=["10.0.0.9"])])'),
    ("v3_report_aux", 'IGMPv3()/IGMPv3mr(records=[IGMPv3gr(rtype=1, auxdlen=1, maddr="239.1.2.3", srcaddrs=["10.0.0.1"])/Raw(b"\\x01\\x02\\x03\\x04")])'),
    ("unknown_dvmrp", 'IGMP(type=0x13, mrcode=3, gaddr="0.0.0.0")'),
    ("unknown_99", 'IGMP(type=0x99, mrcode=0, gaddr="1.2.3.4")/b"\\xaa\\xbb\\xcc\\xdd"'),
    # a whole datagram as a host sends a v3 join (IP Router Alert option, TTL 1)
    ("ip_v3_join", 'IP(src="192.0.2.10", dst="224.0.0.22", ttl=1, tos=0xc0, id=0, options=[IPOption_Router_Alert()])/IGMPv3()/IGMPv3mr(records=[IGMPv3gr(rtype=4, maddr="239.1.2.3")])'),
])
