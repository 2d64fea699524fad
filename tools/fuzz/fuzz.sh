#!/usr/bin/env bash
# Real fuzzing of one Jazzer @FuzzTest (libFuzzer, coverage-guided) for its maxDuration (2 minutes).
#
#   tools/fuzz/fuzz.sh icmpkit-wire 'Icmpv4FuzzTest#icmpv4'
#   tools/fuzz/fuzz.sh icmpkit-pcap 'PcapReaderFuzzTest#wholeFile'
#
# Steps: compile; lower the class-file version of our compiled classes from 69 to 67 (Jazzer
# 0.24.0's shaded ASM stops at Java 23, see downgrade_classes.py); run surefire with JAZZER_FUZZ=1
# and hooks on (junit-platform.properties turns them off for the regression runs of `mvn test`).
# New coverage-increasing inputs land in <module>/.cifuzz-corpus/ (ignored by git); a finding is
# written by Jazzer next to the seeds as crash-<sha1>: move it to pending/ until the bug is fixed.
# KEEP_GOING=N (default 10): stop after N distinct findings (dedup by stack) instead of the first.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
module=${1:?module, e.g. icmpkit-wire}
test=${2:?TestClass#method}
shift 2
mods=icmpkit-wire
[ "$module" = icmpkit-wire ] || mods="icmpkit-wire,$module"
mvn -B -q -o -Pfast -pl "$mods" test-compile
dirs=()
for m in ${mods//,/ }; do dirs+=("$m/target/classes" "$m/target/test-classes"); done
/usr/bin/python3 tools/fuzz/downgrade_classes.py "${dirs[@]}"
marker=$(mktemp)
rc=0
JAZZER_FUZZ=1 mvn -B -o -Pfast -pl "$mods" test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.hooks=true -Djazzer.keep_going="${KEEP_GOING:-10}" "$@" || rc=$?
# with keep_going the run can end green although it wrote findings: list them
found=$(find . -path '*/src/test/resources/*' -name 'crash-*' -newer "$marker" | sort)
rm -f "$marker"
if [ -n "$found" ]; then
  echo "fuzz.sh: findings (move to pending/ or fix, see docs/FUZZING.md):" >&2
  echo "$found" >&2
  exit 1
fi
exit "$rc"
