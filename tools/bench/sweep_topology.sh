# Sourced by the sweep benchmarks (sweep_vs_fping.sh, sweep_max_rate.sh, sweep_memory.sh): the
# client - router - target namespaces, the hole layouts, the expected counts and the timing helpers.
#
# Topology: client (10.200.1.1) - router - target (10.200.2.2). The target owns all of PREFIX
# through `ip route add local PREFIX dev lo` (the kernel answers every address); the router
# blackholes 1/128 of PREFIX (no answer) and rejects another 1/128 with ICMP host unreachable
# (nftables: `ip route add unreachable` answers 5 errors and then 1/s, because
# net.ipv4.route.error_burst exists only in the initial namespace). The client has routes to its
# link net and to PREFIX via the router only: no default route, so nothing leaves the namespaces.
#
# Layouts (LAYOUT, for a /16; other prefixes scale: 1/128 + 1/128 of the range, 512 + 512 in a /16):
#   start   10.203.8.0/23 blackholed, 10.203.10.0/23 rejected: silent block early, the best case
#           for a sequential tool (fping's timeout for it runs while it still sends)
#   end     the same two /23 as the last 1 024 addresses: the worst case for a sequential tool
#   spread  16 blackholed + 16 rejected /27, one at the end of each 1/32 of the range (alternating,
#           the last rejected block ends the range): what a permuting tool sees anyway

# PREFIX must be a network inside 10.0.0.0/8, /9../21, clear of the link nets 10.200.1.0/24 and
# 10.200.2.0/24. Prints the reason and returns 2 otherwise.
sweep_check_prefix() {
  python3 - "$1" <<'EOF' || return 2
import ipaddress, sys
arg = sys.argv[1]
try:
    n = ipaddress.ip_network(arg, strict=True)
except ValueError as e:
    sys.exit(f"PREFIX {arg}: not a network address/length ({e})")
if n.version != 4 or not n.subnet_of(ipaddress.ip_network("10.0.0.0/8")):
    sys.exit(f"PREFIX {arg}: must be inside 10.0.0.0/8 (the namespaces route nothing else)")
for link in ("10.200.1.0/24", "10.200.2.0/24"):
    if n.overlaps(ipaddress.ip_network(link)):
        sys.exit(f"PREFIX {arg}: overlaps the link network {link}")
if not 9 <= n.prefixlen <= 21:
    sys.exit(f"PREFIX {arg}: length must be /9../21 (a spread hole block is 1/2048 of the range)")
EOF
}

sweep_check_layout() {
  case "$1" in start|end|spread) ;; *)
    echo "LAYOUT $1: must be start, end or spread" >&2; return 2;; esac
}

# Prints "blackhole CIDR" and "reject CIDR" lines for PREFIX and LAYOUT.
sweep_holes() {
  python3 - "$1" "$2" <<'EOF'
import ipaddress, sys
n = ipaddress.ip_network(sys.argv[1]); layout = sys.argv[2]
size = n.num_addresses; h = size // 128
def block(offset, length):
    return ipaddress.ip_network(f"{n[offset]}/{32 - (length.bit_length() - 1)}")
if layout == "start":
    holes = [("blackhole", block(size // 32, h)), ("reject", block(size // 32 + h, h))]
elif layout == "end":
    holes = [("blackhole", block(size - 2 * h, h)), ("reject", block(size - h, h))]
else:
    b = h // 16; slice_ = size // 32
    holes = [("blackhole" if k % 2 == 0 else "reject", block((k + 1) * slice_ - b, b)) for k in range(32)]
for kind, net in holes:
    print(kind, net)
EOF
}

# Sets total, expect_alive, expect_error, expect_silent for PREFIX (1/128 + 1/128 holes).
sweep_expect() {
  total=$(python3 -c "import ipaddress,sys; print(ipaddress.ip_network(sys.argv[1]).num_addresses)" "$1")
  expect_error=$((total / 128)); expect_silent=$((total / 128))
  expect_alive=$((total - expect_error - expect_silent))
}

sweep_print_expect() { # PREFIX LAYOUT: the line a reader checks every row against
  local where
  where=$(sweep_holes "$1" "$2" | awk '{ n[$1]++; if (!f[$1]) f[$1] = $2; l[$1] = $2 }
    END { for (k in n) printf "%s %s%s; ", k, (n[k] > 1 ? n[k] " blocks " : ""), (n[k] > 1 ? f[k] " .. " l[k] : f[k]) }')
  echo "range $1 ($total addresses), layout $2 (${where%; }):"
  echo "expected $expect_alive alive, $expect_error ICMP error (rejected), $expect_silent no answer (blackholed)"
}

sweep_ns_tag="iks-$$"
sweep_topology_down() {
  local n
  for n in "$sweep_ns_tag-c" "$sweep_ns_tag-r" "$sweep_ns_tag-t"; do ip netns del "$n" 2>/dev/null || true; done
}

# Creates the namespaces for PREFIX and LAYOUT; sets c (the client namespace) and gw (the router's
# MAC, for zmap). The caller traps sweep_topology_down on EXIT.
sweep_topology_up() {
  local prefix="$1" layout="$2" n kind net rejects=""
  c="$sweep_ns_tag-c"; local r="$sweep_ns_tag-r" t="$sweep_ns_tag-t"
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
  ip -n "$t" route add local "$prefix" dev lo
  ip -n "$t" route add 10.200.1.0/24 via 10.200.2.1
  ip -n "$r" route add "$prefix" via 10.200.2.2
  while read -r kind net; do
    if [ "$kind" = blackhole ]; then ip -n "$r" route add blackhole "$net"; else rejects="$rejects${rejects:+, }$net"; fi
  done < <(sweep_holes "$prefix" "$layout")
  ip netns exec "$r" nft "add table ip sweep; add chain ip sweep fw { type filter hook forward priority 0; }; \
add rule ip sweep fw ip daddr { $rejects } reject with icmp type host-unreachable"
  ip -n "$c" route add "$prefix" via 10.200.1.2
  # the client must reach nothing but its link net and PREFIX
  if ip -n "$c" route get 192.0.2.1 >/dev/null 2>&1 || [ -n "$(ip -n "$c" route show default)" ]; then
    echo "sweep topology: the client namespace has a route outside PREFIX; refusing" >&2; return 2
  fi
  ip netns exec "$c" ping -c 1 -W 1 10.200.1.2 >/dev/null   # fills the neighbour cache (zmap needs the MAC)
  gw=$(ip -n "$c" neigh show 10.200.1.2 | awk '{print $5}')
}

# The common start of a bench script: root, the commands it needs, the lock (below), the JDK,
# $out and the cleanup trap. Usage: sweep_bench_start "zmap fping" "$0" "$@"
sweep_bench_start() {
  local tools="$1" name cmd
  shift
  name=$(basename "$1" .sh)
  [ "$(id -u)" = 0 ] || { echo "$name: needs root (network namespaces)" >&2; exit 2; }
  for cmd in $tools /usr/bin/time nft ip python3 flock; do
    command -v "$cmd" >/dev/null || { echo "$name: $cmd not found" >&2; exit 2; }
  done
  sweep_bench_lock "$@"
  # shellcheck source=../jdk.sh
  . "$root/tools/jdk.sh"
  icmpkit_find_jdk
  out="$(mktemp -d)"
  trap 'sweep_topology_down; rm -rf "$out"' EXIT
}

# Takes /tmp/icmpkit-bench.lock for the rest of the script (re-executes it under flock), after
# building the jar and its start-up cache outside the lock and the timings.
sweep_bench_lock() { # "$0" "$@"
  if [ -z "${ICMPKIT_BENCH_LOCKED:-}" ]; then
    "$root/icmpkit" --version >/dev/null
    exec env ICMPKIT_BENCH_LOCKED=1 flock /tmp/icmpkit-bench.lock bash "$@"
  fi
}

# measure NAME LIMIT_S command...: runs in the client namespace under `timeout` and /usr/bin/time;
# writes $out/NAME.{out,err,time,wall}.
measure() {
  local name="$1" limit="$2"; shift 2
  local start end rc=0
  start=$(date +%s.%N)
  timeout "$limit" /usr/bin/time -f "%U %S %M" -o "$out/$name.time" ip netns exec "$c" "$@" \
    >"$out/$name.out" 2>"$out/$name.err" || rc=$?
  end=$(date +%s.%N)
  echo "$start $end $rc" >"$out/$name.wall"
}

# The number of distinct lines of $out/NAME.out (alive addresses, one a line).
alive_of() { sort -u "$out/$1.out" | grep -c . || true; }

# zmap's achieved send rate: probes / the time between its send thread's start and finish (its
# debug log, -v 5, has millisecond stamps; its status line needs the monitor thread, which
# rounds the wall time up to whole seconds). ARGS: NAME PROBES
zmap_send_pps() {
  awk -v n="$2" '/send thread started/ { s = $3 } /send thread [0-9]+ finished/ { e = $3 }
    function sec(t,  a) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
    END { if (s == "" || e == "") { printf "-"; exit } d = sec(e) - sec(s); if (d < 0) d += 86400
          if (d > 0) printf "%.0f", n / d; else printf "-" }' "$out/$1.err"
}

# icmpkit's achieved send rate: sent / (elapsed - cooldown) from its -s summary (the sweep ends
# one cooldown after its last probe). ARGS: NAME COOLDOWN_S
icmpkit_send_pps() {
  awk -v cd="$2" '/ICMP Echos sent/ { s = $1 } /elapsed real time/ { e = $1 }
    END { if (e > cd) printf "%.0f", s / (e - cd); else printf "-" }' "$out/$1.err"
}

# One table row from $out/NAME.*: tool | rate | wall s | addr/s (addresses / wall) | send pps |
# CPU s | peak MiB | alive | missed (expected alive - alive) | exit. ARGS: NAME RATE SEND_PPS ALIVE
row_header() {
  echo "| tool        | rate   | wall s | addr/s  | send pps | CPU s | peak MiB | alive     | missed | exit |"
  echo "|-------------|--------|-------:|--------:|---------:|------:|---------:|----------:|-------:|-----:|"
}
row() {
  local name="$1" rate="$2" pps="$3" alive="$4" s e rc u sy m
  read -r s e rc <"$out/$name.wall"
  read -r u sy m < <(tail -n 1 "$out/$name.time" 2>/dev/null || echo "0 0 0")
  awk -v n="$name" -v r="$rate" -v s="$s" -v e="$e" -v u="$u" -v sy="$sy" -v m="$m" -v a="$alive" \
    -v t="$total" -v x="$expect_alive" -v p="$pps" -v rc="$rc" \
    'BEGIN { w = e - s; printf "| %-11s | %-6s | %6.2f | %7.0f | %8s | %5.2f | %8.1f | %9d | %6d | %4s |\n",
             n, r, w, t / w, p, u + sy, m / 1024, a, x - a, (rc == 124 ? "TIME" : rc) }'
}

# "50000" -> "50k", "max" stays
rate_label() { case "$1" in max) echo max;; *000) echo "${1%000}k";; *) echo "$1";; esac; }
