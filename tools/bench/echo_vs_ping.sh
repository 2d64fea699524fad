#!/usr/bin/env bash
# Echo round trips per second on loopback, in the same run: icmpkit (one socket, one poller
# thread, WINDOW probes outstanding; and with 1 outstanding), iputils `ping -f` and `fping`.
#
#   tools/bench/echo_vs_ping.sh [COUNT=100000] [WINDOW=64] [TARGET=127.0.0.1]
#   FPING_COUNT=5000 ...   fping's own count (it paces itself at ~1 ms per packet, see below)
#
# Needs root (or CAP_NET_RAW) for ping -f and raw sockets, iputils-ping and fping
# (apt-get install -y fping iputils-ping). Loopback targets only. Every run is bounded: COUNT
# <= 1,000,000 and each tool is killed after 120 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-100000}"
window="${2:-64}"
target="${3:-127.0.0.1}"
fcount="${FPING_COUNT:-5000}"
case "$target" in
  127.*|::1) ;;
  *) echo "echo_vs_ping: loopback targets only (127.0.0.0/8, ::1): $target" >&2; exit 2 ;;
esac
for n in "$count" "$fcount"; do
  if ! [ "$n" -ge 1 ] 2>/dev/null || [ "$n" -gt 1000000 ]; then
    echo "echo_vs_ping: counts must be 1..1000000" >&2; exit 2
  fi
done
command -v ping >/dev/null || { echo "ping not found (apt-get install -y iputils-ping)" >&2; exit 2; }
command -v fping >/dev/null || { echo "fping not found (apt-get install -y fping)" >&2; exit 2; }

# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
# build outside the measurement (offline first, online if dependencies are missing)
buildlog="$(mktemp)"
if ! (cd "$root" && { mvn -B -q -o -Pfast -pl icmpkit-socket -am test-compile \
  || mvn -B -q -Pfast -pl icmpkit-socket -am test-compile; }) >"$buildlog" 2>&1; then
  cat "$buildlog" >&2; rm -f "$buildlog"; echo "echo_vs_ping: build failed" >&2; exit 1
fi
rm -f "$buildlog"
cp="$root/icmpkit-socket/target/classes:$root/icmpkit-socket/target/test-classes"
cp="$cp:$root/icmpkit-wire/target/classes:$root/icmpkit-native/target/classes"

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
now() { date +%s.%N; }

# icmpkit WINDOW: sets RX (received) and SECS (its own timing, JVM start and warm-up excluded)
icmpkit() {
  timeout 120 "$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$cp" \
    io.icmpkit.socket.poll.EchoThroughput "$target" "$count" "$1" 60 AUTO 56 >"$tmp"
  read -r _ _ _ _ RX SECS _ < <(grep '^RESULT icmpkit' "$tmp")
  KIND=$(sed -n 's/^icmpkit \([A-Z]*\) socket.*/\1/p' "$tmp")
}

echo "target: $target; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:   $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "ping:   $(ping -V 2>&1 | head -1); fping: $(fping -v 2>&1 | head -1)"
printf '%-44s %10s %10s %12s %9s\n' "tool (command)" "received" "seconds" "per second" "icmpkit/x"

icmpkit "$window"; ours_rx=$RX ours_s=$SECS kind=$KIND
icmpkit 1; one_rx=$RX one_s=$SECS

s=$(now)
timeout 120 ping -f -q -c "$count" "$target" >"$tmp" 2>&1 || true
e=$(now)
ping_rx=$(awk '/packets transmitted/ {print $4}' "$tmp")
ping_s=$(echo "$e - $s" | bc -l)

s=$(now)
# -p 0 is what one would write, but fping 5.1 then counts every reply as lost (100% loss on this
# machine); -p 1 -i 0 is its fastest working pace for one target
timeout 120 fping -q -c "$fcount" -p 1 -i 0 "$target" >"$tmp" 2>&1 || true
e=$(now)
fping_rx=$(sed -n 's|.*xmt/rcv/%loss = [0-9]*/\([0-9]*\)/.*|\1|p' "$tmp" | head -1)
fping_s=$(echo "$e - $s" | bc -l)

ours_rate=$(echo "${ours_rx:-0} / $ours_s" | bc -l)
row() { # LABEL RECEIVED SECONDS
  awk -v l="$1" -v n="${2:-0}" -v t="$3" -v o="$ours_rate" 'BEGIN {
    r = (t > 0 ? n / t : 0)
    printf "%-44s %10d %10.3f %12.0f %9s\n", l, n, t, r, (r > 0 ? sprintf("x%.2f", o / r) : "-") }'
}
row "icmpkit $kind, $window outstanding (EchoThroughput)" "$ours_rx" "$ours_s"
row "icmpkit $kind, 1 outstanding" "$one_rx" "$one_s"
row "ping -f -q -c $count" "$ping_rx" "$ping_s"
row "fping -q -c $fcount -p 1 -i 0" "$fping_rx" "$fping_s"
echo "icmpkit figures: its own clock from first send to last reply (JVM start, build and a"
echo "5,000-probe warm-up excluded); ping and fping: wall clock of the whole command."
