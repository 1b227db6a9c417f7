#!/usr/bin/env bash
# The sensor's parse rate against tcpdump's on the same capture in the same run: `sensor --dry-run` (read,
# decode, encode as JSON, send nothing) and `tcpdump -r FILE -w /dev/null` (read and write back), each
# RUNS times in turns, best of each. The goal (issue 23): the sensor at least 0.5x tcpdump.
#   bench/sensor.sh [N packets, default 1000000]     RUNS=3 by default
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-1000000}
RUNS=${RUNS:-3}
command -v tcpdump >/dev/null || { echo "needs tcpdump" >&2; exit 2; }
FILE=$("$ROOT/bench/make-capture.sh" "$N")
JAR="$ROOT/target/netwatch.jar"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
best_sensor=; best_tcpdump=
for ((i = 1; i <= RUNS; i++)); do
  t_tcpdump=$(seconds tcpdump -r "$FILE" -w /dev/null)
  t_sensor=$(seconds java -jar "$JAR" sensor --read "$FILE" --dry-run --quiet)
  printf 'run %d: tcpdump %.2f s, sensor %.2f s\n' "$i" "$t_tcpdump" "$t_sensor"
  if [ -z "$best_tcpdump" ] || (( $(echo "$t_tcpdump < $best_tcpdump" | bc -l) )); then best_tcpdump=$t_tcpdump; fi
  if [ -z "$best_sensor" ] || (( $(echo "$t_sensor < $best_sensor" | bc -l) )); then best_sensor=$t_sensor; fi
done
printf 'packets %d (%s, %s bytes), %s, %d cores\n' "$N" "$(basename "$FILE")" "$(stat -c %s "$FILE")" "$(date -u +%FT%TZ)" "$(nproc)"
printf 'tcpdump -r -w /dev/null: %.0f packets/s (best of %d)\n' "$(echo "$N / $best_tcpdump" | bc -l)" "$RUNS"
printf 'sensor --dry-run:        %.0f packets/s (best of %d, JVM start included)\n' "$(echo "$N / $best_sensor" | bc -l)" "$RUNS"
printf 'sensor / tcpdump:        %.2f (goal >= 0.5)\n' "$(echo "$best_tcpdump / $best_sensor" | bc -l)"
