#!/usr/bin/env bash
# icmpkit sweep vs fping and zmap on the same range, side by side in one run (figures for
# docs/BENCHMARKS.md, section (i)): wall time, packets per second, CPU, peak memory, and how many
# hosts each found alive against the exact expected count.
#
#   tools/bench/sweep_vs_fping.sh [PREFIX] [RATE] [LAYOUT]
#       PREFIX  default 10.203.0.0/16; any /9../21 inside 10.0.0.0/8 clear of 10.200.1.0/24 and
#               10.200.2.0/24 (e.g. 10.16.0.0/12)
#       RATE    pps for the paced rows, default 50000
#       LAYOUT  start (default), end or spread (also from the LAYOUT environment variable): where
#               the blackholed and rejected blocks are, see tools/bench/sweep_topology.sh
#
# Rows: icmpkit at RATE (C1 only, the launcher's choice for sweep), the same with C1 + C2,
# icmpkit unpaced (--rate 10000000); fping (one process; skipped above 131 072 addresses) and
# fping-2x (two processes on the two halves, for 65 536..131 072 addresses: fping 5.1 has 65 535
# sequence numbers per process); zmap at RATE and
# zmap unpaced (-B 10G: zmap's documented rate override; -r 0 measured the same, it only skips the
# pacing loop). Needs root, fping, zmap, nft, /usr/bin/time. Takes /tmp/icmpkit-bench.lock itself
# (after building the jar). Every tool runs under `timeout`; all traffic stays in namespaces the
# script creates and deletes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=sweep_topology.sh
. "$root/tools/bench/sweep_topology.sh"
prefix="${1:-10.203.0.0/16}"
rate="${2:-50000}"
layout="${3:-${LAYOUT:-start}}"
sweep_check_prefix "$prefix" || exit 2
sweep_check_layout "$layout" || exit 2
sweep_bench_start "fping zmap" "$0" "$@"
sweep_topology_up "$prefix" "$layout"
sweep_expect "$prefix"
# a row's time limit: 3 x the paced send time, plus start-up and the 1 s timeout
limit=$((3 * total / rate + 10))

echo "$(date -u +%F) $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); icmpkit $(git -C "$root" rev-parse --short HEAD)"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(fping -v 2>&1 | head -1); $(zmap --version)"
sweep_print_expect "$prefix" "$layout"
echo "one probe per address, no retries, 1 s timeout/cooldown; RATE $rate pps; max = unpaced"
echo
row_header
sweep_icmpkit() { # NAME RATE_ARG
  measure "$1" "$limit" "$root/icmpkit" sweep -a -s -r 0 -t 1000 --rate "$2" "$prefix"
  row "$1" "$3" "$(icmpkit_send_pps "$1" 1)" "$(alive_of "$1")"
}
sweep_icmpkit icmpkit "$rate" "$(rate_label "$rate")"
# the launcher runs sweep with C1 only (the C2 thread competes with the sender for the 2 cores);
# this row is C1 + C2, its default until 2026-11-23 (rows named icmpkit-c1 before were C1 only)
ICMPKIT_JAVA_OPTS="-XX:TieredStopAtLevel=4" sweep_icmpkit icmpkit-c2 "$rate" "$(rate_label "$rate")"
sweep_icmpkit icmpkit-max 10000000 max
if [ "$total" -le 131072 ]; then
  # -i 0 (no pause between targets), -r 0, -t 1000 ms; -g FIRST LAST: the same addresses as the
  # others (-g with a prefix skips the network and broadcast addresses)
  read -r first last < <(python3 -c "import ipaddress,sys; n=ipaddress.ip_network(sys.argv[1]); print(n[0], n[-1])" "$prefix")
  measure fping "$limit" fping -a -q -r 0 -t 1000 -i 0 -g "$first" "$last"
  row fping "-" "-" "$(alive_of fping)"
  if [ "$total" -gt 65535 ]; then
    # what an fping user does instead: the two halves of the range in two processes at once
    read -r a0 a1 b0 b1 < <(python3 -c "import ipaddress,sys; n=ipaddress.ip_network(sys.argv[1]); \
h=list(n.subnets(1)); print(h[0][0], h[0][-1], h[1][0], h[1][-1])" "$prefix")
    measure fping-2x "$limit" sh -c "fping -a -q -r 0 -t 1000 -i 0 -g $a0 $a1 & \
fping -a -q -r 0 -t 1000 -i 0 -g $b0 $b1; wait"
    row fping-2x "-" "-" "$(alive_of fping-2x)"
  fi
fi
: >"$out/blocklist"
sweep_zmap() { # NAME RATE_LABEL RATE_ARGS...
  local name="$1" label="$2"; shift 2
  measure "$name" "$limit" zmap -q -v 5 -M icmp_echoscan -i veth1a -S 10.200.1.1 -G "$gw" "$@" \
    -b "$out/blocklist" -c 1 -o - "$prefix"
  row "$name" "$label" "$(zmap_send_pps "$name" "$total")" "$(alive_of "$name")"
}
sweep_zmap zmap "$(rate_label "$rate")" -r "$rate"
sweep_zmap zmap-max max -B 10G
# the library in a long-lived JVM (a service re-sweeping its networks): no start-up, JIT warm
timeout "$((3 * limit))" ip netns exec "$c" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -XX:+UseSerialGC -cp "$root/icmpkit-cli/target/icmpkit.jar" \
  io.icmpkit.engine.sweep.examples.SweepExample --repeat 3 --rate 10000000 "$prefix" >"$out/lib.out" 2>&1 || true
echo
echo "library, warm JVM (SweepExample: 3 unpaced sweeps in one process, start to last result):"
sed 's/^/    /' "$out/lib.out"
echo
[ "$total" -gt 131072 ] && echo "fping skipped: $total addresses; fping 5.1 has 65 535 sequence numbers per process (two processes cover 131 072 at most)"
echo "send pps: icmpkit = sent / (elapsed - 1 s cooldown) from its -s summary; zmap = probes / its send thread's time (log)"
echo "exit: icmpkit and fping 1 = some targets unreachable (expected); fping 4 = it gave up; TIME = killed by timeout"
echo "icmpkit summary (row icmpkit):"; grep -v '^$' "$out/icmpkit.err" | sed 's/^/    /'
if [ -s "$out/fping.err" ]; then echo "fping stderr (tail):"; tail -n 2 "$out/fping.err" | sed 's/^/    /'; fi
