#!/usr/bin/env bash
# The highest rate each sweeper sustains without losing a reply: icmpkit sweep and zmap, run
# alternately on the same namespaces at 50k..500k pps and unpaced, 2 runs per rate and tool
# (docs/BENCHMARKS.md, section (i)).
#
#   tools/bench/sweep_max_rate.sh [PREFIX] [LAYOUT]      default 10.203.0.0/16 start
#
# A rate counts for a tool only if both of its runs found exactly the expected alive hosts.
# "max" = unpaced: icmpkit --rate 10000000 (its upper bound), zmap -B 10G (its documented rate
# override; far above what veth carries here). Topology and layouts: tools/bench/sweep_topology.sh.
# Needs root, zmap, nft, /usr/bin/time; takes /tmp/icmpkit-bench.lock itself (after building the
# jar); each run under `timeout 20`, and the script stops starting runs after 150 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=sweep_topology.sh
. "$root/tools/bench/sweep_topology.sh"
prefix="${1:-10.203.0.0/16}"
layout="${2:-${LAYOUT:-start}}"
rates=(${RATES:-50000 100000 150000 200000 300000 500000 max})
sweep_check_prefix "$prefix" || exit 2
sweep_check_layout "$layout" || exit 2
sweep_bench_start "zmap" "$0" "$@"
sweep_topology_up "$prefix" "$layout"
sweep_expect "$prefix"
: >"$out/blocklist"
deadline=$((SECONDS + 150))

echo "$(date -u +%F) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); icmpkit $(git -C "$root" rev-parse --short HEAD); $(zmap --version)"
sweep_print_expect "$prefix" "$layout"
echo "one probe per address, no retries, 1 s timeout/cooldown; 2 runs per rate, icmpkit and zmap alternately"
echo
echo "| rate | tool    | wall s | sent pps | alive     | lost   |"
echo "|------|---------|-------:|---------:|----------:|-------:|"
declare -A exact
done_rates=()
one_run() { # TOOL RATE RUN
  local tool="$1" rate="$2" name="$1-$2-$3" pps wall alive lost
  if [ "$tool" = icmpkit ]; then
    measure "$name" 20 "$root/icmpkit" sweep -a -s -r 0 -t 1000 --rate "${rate/max/10000000}" "$prefix"
    pps=$(icmpkit_send_pps "$name" 1)
  elif [ "$rate" = max ]; then
    measure "$name" 20 zmap -q -v 5 -M icmp_echoscan -i veth1a -S 10.200.1.1 -G "$gw" -B 10G \
      -b "$out/blocklist" -c 1 -o - "$prefix"
    pps=$(zmap_send_pps "$name" "$total")
  else
    measure "$name" 20 zmap -q -v 5 -M icmp_echoscan -i veth1a -S 10.200.1.1 -G "$gw" -r "$rate" \
      -b "$out/blocklist" -c 1 -o - "$prefix"
    pps=$(zmap_send_pps "$name" "$total")
  fi
  alive=$(alive_of "$name")
  lost=$((expect_alive - alive))
  wall=$(awk '{ printf "%.2f", $2 - $1 }' "$out/$name.wall")
  printf "| %-4s | %-7s | %6s | %8s | %9d | %6d |\n" "$(rate_label "$rate")" "$tool" "$wall" "$pps" "$alive" "$lost"
  [ "$lost" = 0 ] || exact["$tool-$rate"]=no
}
stopped=""
for rate in "${rates[@]}"; do
  for run in 1 2; do
    if [ "$SECONDS" -ge "$deadline" ]; then stopped="$rate"; break 2; fi
    one_run icmpkit "$rate" "$run"
    one_run zmap "$rate" "$run"
  done
  done_rates+=("$rate")
done
echo
[ -n "$stopped" ] && echo "stopped before rate $stopped: the script's 150 s budget ran out"
for tool in icmpkit zmap; do
  best="none"
  for rate in "${done_rates[@]}"; do
    [ -z "${exact[$tool-$rate]:-}" ] && best="$(rate_label "$rate")"
  done
  echo "highest rate with no reply lost (both runs exact), $tool: $best"
done
