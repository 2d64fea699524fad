#!/usr/bin/env bash
# Capture throughput: PacketCaptureSocket (AF_PACKET + the default ICMP BPF filter, plain recvmsg)
# versus `tcpdump -w /dev/null` with the same filter, side by side on the same generated load.
#
#   tools/bench/capture_vs_tcpdump.sh [SECONDS] [RATE...]     # default: 5 s at 20000 50000 100000 0
#
# RATE is echo requests per second (0: as fast as one python sender goes); the target kernel
# answers each, so the captured interface carries about twice that. Everything happens in two
# network namespaces this script creates (ikb-PID-gen, ikb-PID-cap, veth 10.201.0.1 <-> .2) and
# deletes on exit. Needs root, iproute2, tcpdump, /usr/bin/python3 and a JDK 25; builds
# icmpkit-socket's test classes first (SKIP_BUILD=1 to skip). GENERATORS=N runs N senders at
# RATE/N each; JAVA_RCVBUF sets the Java socket's receive queue in bytes (default 8 MiB);
# JAVA_RING=BLOCK_BYTES:BLOCKS:RETIRE_MS makes Java read a TPACKET_V3 ring instead of recvmsg
# (e.g. 131072:16:8 = 2 MiB like tcpdump's default buffer).
# Prints per rate: offered load, frames each capturer delivered, the kernel's drop counters.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${1:-5}"
rcvbuf="${JAVA_RCVBUF:-8388608}" # bytes of socket queue for Java (tcpdump: its 2 MiB ring)
shift || true
rates=("$@")
generators="${GENERATORS:-1}" # parallel python senders (one tops out near 70k requests/s)
[ "${#rates[@]}" -gt 0 ] || rates=(20000 50000 100000 0)
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces, AF_PACKET)" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "tcpdump not found (apt-get install -y tcpdump)" >&2; exit 2; }
# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && mvn -B -q -o -Pfast -pl icmpkit-socket -am test-compile >/dev/null)
fi
cp="$root/icmpkit-socket/target/classes:$root/icmpkit-socket/target/test-classes"
cp="$cp:$root/icmpkit-native/target/classes:$root/icmpkit-wire/target/classes"

gen="ikb-$$-gen"
cap="ikb-$$-cap"
tmp="$(mktemp -d)"
cleanup() {
  ip netns del "$gen" 2>/dev/null || true
  ip netns del "$cap" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$gen"
ip netns add "$cap"
ip link add bench0 netns "$gen" type veth peer name bench1 netns "$cap"
ip -n "$gen" addr add 10.201.0.1/24 dev bench0
ip -n "$cap" addr add 10.201.0.2/24 dev bench1
for ns in "$gen" "$cap"; do
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -q -w net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=0 \
    net.ipv6.conf.all.disable_ipv6=1 >/dev/null
done
ip -n "$gen" link set bench0 up
ip -n "$cap" link set bench1 up
ip netns exec "$gen" ping -c 1 -W 2 10.201.0.2 >/dev/null # ARP resolved before measuring

echo "capture_vs_tcpdump: java $([ -n "${JAVA_RING:-}" ] && echo "TPACKET_V3 ring $JAVA_RING (block bytes:blocks:retire ms)" || echo "recvmsg, queue $rcvbuf bytes"), $(nproc) CPUs, kernel $(uname -r), $secs s per rate, filter 'icmp or igmp or icmp6'"
printf '%-10s %10s %10s | %12s %10s %9s | %12s %10s %9s\n' rate offered_pps frames_on_if \
  java_deliv java_drop java_pps tcpdump_capt tcpd_drop tcpd_pps
for rate in "${rates[@]}"; do
  rx0=$(ip netns exec "$cap" cat /sys/class/net/bench1/statistics/rx_packets)
  tx0=$(ip netns exec "$cap" cat /sys/class/net/bench1/statistics/tx_packets)
  java_out="$tmp/java.$rate"
  tcpd_out="$tmp/tcpdump.$rate"
  ip netns exec "$cap" "$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
    -cp "$cp" io.icmpkit.socket.capture.CaptureBench bench1 "$((secs + 2))" "$rcvbuf" \
    "$([ -n "${JAVA_RING:-}" ] && echo "ring:$JAVA_RING" || echo recvmsg)" >"$java_out" 2>&1 &
  java_pid=$!
  ip netns exec "$cap" tcpdump -Z root -n -i bench1 -w /dev/null 'icmp or igmp or icmp6' \
    >"$tcpd_out" 2>&1 &
  tcpd_pid=$!
  for _ in $(seq 100); do
    grep -q ready "$java_out" 2>/dev/null && grep -q "listening on" "$tcpd_out" 2>/dev/null && break
    sleep 0.1
  done
  sleep 0.5
  for g in $(seq "$generators"); do
    ip netns exec "$gen" /usr/bin/python3 "$root/tools/bench/icmp_load.py" 10.201.0.2 \
      "$(awk -v r="$rate" -v g="$generators" 'BEGIN{print r/g}')" "$secs" 10000000 >"$tmp/load.$g" &
  done
  wait_gen=0
  for job in $(jobs -p); do
    [ "$job" = "$java_pid" ] || [ "$job" = "$tcpd_pid" ] || wait "$job" || wait_gen=1
  done
  [ "$wait_gen" -eq 0 ] || { echo "load generator failed" >&2; cat "$tmp"/load.* >&2; exit 1; }
  load="sent=$(cat "$tmp"/load.* | sed -n 's/.*sent=\([0-9]*\).*/\1/p' | paste -sd+ | bc) \
seconds=$(cat "$tmp"/load.* | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' | sort -n | tail -1)"
  load="$load pps=$(awk -v l="$load" 'BEGIN{split(l,a,/[ =]/); printf "%.0f", a[2]/a[4]}')"
  sleep 1
  kill -INT "$tcpd_pid"
  wait "$tcpd_pid" || true
  wait "$java_pid" || { echo "CaptureBench failed:" >&2; cat "$java_out" >&2; exit 1; }
  rx1=$(ip netns exec "$cap" cat /sys/class/net/bench1/statistics/rx_packets)
  tx1=$(ip netns exec "$cap" cat /sys/class/net/bench1/statistics/tx_packets)
  sent_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$load")
  offered=$(sed -n 's/.*pps=\([0-9]*\).*/\1/p' <<<"$load")
  frames=$(( (rx1 - rx0) + (tx1 - tx0) ))
  jd=$(sed -n 's/.*delivered=\([0-9]*\).*/\1/p' "$java_out")
  jk=$(sed -n 's/.*kernel_drops=\([0-9]*\).*/\1/p' "$java_out")
  tc=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$tcpd_out")
  tk=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$tcpd_out")
  printf '%-10s %10s %10s | %12s %10s %9.0f | %12s %10s %9.0f\n' "$rate" "$offered" "$frames" \
    "$jd" "$jk" "$(awk -v n="$jd" -v s="$sent_s" 'BEGIN{print (s>0? n/s : 0)}')" \
    "$tc" "$tk" "$(awk -v n="$tc" -v s="$sent_s" 'BEGIN{print (s>0? n/s : 0)}')"
done
echo "(java_pps / tcpd_pps: frames delivered per second of load; *_drop: the kernel's drop counter)"
