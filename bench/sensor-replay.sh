#!/usr/bin/env bash
# Issue 23's replay figures, on the whole platform (conf/platform.json, detectors on):
#  1. P: single packets, wrk -t1 -c64 through bench/wrk/post.lua, after a warm-up, with wrk's ceiling on bench's
#     trivial route in the same run; and P-random, the same with bench/wrk/random-source.lua (every packet new keys
#     for the detectors, as the capture's random-source flood is; P's one packet is detection's cheapest case);
#  2. the same warm platform fed a capture of N packets (bench/make-capture.sh) by `sensor --speed max` (batches of
#     500, gzip): packets/s from the sensor's start (its JVM start included) until every packet is a row;
#  3. a 60-s slice of that capture replayed at --speed 1 and at --speed max, each into a fresh platform: their
#     alerts (detector, key, packet count, first and last seen) must be equal.
#   bench/sensor-replay.sh [N, default 1000000]          P_SECONDS=20 WARMUP=20 by default
# SETTINGS="MAX_IN_FLIGHT=4 ...": environment settings for every platform it starts (default none).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-1000000}
P_SECONDS=${P_SECONDS:-20}
WARMUP=${WARMUP:-20}
OPTS=${OPTS:--XX:+UseParallelGC -XX:NewRatio=1}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
BENCH_JAR=$ROOT/bench/target/netwatch-bench.jar
WORK=$(mktemp -d /tmp/netwatch-sensor-replay.XXXXXX)
for tool in wrk psql redis-cli curl tshark; do command -v $tool >/dev/null || { echo "needs $tool (bench/README.md)" >&2; exit 2; }; done
# shellcheck source=bench/lib/one-platform.sh
source "$ROOT/bench/lib/one-platform.sh"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

FILE=$("$ROOT/bench/make-capture.sh" "$N")
tshark -r "$FILE" -Y 'frame.time_relative <= 60' -F pcap -w "$WORK/slice.pcap"
wrk_post() {  # port seconds [script]
  WRK_TOKEN=$PLATFORM_TOKEN wrk -t1 -c64 -d"$2s" --latency -s "$ROOT/bench/wrk/${3:-post.lua}" "http://127.0.0.1:$1/ingest"
}
sensor() {  # platform speed file: runs the sensor to its end, prints its summary line
  java -jar "$WORK/netwatch.jar" sensor --read "$3" --ingest "http://127.0.0.1:${INGEST_PORT[$1]}/ingest" \
    --token "$PLATFORM_TOKEN" --name bench-replay --speed "$2" --quiet 2>&1 | grep 'sensor: done' || { echo "sensor failed" >&2; exit 1; }
}
sent_of() { sed -n 's/.* \([0-9,]*\) packets sent.*/\1/p' <<< "$1" | tr -d ,; }
wait_rows() {  # platform rows
  for _ in $(seq 1 3000); do [ "$(platform_rows "$1")" -ge "$2" ] && return 0; sleep 0.1; done
  echo "platform $1: $(platform_rows "$1") rows, expected $2" >&2; exit 1
}
platform_settled() {
  for _ in $(seq 1 600); do
    [ "$(redis-cli XPENDING "${PLATFORM_STREAM[$1]}" analyzers | head -n 1)" = 0 ] && return 0; sleep 0.1
  done
  echo "platform $1: entries still pending" >&2; exit 1
}
alerts() {
  psql -X -tA "$PG/${PLATFORM_DB[$1]}" -c "SELECT detector || ' ' || alert_key || ' ' || packet_count || ' '
    || first_seen || ' ' || last_seen FROM alerts ORDER BY 1"
}

log "1. P: starting the platform, warming up ${WARMUP}s twice"
platform_start p "$OPTS" ${SETTINGS:-}
TRIVIAL=$(free_port)
java -Xmx256m -cp "$BENCH_JAR" io.netwatch.bench.TrivialRoute "$TRIVIAL" 1 > "$WORK/trivial.log" 2>&1 &
TRIVIAL_PID=$!
for _ in 1 2; do wrk_post "${INGEST_PORT[p]}" "$WARMUP" > /dev/null; platform_drain p; done
wrk_post "$TRIVIAL" 5 > /dev/null # the trivial route's JVM warms up too
wrk_post "$TRIVIAL" 5 > "$WORK/trivial.txt"
wrk_post "$TRIVIAL" 5 random-source.lua > "$WORK/trivial-random.txt"
kill "$TRIVIAL_PID"; TRIVIAL_PID=
wrk_post "${INGEST_PORT[p]}" "$P_SECONDS" > "$WORK/p.txt"
p_backlog=$(platform_backlog p)
platform_drain p
# P-random outruns the pipeline (its backlog grows): counted as rows committed from wrk's start to the drain's end.
before=$(platform_rows p); t0=$EPOCHREALTIME
wrk_post "${INGEST_PORT[p]}" "$P_SECONDS" random-source.lua > "$WORK/p-random.txt"
p_random_backlog=$(platform_backlog p)
platform_drain p
p_random_committed=$(awk -v n="$(( $(platform_rows p) - before ))" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", n / (b - a)}')
rate() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '/^ *99%/ {print $2}' "$1"; }
printf 'P: %s req/s, p99 %s, backlog at its end %s; wrk on the trivial route: %s req/s\n' \
  "$(rate "$WORK/p.txt")" "$(p99 "$WORK/p.txt")" "$p_backlog" "$(rate "$WORK/trivial.txt")"
printf 'P-random: %s packets/s committed (wrk: %s req/s accepted, p99 %s, backlog at its end %s); wrk with random-source.lua on the trivial route: %s req/s\n' \
  "$p_random_committed" "$(rate "$WORK/p-random.txt")" "$(p99 "$WORK/p-random.txt")" "$p_random_backlog" \
  "$(rate "$WORK/trivial-random.txt")"

log "2. replaying $(basename "$FILE") at --speed max into the same platform"
before=$(platform_rows p)
t0=$EPOCHREALTIME
summary=$(sensor p max "$FILE")
t_acked=$EPOCHREALTIME
sent=$(sent_of "$summary")
wait_rows p $((before + sent))
t1=$EPOCHREALTIME
printf 'replay: %s packets sent, %s rows stored (%s)\n' "$sent" "$(( $(platform_rows p) - before ))" "${summary#*: }"
awk -v n="$sent" -v a="$t0" -v b="$t_acked" -v c="$t1" 'BEGIN {
  printf "replay: all acknowledged after %.1f s, all committed after %.1f s: %.0f packets/s committed (sensor JVM start included)\n", b - a, c - a, n / (c - a) }'

log "3. a 60-s slice ($(capinfos -Mc "$WORK/slice.pcap" | awk '/Number of packets/ {print $NF}') packets) at --speed 1 and --speed max, each into a fresh platform"
platform_stop_all; unset 'PLATFORM_PID[p]' 'PLATFORM_DB[p]'
platform_start one "$OPTS" ${SETTINGS:-}
platform_start max "$OPTS" ${SETTINGS:-}
for speed in 1 max; do
  name=$([ "$speed" = 1 ] && echo one || echo max)
  t0=$EPOCHREALTIME
  summary=$(sensor "$name" "$speed" "$WORK/slice.pcap")
  wait_rows "$name" "$(sent_of "$summary")"
  awk -v a="$t0" -v b="$EPOCHREALTIME" -v s="$speed" 'BEGIN {printf "slice at --speed %s: replayed and stored in %.1f s\n", s, b - a}'
done
# Detection runs after the commit and before the acknowledgement: the alerts are final once nothing is pending.
for name in one max; do platform_drain "$name"; platform_settled "$name"; done
alerts one > "$WORK/alerts-one"; alerts max > "$WORK/alerts-max"
echo "alerts of the slice at --speed 1: $(wc -l < "$WORK/alerts-one"), at --speed max: $(wc -l < "$WORK/alerts-max");" \
  "$(cmp -s "$WORK/alerts-one" "$WORK/alerts-max" && echo "equal (detector, key, count, first and last seen)" || echo DIFFERENT)"
sed 's/^/  /' "$WORK/alerts-one"
if ! diff "$WORK/alerts-one" "$WORK/alerts-max"; then
  mkdir -p /tmp/netwatch-sensor-replay-logs && cp "$WORK"/*.log /tmp/netwatch-sensor-replay-logs/
  echo "platform logs kept in /tmp/netwatch-sensor-replay-logs"
fi
