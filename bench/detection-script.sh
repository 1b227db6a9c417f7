#!/usr/bin/env bash
# Redis time in detection's windows script (src/main/resources/detection/windows.lua) under a random-source SYN
# flood, the traffic that costs it most (every packet a new key for three detectors): BATCHES batches of 500
# packets as the analyzer sends them (bench/lib/flood-calls.py), piped into Redis, timed by Redis itself
# (INFO commandstats, before and after). Compare two versions of the script in alternated turns:
#   bench/detection-script.sh [script.lua ...]      default: the checkout's; BATCHES=400 ROUNDS=3
# Keys live under a throwaway prefix, deleted at the end. Needs redis-cli and python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BATCHES=${BATCHES:-400}
ROUNDS=${ROUNDS:-3}
REDIS=(redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379}")
[ $# -gt 0 ] || set -- "$ROOT/src/main/resources/detection/windows.lua"
PREFIX=bench-detscript-$$-
WORK=$(mktemp -d /tmp/netwatch-detscript.XXXXXX)
cleanup() {
  "${REDIS[@]}" --scan --pattern "{$PREFIX*" | xargs -r -n 500 "${REDIS[@]}" DEL >/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
evalsha_usec() { "${REDIS[@]}" INFO commandstats | tr -d '\r' | sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),usec=\([0-9]*\),.*/\1 \2/p'; }
for ((round = 1; round <= ROUNDS; round++)); do
  for script in "$@"; do
    "${REDIS[@]}" --scan --pattern "{$PREFIX*" | xargs -r -n 500 "${REDIS[@]}" DEL >/dev/null
    sha=$("${REDIS[@]}" SCRIPT LOAD "$(cat "$script")")
    python3 "$ROOT/bench/lib/flood-calls.py" "$sha" "$BATCHES" "$PREFIX" > "$WORK/calls.resp"
    read -r calls0 usec0 <<< "$(evalsha_usec || echo 0 0)"; calls0=${calls0:-0}; usec0=${usec0:-0}
    "${REDIS[@]}" --pipe < "$WORK/calls.resp" > "$WORK/pipe.out" 2>&1 || true
    grep -q 'errors: 0' "$WORK/pipe.out" || { echo "$script: Redis answered errors:" >&2; head -n 3 "$WORK/pipe.out" >&2; exit 1; }
    read -r calls1 usec1 <<< "$(evalsha_usec)"
    awk -v s="$(basename "$script")" -v r="$round" -v c=$((calls1 - calls0)) -v u=$((usec1 - usec0)) -v p=$((BATCHES * 500)) \
      'BEGIN {printf "round %d %-20s %d calls, %.0f us per call, %.2f us of script per packet\n", r, s, c, u / c, u / p}'
  done
done
