#!/usr/bin/env bash
# MtrSession vs mtr 0.95 in one run (figures in docs/BENCHMARKS.md, section (h)): time to a report of
# one cycle (-c 1) on a 4-hop path and on a 30-hop path silent after hop 3.
#
#   tools/bench/mtr_vs_peers.sh            RUNS=5 tools/bench/mtr_vs_peers.sh
#
# Needs root (namespaces), traceroute and mtr (apt-get install -y traceroute mtr-tiny). All traffic
# stays inside the fixture's network namespaces (deleted at the end); every run is bounded
# (at most 30 hops, 1 s waits on the silent path) and the whole bench runs under `timeout`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for c in traceroute mtr; do
  command -v "$c" >/dev/null || { echo "mtr_vs_peers: $c not found" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "mtr_vs_peers: needs root (network namespaces)" >&2; exit 2; }
# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
buildlog="$(mktemp)"
if ! (cd "$root" && { mvn -B -q -o -Pfast -pl icmpkit-engine -am test-compile \
  || mvn -B -q -Pfast -pl icmpkit-engine -am test-compile; }) >"$buildlog" 2>&1; then
  cat "$buildlog" >&2; rm -f "$buildlog"; echo "mtr_vs_peers: build failed" >&2; exit 1
fi
rm -f "$buildlog"
cp="$root/icmpkit-engine/target/classes:$root/icmpkit-engine/target/test-classes"
for m in socket wire native testing; do cp="$cp:$root/icmpkit-$m/target/classes"; done
echo "java:       $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "traceroute: $(traceroute -V 2>&1 | head -1); mtr: $(mtr --version 2>&1 | head -1)"
timeout 600 "$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -Dmtr.runs="${RUNS:-3}" -cp "$cp" io.icmpkit.engine.trace.MtrBench
