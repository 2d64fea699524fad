#!/usr/bin/env bash
# icmpkit sweep vs fping (and zmap when installed) on the same range, side by side in one run
# (figures for docs/BENCHMARKS.md, section (i)): wall time, packets per second, CPU, peak memory, and how many
# hosts each found alive.
#
#   tools/bench/sweep_vs_fping.sh [PREFIX] [RATE]     default 10.203.0.0/16 at 50000 pps
#
# Topology (network namespaces, deleted at the end): client - router - target; the target owns
# all of 10.203.0.0/16 through a local route on lo; the router blackholes 10.203.8.0/23 (no
# answer) and rejects 10.203.10.0/23 with host unreachable (nftables). PREFIX must be inside
# 10.203.0.0/16: no traffic leaves the namespaces. Needs root, fping, /usr/bin/time, nft;
# zmap optional (apt-get install -y zmap). Every tool runs under `timeout`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prefix="${1:-10.203.0.0/16}"
rate="${2:-50000}"
case "$prefix" in 10.203.*/1[6-9]|10.203.*/2[0-9]|10.203.*/3[0-2]) ;; *)
  echo "sweep_vs_fping: PREFIX must be inside 10.203.0.0/16" >&2; exit 2;; esac
[ "$(id -u)" = 0 ] || { echo "sweep_vs_fping: needs root (network namespaces)" >&2; exit 2; }
for c in fping /usr/bin/time nft ip; do
  command -v "$c" >/dev/null || { echo "sweep_vs_fping: $c not found" >&2; exit 2; }
done

# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
tag="iks-$$"
c="$tag-c"; r="$tag-r"; t="$tag-t"
cleanup() { for n in "$c" "$r" "$t"; do ip netns del "$n" 2>/dev/null || true; done; }
trap cleanup EXIT
for n in "$c" "$r" "$t"; do
  ip netns add "$n"
  ip -n "$n" link set lo up
  ip netns exec "$n" sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0 \
    net.ipv4.icmp_msgs_per_sec=10000000 net.ipv4.icmp_msgs_burst=10000000 \
    "net.ipv4.ping_group_range=0 2147483647" >/dev/null
done
ip link add veth1a netns "$c" type veth peer name veth1b netns "$r"
ip link add veth2a netns "$r" type veth peer name veth2b netns "$t"
ip -n "$c" addr add 10.200.1.1/24 dev veth1a; ip -n "$c" link set veth1a up
ip -n "$r" addr add 10.200.1.2/24 dev veth1b; ip -n "$r" link set veth1b up
ip -n "$r" addr add 10.200.2.1/24 dev veth2a; ip -n "$r" link set veth2a up
ip -n "$t" addr add 10.200.2.2/24 dev veth2b; ip -n "$t" link set veth2b up
ip -n "$t" route add local 10.203.0.0/16 dev lo
ip -n "$t" route add 10.200.1.0/24 via 10.200.2.1
ip -n "$r" route add 10.203.0.0/16 via 10.200.2.2
ip -n "$r" route add blackhole 10.203.8.0/23
ip netns exec "$r" nft "add table ip sweep; add chain ip sweep fw { type filter hook forward priority 0; }; add rule ip sweep fw ip daddr 10.203.10.0/23 reject with icmp type host-unreachable"
ip -n "$c" route add 10.203.0.0/16 via 10.200.1.2
ip netns exec "$c" ping -c 1 -W 1 10.200.1.2 >/dev/null   # fills the neighbour cache (zmap needs the MAC)

"$root/icmpkit" --version >/dev/null   # builds the jar (and its start-up cache) outside the timings
out="$(mktemp -d)"
measure() { # name command...: runs in the client namespace under /usr/bin/time
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  local rc=0
  timeout 600 /usr/bin/time -f "%U %S %M" -o "$out/$name.time" ip netns exec "$c" "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
  end=$(date +%s.%N)
  echo "$start $end $rc" >"$out/$name.wall"
}
row() { # name alive-count packets
  local name="$1" alive="$2" packets="$3"
  read -r s e rc <"$out/$name.wall"; read -r u sy m < <(tail -n 1 "$out/$name.time")
  awk -v n="$name" -v s="$s" -v e="$e" -v u="$u" -v sy="$sy" -v m="$m" -v a="$alive" -v p="$packets" -v rc="$rc" \
    'BEGIN { w = e - s; printf "| %-10s | %8.2f | %9.0f | %6.2f | %8.1f | %7d | %4d |\n", n, w, p / w, u + sy, m / 1024, a, rc }'
}

total=$(python3 -c "import ipaddress,sys; print(ipaddress.ip_network(sys.argv[1]).num_addresses)" "$prefix")
echo "range $prefix ($total addresses), rate $rate pps, retries 0, timeout 1 s"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 || true); $(fping -v 2>&1 | head -1)"
echo
echo "| tool       | wall s   | probes/s  | CPU s  | peak MiB | alive   | exit |"
echo "|------------|----------|-----------|--------|----------|---------|------|"
measure icmpkit "$root/icmpkit" sweep -a -s -r 0 -t 1000 --rate "$rate" "$prefix"
row icmpkit "$(wc -l <"$out/icmpkit.out")" "$total"
# the same with C1 only: the JIT's C2 threads compete with the sender for the 2 cores
JAVA_TOOL_OPTIONS="-XX:TieredStopAtLevel=1" measure icmpkit-c1 "$root/icmpkit" sweep -a -s -r 0 \
  -t 1000 --rate "$rate" "$prefix"
row icmpkit-c1 "$(wc -l <"$out/icmpkit-c1.out")" "$total"
[ "${ONLY_ICMPKIT:-0}" = 1 ] && { sed 's/^/    /' "$out/icmpkit.err"; exit 0; }
# fping: -i 0 (no pause between targets), -r 0, -t 1000 ms; -g PREFIX excludes the network and
# broadcast addresses, so fping gets the same addresses as a range
first=$(python3 -c "import ipaddress,sys; n=ipaddress.ip_network(sys.argv[1]); print(n[0], n[-1])" "$prefix")
# shellcheck disable=SC2086
measure fping fping -a -q -r 0 -t 1000 -i 0 -g $first
row fping "$(wc -l <"$out/fping.out")" "$total"
if [ "$total" -gt 65535 ]; then
  # what an fping user does instead: the range in two halves, two fping processes at once
  read -r a0 a1 b0 b1 < <(python3 -c "import ipaddress,sys; n=ipaddress.ip_network(sys.argv[1]); \
h=list(n.subnets(1)); print(h[0][0], h[0][-1], h[1][0], h[1][-1])" "$prefix")
  measure fping-2x sh -c "fping -a -q -r 0 -t 1000 -i 0 -g $a0 $a1 & \
fping -a -q -r 0 -t 1000 -i 0 -g $b0 $b1; wait"
  row fping-2x "$(wc -l <"$out/fping-2x.out")" "$total"
fi
if command -v zmap >/dev/null; then
  : >"$out/blocklist"
  gw=$(ip -n "$c" neigh show 10.200.1.2 | awk '{print $5}')
  measure zmap zmap -q -M icmp_echoscan -i veth1a -S 10.200.1.1 -G "$gw" -r "$rate" \
    -b "$out/blocklist" -c 1 -o - "$prefix"
  row zmap "$(sort -u "$out/zmap.out" | grep -c . || true)" "$total"
fi
echo
echo "icmpkit summary:"; sed 's/^/    /' "$out/icmpkit.err"
# fping 5.1 has 65 535 sequence numbers: on a /16 it stops with "not enough sequence numbers
# available" (exit 4) before its timeout, so its time is not that of a finished sweep
if [ -s "$out/fping.err" ]; then echo "fping stderr (tail):"; tail -n 2 "$out/fping.err" | sed 's/^/    /'; fi
if [ -s "$out/zmap.err" ]; then echo "zmap stderr (tail):"; tail -n 3 "$out/zmap.err" | sed 's/^/    /'; fi
rm -rf "$out"
