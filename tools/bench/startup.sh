#!/usr/bin/env bash
# Start-up time of ./icmpkit (figures for docs/BENCHMARKS.md, section (g)), variants side by side,
# interleaved so load changes hit all alike: no cache, the old AppCDS dynamic archive (written by a
# sweep), the same with C1 only, the AOT cache the launcher makes, the AOT cache with C1 only, the
# launcher itself (bash included); iputils ping for reference.
#
#   tools/bench/startup.sh [RUNS]     median wall and CPU (user + sys) of RUNS runs, default 11
#   tools/bench/startup.sh jit        long runs, C1 + C2 vs C1 only, 3 runs each: ping -f -c 200000
#                                     -q 127.0.0.1, decode of 100k and of 1M frames (generated once
#                                     by gen_big_pcap.py into /tmp, as section (c))
#
# Loopback only. Needs root (or a ping_group_range with your group) for ping and sweep.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
command -v /usr/bin/time >/dev/null || { echo "startup: /usr/bin/time not found" >&2; exit 2; }
jar="$root/icmpkit-cli/target/icmpkit.jar"
"$root/icmpkit" --version >/dev/null   # builds the jar and the AOT cache outside the timings
aot="${jar%.jar}.aot"
[ -s "$aot" ] || { echo "startup: no AOT cache at $aot (ICMPKIT_AOT=0?)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
java="$JAVA_HOME/bin/java"
jvm=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC)
main=(-cp "$jar" io.icmpkit.cli.Main)
jsa=(-XX:SharedArchiveFile="$out/icmpkit.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off)

variant() { # name: prints the command line of variant name, one word per line
  case "$1" in
    none)    printf '%s\n' "$java" "${jvm[@]}" "${main[@]}" ;;
    appcds)  printf '%s\n' "$java" "${jvm[@]}" "${jsa[@]}" -jar "$jar" ;;  # the launcher before
    appcds-c1) printf '%s\n' "$java" "${jvm[@]}" "${jsa[@]}" -XX:TieredStopAtLevel=1 -jar "$jar" ;;
    aot)     printf '%s\n' "$java" "${jvm[@]}" -XX:AOTCache="$aot" -Xlog:aot*=off "${main[@]}" ;;
    aot-c1)  printf '%s\n' "$java" "${jvm[@]}" -XX:AOTCache="$aot" -Xlog:aot*=off -XX:TieredStopAtLevel=1 "${main[@]}" ;;
    launcher) printf '%s\n' "$root/icmpkit" ;;
    iputils) printf '%s\n' ping ;;
  esac
}

key() { # label: its file in $out
  printf '%s/%s' "$out" "${1//\//_}"
}

once() { # label command...: appends "wall_ms cpu_ms" to the label's file
  local label="$1" start end
  shift
  start=$(date +%s%N)
  timeout 120 /usr/bin/time -f '%U %S' -o "$out/t" "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v w=$(((end - start) / 1000000)) '{ printf "%d %d\n", w, ($1 + $2) * 1000 }' "$out/t" >>"$(key "$label")"
}

minimum() { # column file
  sort -n -k"$1" "$2" | awk -v c="$1" 'NR == 1 { print $c }'
}

median() { # column file
  sort -n -k"$1" "$2" | awk -v c="$1" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

if [ "${1:-}" = jit ]; then
  for n in 100k:100000 1m:1000000; do
    [ -f "/tmp/icmpkit-bench-${n%%:*}.pcap" ] ||
      /usr/bin/python3 "$root/tools/bench/gen_big_pcap.py" "/tmp/icmpkit-bench-${n%%:*}.pcap" "${n#*:}" >/dev/null
  done
  longs=("ping -f -c 200000 -q 127.0.0.1" "decode /tmp/icmpkit-bench-100k.pcap" "decode /tmp/icmpkit-bench-1m.pcap")
  for i in 1 2 3; do
    for c in "${longs[@]}"; do
      read -ra args <<<"$c"
      for v in aot aot-c1; do
        mapfile -t cmd < <(variant "$v")
        once "$v:$c" "${cmd[@]}" "${args[@]}"
      done
    done
  done
  echo "$(date -u +%F) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); medians (min) of 3 runs"
  printf '%-40s %-8s %14s %14s\n' command variant 'wall ms' 'cpu ms'
  for c in "${longs[@]}"; do
    for v in aot aot-c1; do
      printf '%-40s %-8s %14s %14s\n' "$c" "$v" "$(median 1 "$(key "$v:$c")") ($(minimum 1 "$(key "$v:$c")"))" \
        "$(median 2 "$(key "$v:$c")") ($(minimum 2 "$(key "$v:$c")"))"
    done
  done
  exit 0
fi

runs="${1:-11}"
"$java" "${jvm[@]}" "${jsa[@]}" -jar "$jar" sweep -t 100 -r 0 127.0.0.1 >/dev/null 2>&1 || true  # writes the .jsa
commands=("--version" "ping -c 1 127.0.0.1" "sweep -t 100 -r 0 127.0.0.1")
for ((i = 0; i < runs; i++)); do
  for c in "${commands[@]}"; do
    read -ra args <<<"$c"
    for v in none appcds appcds-c1 aot aot-c1 launcher iputils; do
      [ "$v" = iputils ] && [ "${args[0]}" != ping ] && continue
      mapfile -t cmd < <(variant "$v")
      [ "$v" = iputils ] && args=("${args[@]:1}")
      once "$v:$c" "${cmd[@]}" "${args[@]}"
      read -ra args <<<"$c"
    done
  done
done
echo "$(date -u +%F) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); medians (min) of $runs runs"
printf '%-30s %-10s %14s %14s\n' command variant 'wall ms' 'cpu ms'
for c in "${commands[@]}"; do
  for v in none appcds appcds-c1 aot aot-c1 launcher iputils; do
    [ -f "$(key "$v:$c")" ] || continue
    printf '%-30s %-10s %14s %14s\n' "$c" "$v" "$(median 1 "$(key "$v:$c")") ($(minimum 1 "$(key "$v:$c")"))" \
      "$(median 2 "$(key "$v:$c")") ($(minimum 2 "$(key "$v:$c")"))"
  done
done
