#!/usr/bin/env bash
# The benchmark: starts the platform fresh (throwaway database and stream), measures figures A-E and
# their references on this machine in the same run, and prints a Markdown table (also written to
# bench/results/<date>.md). Knobs: QUICK=1 (short runs, ~3 min), RUNS (default 3), RUN_SECONDS,
# SUSTAIN_SECONDS, PG (server URL without database), REDIS_HOST/REDIS_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=${QUICK:-0}
RUNS=${RUNS:-3}
RUN_SECONDS=${RUN_SECONDS:-$([ "$QUICK" = 1 ] && echo 5 || echo 15)}
SUSTAIN_SECONDS=${SUSTAIN_SECONDS:-$([ "$QUICK" = 1 ] && echo 15 || echo 60)}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
INGEST_PORT=18080
WEB_PORT=13000
TRIVIAL_PORT=18090
DB=netwatch_bench
STREAM=bench:raw
REF_STREAM=bench:reference
WORK=$(mktemp -d)
PACKET='{"src_ip":"10.0.0.5","dst_ip":"192.168.1.10","protocol":"TCP","src_port":51234,"dst_port":4444,"payload_len":512,"ttl":64,"tcp_flags":2,"payload_hex":"deadbeef","pkt_rate":15000}'
PIDS=()

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
field() { sed -E "s/.*\"$1\":([0-9.eE+-]+).*/\1/"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
redis() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@" >/dev/null; }
sql() { psql -q -v ON_ERROR_STOP=1 "$PG/$1" -c "$2" >/dev/null; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis DEL "$STREAM" "$STREAM:dead" "$REF_STREAM" || true
  sql postgres "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 240); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.25; done
  log "nothing listens on port $1"; return 1
}

load() { java -cp bench/target/netwatch-bench.jar io.netwatch.bench.LoadGenerator "$@"; }

# Starts the platform with one of the config files; environment overrides point it at the throwaway
# database and stream. Extra arguments go to the launcher.
start_platform() {
  local conf=$1; shift
  DATABASE_URL="$PG/$DB" REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT" REDIS_STREAM_NAME="$STREAM" \
    INGEST_PORT=$INGEST_PORT WEB_PORT=$WEB_PORT STREAM_MAX_LEN=${STREAM_MAX_LEN:-100000000} \
    java -Xmx512m ${PLATFORM_JAVA_OPTS:-} -jar target/netwatch.jar -conf "$conf" "$@" > "$WORK/platform.log" 2>&1 &
  PLATFORM_PID=$!
  PIDS+=("$PLATFORM_PID")
  wait_port $INGEST_PORT
}

stop_platform() {
  kill "$PLATFORM_PID" 2>/dev/null || true
  wait "$PLATFORM_PID" 2>/dev/null || true
}

log "building the platform and the load generator"
mvn -B -q -DskipTests package
(cd bench && mvn -B -q package)
sql postgres "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
sql postgres "CREATE DATABASE $DB"
redis DEL "$STREAM" "$STREAM:dead" "$REF_STREAM"

# --- A reference: the trivial Vert.x route -----------------------------------------------------------
log "A reference: trivial Vert.x route, 64 connections, ${RUNS} x ${RUN_SECONDS}s"
java -cp bench/target/netwatch-bench.jar io.netwatch.bench.TrivialRoute $TRIVIAL_PORT 1 > "$WORK/trivial.log" 2>&1 &
TRIVIAL_PID=$!
PIDS+=("$TRIVIAL_PID")
wait_port $TRIVIAL_PORT
for i in $(seq 1 "$RUNS"); do
  load closed --url "http://127.0.0.1:$TRIVIAL_PORT/ingest" --connections 64 --seconds "$RUN_SECONDS"
done > "$WORK/a_ref.json"
kill "$TRIVIAL_PID"; wait "$TRIVIAL_PID" 2>/dev/null || true

# --- A and B: the ingest role alone (what a sensor talks to) ----------------------------------------
log "A: single-packet ingest, 64 connections; B: batches of 1,000 (ingest node config)"
start_platform conf/nodes/ingest.json
for i in $(seq 1 "$RUNS"); do
  load closed --url "http://127.0.0.1:$INGEST_PORT/ingest" --connections 64 --seconds "$RUN_SECONDS"
  redis DEL "$STREAM"
done > "$WORK/a.json"
for i in $(seq 1 "$RUNS"); do
  load closed --url "http://127.0.0.1:$INGEST_PORT/ingest" --connections 4 --batch 1000 --seconds "$RUN_SECONDS"
  redis DEL "$STREAM"
done > "$WORK/b.json"
stop_platform

log "B reference: redis-benchmark XADD -c 1 -P 64"
for i in $(seq 1 "$RUNS"); do
  redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -c 1 -P 64 -n 500000 -q XADD "$REF_STREAM" '*' packet "$PACKET" \
    | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' | tail -n 1 | awk '{print $1}'
  redis DEL "$REF_STREAM"
done > "$WORK/b_ref.txt"

# --- C reference: pgbench, one client, 64-row inserts into a copy of the anomalies table -----------
log "C reference: pgbench 64-row inserts, one client"
start_platform conf/platform.json   # creates the schema
stop_platform
sql $DB "CREATE TABLE bench_anomalies (LIKE anomalies INCLUDING ALL)"
cat > "$WORK/insert64.sql" <<'SQL'
INSERT INTO bench_anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl, tcp_flags,
  pkt_rate, entropy, score, severity, reasons, received_at)
SELECT gen_random_uuid()::text, '10.0.0.5', '192.168.1.10', 'TCP', 51234, 4444, 512, 64, 2, 15000, 2.0, 0.75,
  'critical', '{suspicious_port,syn_only,high_rate}', now()
FROM generate_series(1, 64);
SQL
for i in $(seq 1 "$RUNS"); do
  pgbench -n -c 1 -T "$RUN_SECONDS" -f "$WORK/insert64.sql" "$PG/$DB" 2>/dev/null \
    | grep -E '^tps' | awk '{printf "%.0f\n", $3 * 64}'
done > "$WORK/c_ref.txt"
sql $DB "DROP TABLE bench_anomalies"

# --- C and E: the whole pipeline at a fixed packet rate, backlog and memory sampled ----------------
monitor() {  # peak RSS (kB) and peak heap used (kB) of the platform JVM, once a second
  local pid=$1 out=$2
  while kill -0 "$pid" 2>/dev/null; do
    local rss heap
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    heap=$(jstat -gc "$pid" 2>/dev/null | awk 'NR==2 {printf "%.0f", $3 + $4 + $6 + $8}')
    echo "${rss:-0} ${heap:-0}" >> "$out"
    sleep 1
  done
}

held() {  # a run held when nothing failed and the backlog at the end is under 2 s of load
  local json=$1 rate=$2
  local errors last
  errors=$(echo "$json" | field errors)
  last=$(echo "$json" | sed -E 's/.*"backlog":\[([0-9,]*)\].*/\1/' | tr ',' '\n' | tail -n 1)
  [ "${errors%.*}" = 0 ] && [ -n "$last" ] && [ "$last" -lt $((rate * 2)) ]
}

sustain() {
  load sustain --url "http://127.0.0.1:$INGEST_PORT/ingest" --rate "$1" --batch 100 --connections 16 \
    --seconds "$SUSTAIN_SECONDS" --ready "http://127.0.0.1:$WEB_PORT/ready"
}

drain() {
  for _ in $(seq 1 120); do
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" XLEN "$STREAM")" -lt 1000 ] && return 0
    sleep 1
  done
}

log "C: highest packet rate the whole pipeline holds for ${SUSTAIN_SECONDS}s (batches of 100 per request)"
start_platform conf/platform.json
wait_port $WEB_PORT
monitor "$PLATFORM_PID" "$WORK/memory.txt" &
PIDS+=("$!")
rate=${C_START_RATE:-20000}
best=0
: > "$WORK/c_steps.txt"
while :; do
  json=$(sustain "$rate")
  echo "$rate $json" >> "$WORK/c_steps.txt"
  if held "$json" "$rate"; then
    log "  $rate packets/s held"
    best=$rate
    rate=$((rate * 5 / 4))
    drain
  else
    log "  $rate packets/s not held"
    break
  fi
  [ "$rate" -gt 200000 ] && break
done
confirm=1
if [ "$best" -gt 0 ]; then
  for i in $(seq 2 "$RUNS"); do
    drain
    json=$(sustain "$best")
    echo "$best $json" >> "$WORK/c_steps.txt"
    held "$json" "$best" && confirm=$((confirm + 1))
  done
fi
stop_platform
oom=$(grep -c OutOfMemoryError "$WORK/platform.log" || true)

# --- D: ingest 200 to the row on anomalies.new, at 5,000 packets/s, over the clustered event bus ------
log "D: end-to-end latency at 5,000 packets/s (event-bus client in the cluster)"
sed -e "s#<cluster-name>netwatch</cluster-name>#<cluster-name>netwatch-bench</cluster-name>#" \
    -e "s#>5701</port>#>5901</port>#" conf/cluster.xml > "$WORK/cluster.xml"
PLATFORM_JAVA_OPTS="-Dvertx.hazelcast.config=$WORK/cluster.xml" start_platform conf/platform.json -cluster -cluster-host 127.0.0.1
wait_port $WEB_PORT
for i in $(seq 1 "$RUNS"); do
  load e2e --url "http://127.0.0.1:$INGEST_PORT/ingest" --rate 5000 --seconds $((RUN_SECONDS * 2)) \
    --cluster-xml "$WORK/cluster.xml" 2>/dev/null | grep '^{'
done > "$WORK/d.json"
stop_platform

# --- the table -----------------------------------------------------------------------------------------
a_ref=$(field requests_per_s < "$WORK/a_ref.json" | median)
a=$(field requests_per_s < "$WORK/a.json" | median)
a_p50=$(field p50_ms < "$WORK/a.json" | median)
a_p99=$(field p99_ms < "$WORK/a.json" | median)
a_p999=$(field p999_ms < "$WORK/a.json" | median)
a_err=$(field errors < "$WORK/a.json" | awk '{s += $1} END {print s + 0}')
b=$(field requests_per_s < "$WORK/b.json" | median | awk '{print $1 * 1000}')
b_err=$(field errors < "$WORK/b.json" | awk '{s += $1} END {print s + 0}')
b_ref=$(median < "$WORK/b_ref.txt")
c_ref=$(median < "$WORK/c_ref.txt")
d_p50=$(field p50_ms < "$WORK/d.json" | median)
d_p99=$(field p99_ms < "$WORK/d.json" | median)
d_matched=$(field matched < "$WORK/d.json" | median)
d_sent=$(field sent < "$WORK/d.json" | median)
rss_mb=$(awk '{if ($1 > m) m = $1} END {printf "%.0f", m / 1024}' "$WORK/memory.txt")
heap_mb=$(awk '{if ($2 > m) m = $2} END {printf "%.0f", m / 1024}' "$WORK/memory.txt")

mkdir -p bench/results
out="bench/results/$(date +%Y-%m-%d).md"
{
  echo "Benchmark of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB,"
  echo "$(java -version 2>&1 | head -n 1); load generator on the same machine; median of $RUNS runs."
  echo
  echo "| figure | measured | reference | ratio | target |"
  echo "|---|---|---|---|---|"
  echo "| A. single-packet ingest, 64 connections | $a req/s, p50 $a_p50 ms, p99 $a_p99 ms, p99.9 $a_p999 ms, $a_err errors | trivial Vert.x route $a_ref req/s | $(ratio "$a" "$a_ref") | ≥ 0.55, p99 ≤ 5 ms |"
  echo "| B. batch ingest, 1,000 packets/request | $b packets/s, $b_err errors | redis-benchmark XADD -c 1 -P 64: $b_ref/s | $(ratio "$b" "$b_ref") | ≥ 0.3 |"
  echo "| C. end-to-end sustained ${SUSTAIN_SECONDS}s | $best packets/s (held in $confirm of $RUNS runs) | pgbench 64-row inserts, 1 client: $c_ref rows/s | $(ratio "$best" "$c_ref") | ≥ 0.15 and ≥ 30,000/s |"
  echo "| D. end-to-end latency at 5,000/s | p50 $d_p50 ms, p99 $d_p99 ms ($d_matched of $d_sent rows seen) | — | — | p50 ≤ 10 ms, p99 ≤ 50 ms |"
  echo "| E. memory during C, -Xmx512m | peak RSS $rss_mb MiB, peak heap $heap_mb MiB, OutOfMemoryError: $oom | — | — | RSS ≤ 1 GiB, no OOM |"
  echo
  echo "C steps (rate, then the load generator's result with the backlog sampled each second):"
  echo '```'
  cat "$WORK/c_steps.txt"
  echo '```'
} | tee "$out"
log "written to $out"
