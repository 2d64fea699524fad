#!/usr/bin/env bash
# icmpkit sweep against icmpkit-stack's TUN vs against the Linux kernel, in the same run: 3,750
# answering addresses on each side, swept from a test namespace (a) at several rates.
#   - stack: `icmpkit stack run` of a generated topology (host -- gw -- a LAN of 15 hosts with 250
#     addresses each, 198.18.17.0-198.18.31.165, no emulated delay) on a TUN in namespace a;
#   - kernel: namespace b over a veth pair, answering every address of 198.18.48.0/20 (a local
#     route: AnyIP), swept over the same layout (198.18.49.0-198.18.63.165).
#
#   tools/bench/stack_sweep_vs_kernel.sh [RATES="2000 5000 10000 50000"]
#
# Needs root, iproute2. Traffic stays inside the two namespaces this script creates
# (ssb-<pid>-a, ssb-<pid>-b) and deletes on exit. Rates <= 200,000 pps; each sweep is killed
# after 60 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rates="${1:-2000 5000 10000 50000}"
for r in $rates; do
  if ! [ "$r" -ge 1 ] 2>/dev/null || [ "$r" -gt 200000 ]; then
    echo "stack_sweep_vs_kernel: rates must be 1..200000" >&2; exit 2
  fi
done
[ "$(id -u)" -eq 0 ] || { echo "stack_sweep_vs_kernel: needs root (namespaces, TUN)" >&2; exit 2; }
# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
jar="$root/icmpkit-cli/target/icmpkit.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl icmpkit-cli -am package) >/dev/null
fi
a="ssb-$$-a"; b="ssb-$$-b"
stack_pid=""
work="$(mktemp -d /tmp/stack_sweep_vs_kernel.XXXXXX)"
cleanup() {
  [ -n "$stack_pid" ] && kill "$stack_pid" 2>/dev/null && wait "$stack_pid" 2>/dev/null || true
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
python3 - > "$work/sweep-bench.yaml" <<'PY'
print("""name: sweepbench
host:
  tun: ssbench0
  addresses: [198.18.0.1/24]
nodes:
  gw:
    router: true
    interfaces:
      wan: [198.18.0.2/24]
      lan: [198.18.16.1/20]""")
for h in range(15):
    addrs = [f"198.18.{16 + n // 256}.{n % 256}/20" for n in range(256 + h * 250, 256 + h * 250 + 250)]
    print(f"  h{h}:\n    interfaces:\n      eth0: [{', '.join(addrs)}]")
print("links:\n  - {ends: [host, gw.wan]}\n  - {ends: [gw.lan, "
      + ", ".join(f"h{h}.eth0" for h in range(15)) + "]}")
PY
ip netns add "$a"; ip netns add "$b"
ip -n "$a" link set lo up; ip -n "$b" link set lo up
ip link add vs0 netns "$a" type veth peer name vs1 netns "$b"
ip -n "$a" addr add 198.18.250.1/30 dev vs0; ip -n "$b" addr add 198.18.250.2/30 dev vs1
ip -n "$a" link set vs0 up; ip -n "$b" link set vs1 up
ip -n "$b" route add local 198.18.48.0/20 dev lo
ip -n "$a" route add 198.18.48.0/20 via 198.18.250.2

ip netns exec "$a" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -jar "$jar" stack run --status-dir "$work" "$work/sweep-bench.yaml" > "$work/stack.log" 2>&1 &
stack_pid=$!
for _ in $(seq 50); do
  ip netns exec "$a" ping -n -c 1 -W 1 198.18.31.165 >/dev/null 2>&1 && break
  sleep 0.2
done
sweep() { # rate range
  ip netns exec "$a" timeout 60 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -jar "$jar" sweep -a -s -r 0 -t 500 --rate "$1" "$2" 2>&1 >/dev/null
}
# warm-up of the stack's JIT outside the measurement
for _ in 1 2; do sweep 5000 198.18.17.0-198.18.31.165 >/dev/null || true; done

tundrops() { # packets the kernel dropped on the TUN's queue (the stack not reading fast enough)
  ip -n "$a" -s link show ssbench0 | awk '/TX:/ { getline; print $4 }'
}
run() { # label rate range
  local out alive el d0 d1
  d0="$(tundrops)"
  out="$(sweep "$2" "$3" || true)"
  d1="$(tundrops)"
  alive="$(sed -n 's/^ *\([0-9]*\) alive.*/\1/p' <<<"$out")"
  el="$(sed -n 's/^ *\([0-9.]*\) sec (elapsed real time).*/\1/p' <<<"$out")"
  printf '%-22s %8s %8s/3750 %8s s %12s\n' "$1" "$2" "$alive" "$el" \
    "$( [[ "$1" == icmpkit* ]] && echo $((d1 - d0)) || echo -)"
}
echo "icmpkit sweep -r 0 -t 500 over 3,750 addresses, $(nproc) CPUs, $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '%-22s %8s %13s %10s %12s\n' target "rate/s" alive elapsed "TUN drops"
for rate in $rates; do
  run "kernel (veth, ns b)" "$rate" 198.18.49.0-198.18.63.165
  run "icmpkit-stack (TUN)" "$rate" 198.18.17.0-198.18.31.165
  run "kernel (veth, ns b)" "$rate" 198.18.49.0-198.18.63.165
  run "icmpkit-stack (TUN)" "$rate" 198.18.17.0-198.18.31.165
done
# SIGTERM: a background job of a script starts with SIGINT ignored, which the JVM keeps
kill -TERM "$stack_pid"; wait "$stack_pid" || true; stack_pid=""
echo "--- icmpkit stack run said:"
grep -E "packets from the host|^link" "$work/stack.log" || true
