#!/usr/bin/env bash
# Prints tshark's view of an oracle capture as one tab-separated line per frame, for eyeballing
# and for diffing by hand against `icmpkit decode --json FILE`. TsharkOracleTest does the real
# comparison (it reads `tshark -T json`, which keeps outer and quoted headers apart).
#
#   tools/oracle/tshark_fields.sh [FILE]      (default: the committed oracle.pcap)
#
# Repeated fields (the outer and the quoted IP header, icmp.type of a quoted echo) are shown
# joined by '|', outer first. Preferences: no IP reassembly (each packet stands alone, as in
# icmpkit's decoder) and IPv4 header checksum validation on (off by default in tshark).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
file=${1:-$here/../../icmpkit-cli/src/test/resources/oracle/oracle.pcap}
command -v tshark >/dev/null || { echo "tshark not found (apt-get install tshark)" >&2; exit 2; }
fields=(frame.number ip.version ip.src ip.dst ipv6.src ipv6.dst ip.proto ipv6.nxt
        icmp.type icmp.code icmp.checksum.status icmp.ident icmp.seq icmp.mtu icmp.redir_gw icmp.pointer
        icmpv6.type icmpv6.code icmpv6.checksum.status icmpv6.echo.identifier icmpv6.echo.sequence_number
        icmpv6.mtu icmpv6.pointer igmp.type igmp.checksum.status
        udp.srcport udp.dstport tcp.srcport tcp.dstport _ws.malformed _ws.col.Info)
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done
{
  (IFS=$'\t'; echo "${fields[*]}")
  tshark -r "$file" -n -o ip.defragment:FALSE -o ipv6.defragment:FALSE -o ip.check_checksum:TRUE \
    -T fields -E separator=/t -E occurrence=a -E aggregator='|' "${args[@]}" 2>/dev/null
}
