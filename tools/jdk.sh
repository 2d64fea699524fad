# Sourced by ./icmpkit, ./test and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 25, then /usr/lib/jvm/*25* (and newer), else a clear error.

_icmpkit_java_major() { # prints the feature version of $1/bin/java, or nothing
  local v=""
  # the JDK's release file answers without starting a JVM (a JVM start costs ~0.3 s per launch)
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  fi
  printf '%s' "${v%%.*}"
}

icmpkit_find_jdk() {
  local cand major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(_icmpkit_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME
      return 0
    fi
  fi
  for cand in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*3[0-9]*; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(_icmpkit_java_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  echo "icmpkit: needs a JDK 25 or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}, nothing in /usr/lib/jvm)." >&2
  echo "icmpkit: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
