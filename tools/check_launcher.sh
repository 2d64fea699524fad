#!/usr/bin/env bash
# Checks the start-up cache of ./icmpkit (run by .ci/run after ./test, which builds the jar): the
# first run after a build trains once and says so in one line on stderr; later runs print nothing
# extra (no AOT/CDS warnings) and map our classes from the cache; ICMPKIT_AOT=0 and a -Xshare
# option in JAVA_TOOL_OPTIONS (which the JVM refuses next to a cache) still run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/icmpkit-cli/target/icmpkit.jar"
aot="${jar%.jar}.aot"
[ -f "$jar" ] || { echo "check_launcher: no $jar; build first (./test or ./icmpkit)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_launcher: $*" >&2; [ -s "$tmp/err" ] && sed 's/^/  stderr: /' "$tmp/err" >&2; exit 1; }

rm -f "$aot" "$aot.jdk" "$aot.failed"
"$root/icmpkit" --version >"$tmp/out" 2>"$tmp/err" || fail "first run failed"
[ "$(cat "$tmp/err")" = "icmpkit: preparing the start-up cache (once per build)..." ] ||
  fail "first run: expected only the training line on stderr"
[ -s "$aot" ] || fail "no cache written; see ${aot%.aot}-aot.log"
grep -q '^icmpkit ' "$tmp/out" || fail "first run: no version on stdout"

"$root/icmpkit" --version >"$tmp/out" 2>"$tmp/err" || fail "second run failed"
[ ! -s "$tmp/err" ] || fail "second run: unexpected stderr"
grep -q '^icmpkit ' "$tmp/out" || fail "second run: no version on stdout"

ICMPKIT_JAVA_OPTS=-Xlog:class+load "$root/icmpkit" --version >"$tmp/out" 2>"$tmp/err" || fail "class+load run failed"
grep -q 'io.icmpkit.cli.Main source: shared objects file' "$tmp/out" || fail "Main not loaded from the cache"

ICMPKIT_AOT=0 "$root/icmpkit" --version >"$tmp/out" 2>"$tmp/err" || fail "ICMPKIT_AOT=0 run failed"
[ ! -s "$tmp/err" ] || fail "ICMPKIT_AOT=0: unexpected stderr"

JAVA_TOOL_OPTIONS=-Xshare:off "$root/icmpkit" --version >"$tmp/out" 2>"$tmp/err" || fail "-Xshare:off run failed"
grep -q '^icmpkit ' "$tmp/out" || fail "-Xshare:off: no version on stdout"
echo "check_launcher: ok (cache $(du -h "$aot" | cut -f1))"
