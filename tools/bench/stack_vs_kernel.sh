#!/usr/bin/env bash
# Echo replies per second and round-trip time through icmpkit-stack's TUN, against the Linux
# kernel's own echo, in the same run: iputils `ping -f` from a test namespace (a) to
#   - the virtual host behind the TUN (tools/bench/stack-bench.yaml: host -> target, one link,
#     no emulated delay), served by `icmpkit stack run` in namespace a, and
#   - the kernel of namespace b, over a veth pair (what the TUN path is compared to).
#
#   tools/bench/stack_vs_kernel.sh [COUNT=20000]
#
# Needs root, iproute2 and iputils-ping. Traffic stays inside the two namespaces this script
# creates (skb-<pid>-a, skb-<pid>-b) and deletes on exit. COUNT <= 200,000; each ping is killed
# after 120 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-20000}"
if ! [ "$count" -ge 1 ] 2>/dev/null || [ "$count" -gt 200000 ]; then
  echo "stack_vs_kernel: COUNT must be 1..200000" >&2; exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "stack_vs_kernel: needs root (namespaces, TUN, ping -f)" >&2; exit 2; }
# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
jar="$root/icmpkit-cli/target/icmpkit.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl icmpkit-cli -am package) >/dev/null
fi
a="skb-$$-a"; b="skb-$$-b"
stack_pid=""
cleanup() {
  [ -n "$stack_pid" ] && kill "$stack_pid" 2>/dev/null && wait "$stack_pid" 2>/dev/null || true
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip -n "$a" link set lo up; ip -n "$b" link set lo up
ip link add vb0 netns "$a" type veth peer name vb1 netns "$b"
ip -n "$a" addr add 198.18.250.1/30 dev vb0; ip -n "$b" addr add 198.18.250.2/30 dev vb1
ip -n "$a" link set vb0 up; ip -n "$b" link set vb1 up

ip netns exec "$a" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -jar "$jar" stack run "$root/tools/bench/stack-bench.yaml" > "/tmp/stack_vs_kernel.$$.log" 2>&1 &
stack_pid=$!
for _ in $(seq 50); do
  ip netns exec "$a" ping -n -c 1 -W 1 198.18.0.2 >/dev/null 2>&1 && break
  sleep 0.2
done
# warm-up (JIT) outside the measurement
ip netns exec "$a" timeout 60 ping -n -q -f -c 5000 198.18.0.2 >/dev/null || true

run() { # label target
  local out
  out="$(ip netns exec "$a" timeout 120 ping -n -q -f -c "$count" "$2")"
  local tx rx ms rtt
  tx="$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' <<<"$out")"
  rx="$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")"
  ms="$(sed -n 's/.*time \([0-9]*\)ms.*/\1/p' <<<"$out")"
  rtt="$(sed -n 's/^rtt min\/avg\/max\/mdev = \([0-9.\/]*\) ms.*/\1/p' <<<"$out")"
  printf '%-22s %8s %8s %8s ms %10.0f replies/s   rtt min/avg/max/mdev %s ms\n' "$1" "$tx" "$rx" "$ms" \
    "$(awk -v r="$rx" -v t="$ms" 'BEGIN { print (t > 0 ? r * 1000 / t : 0) }')" "$rtt"
}
echo "ping -f -c $count, $(nproc) CPUs, $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '%-22s %8s %8s %11s %18s\n' target sent received time rate
run "kernel (veth, ns b)" 198.18.250.2
run "icmpkit-stack (TUN)" 198.18.0.2
run "kernel (veth, ns b)" 198.18.250.2
run "icmpkit-stack (TUN)" 198.18.0.2
# SIGTERM: a background job of a script starts with SIGINT ignored, which the JVM keeps
kill -TERM "$stack_pid"; wait "$stack_pid" || true; stack_pid=""
echo "--- icmpkit stack run said:"
grep -E "packets from the host|IcmpMsgOutType0|IcmpMsgInType8" "/tmp/stack_vs_kernel.$$.log" || true
rm -f "/tmp/stack_vs_kernel.$$.log"
