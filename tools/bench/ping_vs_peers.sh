#!/usr/bin/env bash
# Ping engine vs its peers in one run (figures in docs/BENCHMARKS.md, section (f)): RTT accuracy (icmpkit vs
# iputils ping at the same time, on a namespace path and on loopback), flood replies/s (Pinger
# flood vs ping -f), and N targets pinged once each (one Pinger vs fping -c 1 over the same list).
#
#   tools/bench/ping_vs_peers.sh [PART...]        parts: rtt flood many cli (default: rtt flood many)
#   RTT_COUNT=500 FLOOD_COUNT=100000 TARGETS=10000 tools/bench/ping_vs_peers.sh
#
# cli: `./icmpkit ping -f -q -c CLI_COUNT 127.0.0.1` (the launcher: JVM start, AOT cache, C2) and
# `ping -f -q -c CLI_COUNT 127.0.0.1` alternately, CLI_ROUNDS (3) rounds of CLI_COUNT (200000)
# probes on this host's loopback; each line: replies, the tool's own `time`, wall, rtt summary.
#
# Needs root (namespaces), iputils-ping, fping and /usr/bin/time (apt-get install -y iputils-ping
# fping time). All traffic stays inside the fixture's network namespaces (deleted at the end).
# Bounded: counts are capped (RTT 10,000, flood 1,000,000, targets 16,000), every tool runs
# under `timeout`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for c in ping fping /usr/bin/time; do
  command -v "$c" >/dev/null || { echo "ping_vs_peers: $c not found" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "ping_vs_peers: needs root (network namespaces)" >&2; exit 2; }

# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
buildlog="$(mktemp)"
if ! (cd "$root" && { mvn -B -q -o -Pfast -pl icmpkit-engine -am test-compile \
  || mvn -B -q -Pfast -pl icmpkit-engine -am test-compile; }) >"$buildlog" 2>&1; then
  cat "$buildlog" >&2; rm -f "$buildlog"; echo "ping_vs_peers: build failed" >&2; exit 1
fi
rm -f "$buildlog"
cp="$root/icmpkit-engine/target/classes:$root/icmpkit-engine/target/test-classes"
for m in socket wire native testing; do cp="$cp:$root/icmpkit-$m/target/classes"; done

echo "java:  $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "ping:  $(ping -V 2>&1 | head -1); fping: $(fping -v 2>&1 | head -1)"
parts=() cli=0
for a in "$@"; do if [ "$a" = cli ]; then cli=1; else parts+=("$a"); fi; done
if [ "$cli" = 0 ] || [ "${#parts[@]}" -gt 0 ]; then
  timeout 900 "$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
    -Drtt.count="${RTT_COUNT:-500}" -Dflood.count="${FLOOD_COUNT:-100000}" \
    -Dmany.targets="${TARGETS:-10000}" -cp "$cp" io.icmpkit.engine.ping.PingBench "${parts[@]}"
fi
if [ "$cli" = 1 ]; then
  n=$(( ${CLI_COUNT:-200000} > 1000000 ? 1000000 : ${CLI_COUNT:-200000} ))
  "$root/icmpkit" --version >/dev/null # builds the jar and trains the AOT cache outside the timing
  one() { # label, command...: one flood, summarised
    local label=$1 s e out; shift
    s=$(date +%s%N); out=$(timeout 120 "$@" 2>&1 || true); e=$(date +%s%N)
    echo "RESULT cli $label $(grep -o '[0-9]* received' <<<"$out") ($(grep -o 'time [0-9]*ms' \
      <<<"$out"); wall $(( (e - s) / 1000000 ))ms) rtt $(grep -o 'mdev = [0-9./]*' <<<"$out")"
  }
  for _ in $(seq "${CLI_ROUNDS:-3}"); do
    one "icmpkit ping -f" "$root/icmpkit" ping -f -q -c "$n" 127.0.0.1
    one "ping -f        " ping -f -q -c "$n" 127.0.0.1
  done
fi
