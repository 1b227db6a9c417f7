#!/usr/bin/env bash
# Figure P with N registered sensors against the single token (issue 27: within 5 %), on ONE platform: the whole
# platform (conf/platform.json) with N sensors registered, driven in alternated turns by wrk -t1 -c64 through
# bench/wrk/post-sensors.lua with either the one INGESTION_TOKEN (A) or the N sensors' tokens in turn (B: every
# request's token looked up, every row attributed to its sensor). One JVM for both sides, so JIT and heap are
# shared and only the token path differs; both go through the same Lua script, so wrk's cost is the same, and
# each round first measures wrk's own ceiling on bench's trivial route with that script.
#
#   bench/sensors-ab.sh [N, default 100]          ROUNDS=6 SECONDS_PER_RUN=10 WARMUP=20 by default
#
# Prints one line per round (trivial route, A, B: req/s, p99, platform CPU ms per 1,000 requests, wrk's own CPU
# as a share of the one core wrk -t1 can use, non-2xx, the backlog when the run ended) and the median of B/A; then checks rows = entries appended.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100}
ROUNDS=${ROUNDS:-6}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP:-20}
OPTS=${OPTS:--XX:+UseParallelGC -XX:NewRatio=1}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
BENCH_JAR=$ROOT/bench/target/netwatch-bench.jar
WORK=$(mktemp -d /tmp/netwatch-sensors-ab.XXXXXX)

for tool in wrk psql redis-cli curl; do command -v $tool >/dev/null || { echo "needs $tool (bench/README.md)" >&2; exit 2; }; done
# shellcheck source=bench/lib/one-platform.sh
source "$ROOT/bench/lib/one-platform.sh"
TRIVIAL=$(free_port)
platform_start p "$OPTS"
PID=${PLATFORM_PID[p]}; INGEST=${INGEST_PORT[p]}; WEB=${WEB_PORT[p]}; DB=${PLATFORM_DB[p]}; STREAM=${PLATFORM_STREAM[p]}
TOKEN=$PLATFORM_TOKEN
java -Xmx256m -cp "$BENCH_JAR" io.netwatch.bench.TrivialRoute "$TRIVIAL" 1 > "$WORK/trivial.log" 2>&1 &
TRIVIAL_PID=$!

echo "$TOKEN" > "$WORK/tokens-a"
"$ROOT/bench/sensors.sh" register "$N" "http://127.0.0.1:$WEB" dev-admin-token > "$WORK/tokens-b"
# A registration reaches the ingest handlers over the bus: wait until the last sensor's token is taken.
for i in $(seq 1 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$INGEST/ingest" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(tail -n 1 "$WORK/tokens-b")" --data '{"src_ip":"10.0.0.5","dst_ip":"192.168.1.10","protocol":"TCP"}')
  [ "$code" = 200 ] && break
  [ "$i" = 100 ] && { echo "the registered tokens were never taken (HTTP $code)" >&2; exit 1; }
  sleep 0.1
done

run_wrk() {  # port seconds a|b [file for wrk's CPU seconds]: wrk's text output
  (
    WRK_TOKENS_FILE="$WORK/tokens-$3" wrk -t1 -c64 -d"$2s" --latency -s "$ROOT/bench/wrk/post-sensors.lua" \
      "http://127.0.0.1:$1/ingest"
    # bash's times (not in a pipe, which would fork): line 2 is the children's user and system time
    times > "$WORK/times"
    awk 'NR == 2 {split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2]}' "$WORK/times" \
      > "${4:-/dev/null}"
  )
}
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '/^ *99%/ {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {n = $NF} END {print n + 0}' "$1"; }
wrk_share() { awk -v c="$(cat "$WORK/$1.wrkcpu")" -v s="$SECONDS_PER_RUN" 'BEGIN {printf "%.0f%% of a core", 100 * c / s}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
backlog() { platform_backlog p; }
drain() { platform_drain p; }

echo "one platform ($OPTS), $N registered sensors; A: the single INGESTION_TOKEN, B: the $N sensors' tokens in turn"
echo "warming up: ${WARMUP}s each, twice, in turns (the JIT takes tens of seconds on 2 cores)"
run_wrk "$TRIVIAL" "$WARMUP" a > /dev/null
for _ in 1 2; do for x in a b; do run_wrk "$INGEST" "$WARMUP" $x > /dev/null; drain; done; done

ticks=$(getconf CLK_TCK)
for r in $(seq 1 "$ROUNDS"); do
  run_wrk "$TRIVIAL" 5 b > "$WORK/t$r.txt"
  if [ $((r % 2)) = 1 ]; then order="a b"; else order="b a"; fi
  for x in $order; do
    c0=$(cpu_ticks)
    run_wrk "$INGEST" "$SECONDS_PER_RUN" $x "$WORK/$x$r.wrkcpu" > "$WORK/$x$r.txt"
    c1=$(cpu_ticks)
    backlog > "$WORK/$x$r.backlog"
    awk -v c=$((c1 - c0)) -v hz="$ticks" -v r="$(rps "$WORK/$x$r.txt")" -v s="$SECONDS_PER_RUN" \
      'BEGIN {printf "%.1f", c * 1000 / hz / (r * s / 1000)}' > "$WORK/$x$r.cpu"
    drain
  done
  a=$(rps "$WORK/a$r.txt"); b=$(rps "$WORK/b$r.txt")
  printf 'round %d  trivial %6.0f req/s  A %6.0f req/s p99 %-7s %s ms CPU/1k, wrk %s, non-2xx %s, backlog %s  B %6.0f req/s p99 %-7s %s ms CPU/1k, wrk %s, non-2xx %s, backlog %s  B/A %.3f\n' \
    "$r" "$(rps "$WORK/t$r.txt")" "$a" "$(p99 "$WORK/a$r.txt")" "$(cat "$WORK/a$r.cpu")" "$(wrk_share a$r)" "$(non2xx "$WORK/a$r.txt")" "$(cat "$WORK/a$r.backlog")" \
    "$b" "$(p99 "$WORK/b$r.txt")" "$(cat "$WORK/b$r.cpu")" "$(wrk_share b$r)" "$(non2xx "$WORK/b$r.txt")" "$(cat "$WORK/b$r.backlog")" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN {print b / a}')" \
    | tee -a "$WORK/rounds.txt"
done
awk '{print $NF}' "$WORK/rounds.txt" | sort -n \
  | awk '{v[NR] = $1} END {printf "median B/A over %d rounds: %.3f (min %.3f, max %.3f)\n", NR, v[int((NR + 1) / 2)], v[1], v[NR]}'
rows=$(platform_rows p)
added=$(redis-cli XINFO STREAM "$STREAM" | awk 'prev == "entries-added" {print; exit} {prev = $0}')
echo "$rows rows committed, $added entries appended: $([ "$rows" = "$added" ] && echo equal || echo DIFFERENT)"
echo "rows by sensor: $(psql -X -tA "$PG/$DB" -c "SELECT count(DISTINCT sensor) FROM anomalies WHERE sensor LIKE 'bench-sensor-%'") sensors, $(psql -X -tA "$PG/$DB" -c "SELECT count(*) FROM anomalies WHERE sensor IS NULL OR sensor = 'default'") rows of the single token"
