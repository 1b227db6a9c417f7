#!/usr/bin/env bash
# A/B of two builds (or two JVM option sets) on the path sensors use: single packets into the whole platform
# (conf/platform.json), wrk -t1 -c64. Both platforms run side by side, each with its own throwaway database
# and stream, and are measured in turns (A then B, then B then A, ...), so that both see the same machine:
# on a shared 2-core machine, absolute rates drift by ±20 % within minutes, a ratio measured in turns much less.
# Each round also measures the trivial route (bench's TrivialRoute), wrk's own ceiling. Between turns the
# measured platform's backlog drains, so each turn starts with an idle pipeline.
#
#   bench/ab.sh A.jar "A's JVM options" B.jar "B's JVM options"
#   ROUNDS=6 SECONDS_PER_RUN=10 WARMUP=25 bench/ab.sh target/netwatch.jar "" target/netwatch.jar "-XX:NewRatio=1"
#
# Prints one line per round (trivial route, A, B: req/s, p99, platform CPU ms per 1,000 requests, the backlog
# when the run ended: a rate counts only if the pipeline kept up, as in figure P) and the
# median of B/A; then checks rows = entries appended for each (everything accepted was committed).
# (Many sensors against the single token on one platform: bench/sensors-ab.sh.)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# = 4 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
JAR_A=$(realpath "$1"); OPTS_A=$2; JAR_B=$(realpath "$3"); OPTS_B=$4
ROUNDS=${ROUNDS:-6}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP:-25}
XMX=${XMX:-512m}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
BENCH_JAR=$ROOT/bench/target/netwatch-bench.jar
WORK=$(mktemp -d /tmp/netwatch-ab.XXXXXX)
TOKEN=ab-token-$$-$RANDOM
declare -A PID STREAM DB INGEST WEB
TRIVIAL_PID=

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$BENCH_JAR" ] || (cd "$ROOT/bench" && mvn -B -q package)
free_port() { java -cp "$BENCH_JAR" io.netwatch.bench.LoadGenerator free-port; }

cleanup() {
  local x
  for x in a b; do
    [ -n "${PID[$x]:-}" ] && kill "${PID[$x]}" 2>/dev/null || true
  done
  [ -n "$TRIVIAL_PID" ] && kill "$TRIVIAL_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  for x in a b; do
    [ -n "${STREAM[$x]:-}" ] && redis-cli DEL "${STREAM[$x]}" "${STREAM[$x]}:dead" >/dev/null 2>&1 || true
    [ -n "${DB[$x]:-}" ] && psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS ${DB[$x]} WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() {  # a|b jar "opts"
  local x=$1
  DB[$x]=netwatch_ab_$x; STREAM[$x]=netwatch-ab:$$:$x; INGEST[$x]=$(free_port); WEB[$x]=$(free_port)
  psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS ${DB[$x]} WITH (FORCE)" -c "CREATE DATABASE ${DB[$x]}" >/dev/null
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} DATABASE_URL="$PG/${DB[$x]}" \
    REDIS_URL=redis://127.0.0.1:6379 REDIS_STREAM_NAME="${STREAM[$x]}" CONSUMER_GROUP=analyzers \
    INGEST_PORT="${INGEST[$x]}" WEB_PORT="${WEB[$x]}" STREAM_MAX_LEN=100000000 INGESTION_TOKEN="$TOKEN" \
    PLATFORM_ENV=development java -Xmx$XMX $3 -jar "$2" -conf "$(conf_of "$2")" > "$WORK/$x.log" 2>&1 &
  PID[$x]=$!
}
# Each build runs with the conf/platform.json of its own checkout (its verticle list is its own), else this one's.
conf_of() {
  local own; own=$(dirname "$1")/../conf/platform.json
  if [ -f "$own" ]; then realpath "$own"; else echo "$ROOT/conf/platform.json"; fi
}
ready() { curl -sf -o /dev/null "http://127.0.0.1:${WEB[$1]}/ready"; }
backlog() { curl -s --max-time 2 "http://127.0.0.1:${WEB[$1]}/ready" | grep -o '"backlog":[0-9]*' | head -n 1 | cut -d: -f2; }
drain() { local b; for _ in $(seq 1 600); do b=$(backlog "$1"); [ "$b" = 0 ] && return 0; sleep 0.2; done; echo "backlog of $1 not drained" >&2; }
run_wrk() {  # port seconds -> wrk's text output
  WRK_TOKEN=$TOKEN wrk -t1 -c64 -d"$2s" --latency -s "$ROOT/bench/wrk/post.lua" "http://127.0.0.1:$1/ingest"
}
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '/^ *99%/ {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $NF}' "$1"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start a "$JAR_A" "$OPTS_A"
start b "$JAR_B" "$OPTS_B"
TRIVIAL_PORT=$(free_port)
java -Xmx256m -cp "$BENCH_JAR" io.netwatch.bench.TrivialRoute "$TRIVIAL_PORT" 1 > "$WORK/trivial.log" 2>&1 &
TRIVIAL_PID=$!
for x in a b; do
  for i in $(seq 1 240); do ready $x && break; [ "$i" = 240 ] && { tail "$WORK/$x.log" >&2; exit 1; }; sleep 0.5; done
done
echo "A: $JAR_A $OPTS_A"
echo "B: $JAR_B $OPTS_B"
echo "warming up: ${WARMUP}s each, twice, in turns (the JIT takes tens of seconds on 2 cores)"
run_wrk "$TRIVIAL_PORT" "$WARMUP" > /dev/null
for _ in 1 2; do for x in a b; do run_wrk "${INGEST[$x]}" "$WARMUP" > /dev/null; drain $x; done; done

ticks=$(getconf CLK_TCK)
for r in $(seq 1 "$ROUNDS"); do
  run_wrk "$TRIVIAL_PORT" 5 > "$WORK/t$r.txt"
  if [ $((r % 2)) = 1 ]; then order="a b"; else order="b a"; fi
  for x in $order; do
    c0=$(cpu_ticks "${PID[$x]}")
    run_wrk "${INGEST[$x]}" "$SECONDS_PER_RUN" > "$WORK/$x$r.txt"
    c1=$(cpu_ticks "${PID[$x]}")
    backlog $x > "$WORK/$x$r.backlog"   # the pipeline kept up only if this stays small
    awk -v c=$((c1 - c0)) -v hz="$ticks" -v r="$(rps "$WORK/$x$r.txt")" -v s="$SECONDS_PER_RUN" \
      'BEGIN {printf "%.1f", c * 1000 / hz / (r * s / 1000)}' > "$WORK/$x$r.cpu"
    drain $x
  done
  a=$(rps "$WORK/a$r.txt"); b=$(rps "$WORK/b$r.txt")
  printf 'round %d  trivial %6.0f req/s  A %6.0f req/s p99 %-7s %s ms CPU/1k, non-2xx %s, backlog %s  B %6.0f req/s p99 %-7s %s ms CPU/1k, non-2xx %s, backlog %s  B/A %.3f\n' \
    "$r" "$(rps "$WORK/t$r.txt")" "$a" "$(p99 "$WORK/a$r.txt")" "$(cat "$WORK/a$r.cpu")" "$(non2xx "$WORK/a$r.txt" | grep . || echo 0)" "$(cat "$WORK/a$r.backlog")" \
    "$b" "$(p99 "$WORK/b$r.txt")" "$(cat "$WORK/b$r.cpu")" "$(non2xx "$WORK/b$r.txt" | grep . || echo 0)" "$(cat "$WORK/b$r.backlog")" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN {print b / a}')" \
    | tee -a "$WORK/rounds.txt"
done
awk '{print $NF}' "$WORK/rounds.txt" | sort -n \
  | awk '{v[NR] = $1} END {printf "median B/A over %d rounds: %.3f (min %.3f, max %.3f)\n", NR, v[int((NR + 1) / 2)], v[1], v[NR]}'
for x in a b; do
  rows=$(psql -X -tA "$PG/${DB[$x]}" -c 'SELECT count(*) FROM anomalies')
  added=$(redis-cli XINFO STREAM "${STREAM[$x]}" | awk 'prev == "entries-added" {print; exit} {prev = $0}')
  echo "$(echo $x | tr ab AB): $rows rows committed, $added entries appended: $([ "$rows" = "$added" ] && echo equal || echo DIFFERENT)"
done
