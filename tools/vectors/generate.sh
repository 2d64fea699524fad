#!/usr/bin/env bash
# Regenerates every golden-vector set from Scapy (Debian package python3-scapy).
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
for g in gen_*.py; do "$PY" "$g"; done
