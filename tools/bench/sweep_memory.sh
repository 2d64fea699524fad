#!/usr/bin/env bash
# Is the sweep's memory flat in the size of the range? Peak RSS of icmpkit sweep (default heap,
# and with the heap capped at 32 MiB) and of zmap for a /20, a /16 and a /12 (docs/BENCHMARKS.md,
# section (i)).
#
#   tools/bench/sweep_memory.sh [RATE] [LAYOUT]      default 300000 pps, layout start
#
# Ranges: 10.203.0.0/20, 10.203.0.0/16, 10.16.0.0/12 (1 048 576 addresses), each in fresh
# namespaces (tools/bench/sweep_topology.sh). icmpkit's sender is CPU-bound below RATE on 2 cores,
# so the /12 takes ~15 s per icmpkit row. Needs root, zmap, nft, /usr/bin/time; takes
# /tmp/icmpkit-bench.lock itself (after building the jar); every run under `timeout 60`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=sweep_topology.sh
. "$root/tools/bench/sweep_topology.sh"
rate="${1:-300000}"
layout="${2:-${LAYOUT:-start}}"
sweep_check_layout "$layout" || exit 2
sweep_bench_start "zmap" "$0" "$@"
: >"$out/blocklist"

echo "$(date -u +%F) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); icmpkit $(git -C "$root" rev-parse --short HEAD); $(zmap --version)"
echo "one probe per address, no retries, 1 s timeout/cooldown, RATE $rate pps, layout $layout (1/128 blackholed, 1/128 rejected)"
echo
echo "| range         | addresses | tool           | wall s | peak MiB | alive     | missed |"
echo "|---------------|----------:|----------------|-------:|---------:|----------:|-------:|"
for prefix in 10.203.0.0/20 10.203.0.0/16 10.16.0.0/12; do
  sweep_topology_up "$prefix" "$layout"
  sweep_expect "$prefix"
  for tool in icmpkit icmpkit-xmx32m zmap; do
    name="$tool-${prefix//[.\/]/_}"
    case "$tool" in
      icmpkit) measure "$name" 60 "$root/icmpkit" sweep -a -s -r 0 -t 1000 --rate "$rate" "$prefix";;
      icmpkit-xmx32m) JAVA_TOOL_OPTIONS="-Xmx32m" \
        measure "$name" 60 "$root/icmpkit" sweep -a -s -r 0 -t 1000 --rate "$rate" "$prefix";;
      zmap) measure "$name" 60 zmap -q -M icmp_echoscan -i veth1a -S 10.200.1.1 -G "$gw" -r "$rate" \
        -b "$out/blocklist" -c 1 -o - "$prefix";;
    esac
    alive=$(alive_of "$name")
    read -r s e rc <"$out/$name.wall"
    read -r _ _ m < <(tail -n 1 "$out/$name.time" 2>/dev/null || echo "0 0 0")
    awk -v p="$prefix" -v t="$total" -v n="$tool" -v s="$s" -v e="$e" -v m="$m" -v a="$alive" \
      -v x="$expect_alive" -v rc="$rc" 'BEGIN { printf "| %-13s | %9d | %-14s | %6.2f | %8.1f | %9d | %6d |%s\n",
        p, t, n, e - s, m / 1024, a, x - a, (rc == 124 ? " timed out" : "") }'
  done
  sweep_topology_down
done
