#!/usr/bin/env bash
# Decodes one capture with `./icmpkit decode` and with `tshark -r`, output to /dev/null, each
# under GNU time -v, and prints wall time, peak RSS and the ratios side by side.
#
#   tools/bench/decode_vs_tshark.sh [FILE]        # default: a 1,000,000-packet mix, generated once
#   JSON=1 tools/bench/decode_vs_tshark.sh FILE   # also --json vs tshark -T json
#
# Needs tshark and GNU time (apt-get install -y tshark time). The CLI is built before measuring.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
file="${1:-/tmp/icmpkit-bench-1m.pcap}"
[ -f "$file" ] || /usr/bin/python3 "$root/tools/bench/gen_big_pcap.py" "$file"
command -v tshark >/dev/null || { echo "tshark not found (apt-get install -y tshark)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time not found (apt-get install -y time)" >&2; exit 2; }
"$root/icmpkit" --help >/dev/null 2>&1 || true # builds the jar if needed, outside the measurement

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

# measure LABEL CMD...: sets WALL (seconds) and RSS (MiB)
measure() {
  local label="$1"
  shift
  if ! /usr/bin/time -v -o "$tmp" "$@" >/dev/null 2>&1; then
    echo "$label: command failed: $*" >&2
    cat "$tmp" >&2
    exit 1
  fi
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tmp")
  RSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tmp")
}

row() { # LABEL OURS_WALL OURS_RSS THEIRS_WALL THEIRS_RSS
  awk -v n="${packets:-0}" -v l="$1" -v ow="$2" -v orss="$3" -v tw="$4" -v trss="$5" 'BEGIN {
    printf "%-6s %10.2f s %8d MiB   %10.2f s %8d MiB   speed x%.1f, memory x%.2f", l, ow, orss, tw, trss,
      (ow > 0 ? tw / ow : 0), (trss > 0 ? orss / trss : 0)
    if (n > 0) printf "   (%.0f vs %.0f packets/s)", n / ow, n / tw
    printf "\n" }'
}

# shellcheck source=../jdk.sh
. "$root/tools/jdk.sh"
icmpkit_find_jdk
packets=$(capinfos -M -c "$file" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}')
echo "capture: $file ($(du -h "$file" | cut -f1), ${packets:-?} packets); $(nproc) cores"
echo "java:    $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "tshark:  $(tshark --version 2>/dev/null | head -1)"
printf '%-6s %23s   %23s   %s\n' "" "icmpkit decode" "tshark -r" "icmpkit relative to tshark (speed >1: faster)"

measure "icmpkit" "$root/icmpkit" decode "$file"
ow=$WALL orss=$RSS
measure "tshark" tshark -r "$file"
row text "$ow" "$orss" "$WALL" "$RSS"

if [ "${JSON:-0}" = 1 ]; then
  measure "icmpkit --json" "$root/icmpkit" decode --json "$file"
  ow=$WALL orss=$RSS
  measure "tshark -T json" tshark -r "$file" -T json
  row json "$ow" "$orss" "$WALL" "$RSS"
fi
