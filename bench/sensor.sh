#!/usr/bin/env bash
# The sensor's parse rate against tcpdump's on the same capture in the same run: `sensor --dry-run` (read,
# decode, encode as JSON, send nothing) and `tcpdump -r FILE -w /dev/null` (read and write back), each
# RUNS times in turns, best of each, JVM start included. The sensor is started as users start it,
# `./run.sh sensor`, and as `java -jar` with no flags. The start alone: the same through run.sh on a 20-packet
# fixture; the loop's rate is N over (the run minus the start). The goal (issue 23): the sensor through run.sh
# at least 0.5x tcpdump.
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
SMALL="$ROOT/src/test/resources/pcap/ipv6.pcap"
min() { if [ -z "$1" ] || (( $(echo "$2 < $1" | bc -l) )); then echo "$2"; else echo "$1"; fi; }
best_run=; best_jar=; best_tcpdump=; best_start=
for ((i = 1; i <= RUNS; i++)); do
  t_tcpdump=$(seconds tcpdump -r "$FILE" -w /dev/null)
  t_run=$(seconds "$ROOT/run.sh" sensor --read "$FILE" --dry-run --quiet)
  t_jar=$(seconds java -jar "$JAR" sensor --read "$FILE" --dry-run --quiet)
  t_start=$(seconds "$ROOT/run.sh" sensor --read "$SMALL" --dry-run --quiet)
  printf 'run %d: tcpdump %.2f s, sensor via run.sh %.2f s, via java -jar %.2f s, start via run.sh %.2f s\n' \
    "$i" "$t_tcpdump" "$t_run" "$t_jar" "$t_start"
  best_tcpdump=$(min "$best_tcpdump" "$t_tcpdump"); best_run=$(min "$best_run" "$t_run")
  best_jar=$(min "$best_jar" "$t_jar"); best_start=$(min "$best_start" "$t_start")
done
printf 'packets %d (%s, %s bytes), %s, %d cores\n' "$N" "$(basename "$FILE")" "$(stat -c %s "$FILE")" "$(date -u +%FT%TZ)" "$(nproc)"
printf 'tcpdump -r -w /dev/null:       %.0f packets/s (best of %d)\n' "$(echo "$N / $best_tcpdump" | bc -l)" "$RUNS"
printf 'sensor --dry-run, run.sh:      %.0f packets/s (best of %d, JVM start included)\n' "$(echo "$N / $best_run" | bc -l)" "$RUNS"
printf 'sensor --dry-run, java -jar:   %.0f packets/s (best of %d, JVM start included)\n' "$(echo "$N / $best_jar" | bc -l)" "$RUNS"
printf 'sensor start, run.sh:          %.2f s (20 packets, best of %d)\n' "$best_start" "$RUNS"
printf 'sensor loop, run.sh:           %.0f packets/s (N / (run - start): JVM start excluded)\n' \
  "$(echo "$N / ($best_run - $best_start)" | bc -l)"
printf 'sensor / tcpdump:              %.2f via run.sh, %.2f via java -jar (goal >= 0.5); loop alone %.2f\n' \
  "$(echo "$best_tcpdump / $best_run" | bc -l)" "$(echo "$best_tcpdump / $best_jar" | bc -l)" \
  "$(echo "$best_tcpdump / ($best_run - $best_start)" | bc -l)"
