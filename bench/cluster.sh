#!/usr/bin/env bash
# What sharding the stream costs: a 3-master Redis Cluster with STREAM_SHARDS=3 beside standalone Redis with one
# shard, in the same run on the same machine (docs/scaling.md). Per mode:
#   P      single packets into the ingest role (conf/nodes/ingest.json), wrk -c64, DURATION s
#   drain  rows/s the analyzer role (conf/nodes/analyzer.json) commits draining a backlog that batches of 100
#          packets (100 conversations, so every shard) wrote while no analyzer ran
# Detectors are off in both modes (their script's cluster form is measured with detection). Needs redis-server,
# redis-cli, psql, wrk (bench/README.md), a PostgreSQL at $PG. On two cores no speed-up is expected.
#   bench/cluster.sh                  # DURATION=20
#   DURATION=3 bench/cluster.sh       # a smoke run: not figures to quote
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
STANDALONE=${STANDALONE:-redis://127.0.0.1:6379}
TOKEN=bench-cluster-token-0123456789
DB=netwatch_cluster_bench
WORK=$(mktemp -d /tmp/netwatch-cluster-bench.XXXXXX)
PIDS=()
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for tool in redis-server redis-cli psql wrk java; do command -v "$tool" >/dev/null || { log "missing: $tool"; exit 2; }; done
[ -f target/netwatch.jar ] || mvn -B -q -DskipTests package

# A node per port: started on a random port, another tried if it cannot bind (nothing picked then released).
start_node() {
  for _ in $(seq 20); do
    local port=$(( 20000 + RANDOM % 30000 ))
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "nodes-$port.conf" \
      --cluster-require-full-coverage no --save "" --appendonly no --dir "$WORK" --logfile "$WORK/redis-$port.log" &
    local pid=$!
    for _ in $(seq 100); do
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      if redis-cli -p "$port" info server 2>/dev/null | grep -q "process_id:$pid"; then PIDS+=("$pid"); PORTS+=("$port"); return; fi
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  done
  log "no free port for a cluster node"; exit 1
}
PORTS=(); for _ in 1 2 3; do start_node; done   # not in $( ): PIDS must reach cleanup
redis-cli --cluster create "${PORTS[@]/#/127.0.0.1:}" --cluster-yes >/dev/null
SEEDS=$(printf 'redis://127.0.0.1:%s,' "${PORTS[@]}"); SEEDS=${SEEDS%,}
for _ in $(seq 100); do redis-cli -p "${PORTS[0]}" cluster info | grep -q cluster_state:ok && break; sleep 0.2; done

# A batch of 100 packets, 100 conversations.
batch="$WORK/batch.json"
{ printf '['; for i in $(seq 0 99); do [ "$i" = 0 ] || printf ','
  printf '{"src_ip":"10.1.%d.%d","dst_ip":"192.168.1.10","protocol":"TCP","dst_port":443,"payload_len":100}' $((i / 10)) "$i"
done; printf ']'; } > "$batch"

role() {  # mode-name conf log, then settings; the JVM's pid in $!
  local conf=$2 out=$3; shift 3
  env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} DATABASE_URL="$PG/$DB" INGESTION_TOKEN="$TOKEN" \
    INGEST_PORT=-1 MANAGEMENT_PORT=-3 DETECTORS=off STREAM_MAX_LEN=100000000 SHED_BACKLOG=0 "$@" \
    java -Xmx512m -XX:+UseParallelGC -jar target/netwatch.jar -conf "$conf" > "$out" 2>&1 &
}
port_of() { for _ in $(seq 300); do p=$(grep -o "$2 listening on port [0-9]*" "$1" | head -n 1 | awk '{print $NF}'); [ -n "$p" ] && { echo "$p"; return; }; sleep 0.2; done; log "no $2 port in $1"; exit 1; }
rows() { psql -X -q -t -A "$PG/$DB" -c 'SELECT count(*) FROM anomalies'; }
# Rows the analyzer committed, from its own counter: polling count(*) would compete with the drain it measures.
committed() { curl -s --max-time 2 "http://127.0.0.1:$1/metrics" | awk '/^netwatch_persistence_rows_total/ {printf "%d", $2; f = 1} END {if (!f) print 0}'; }
rps() { WRK_TOKEN=$TOKEN WRK_BODY_FILE=${3:-} wrk -t1 -c"$2" -d"${DURATION}s" -s bench/wrk/post.lua "http://127.0.0.1:$1/ingest" | awk '/Requests\/sec/ {print $2}'; }

entries() {  # mode stream: the entries its shards hold (what ingest accepted; nothing is trimmed yet)
  if [ "$1" = standalone ]; then redis-cli -u "$STANDALONE" XLEN "$2"; return; fi
  local n=0; for i in 0 1 2; do n=$(( n + $(redis-cli -c -p "${PORTS[0]}" XLEN "{$2:$i}") )); done; echo "$n"
}
measure() {  # name, then settings
  local name=$1; shift
  PGOPTIONS='-c client_min_messages=warning' psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
  local stream="netwatch-cluster-bench:$$:$name"
  role "$name" conf/nodes/ingest.json "$WORK/ingest-$name.log" REDIS_STREAM_NAME="$stream" "$@"; local ingest=$!; PIDS+=("$ingest")
  local port; port=$(port_of "$WORK/ingest-$name.log" ingest)
  rps "$port" 64 >/dev/null                           # warm-up, not counted
  local p; p=$(rps "$port" 64)
  local batches; batches=$(rps "$port" 4 "$batch")    # the backlog the analyzer drains
  kill "$ingest"; wait "$ingest" 2>/dev/null || true
  local start total; total=$(entries "$name" "$stream")   # before the analyzer starts trimming what it acknowledged
  start=$(date +%s.%N)
  role "$name" conf/nodes/analyzer.json "$WORK/analyzer-$name.log" REDIS_STREAM_NAME="$stream" "$@"; local analyzer=$!; PIDS+=("$analyzer")
  local management; management=$(port_of "$WORK/analyzer-$name.log" management)
  for _ in $(seq 1200); do
    [ "$(committed "$management")" -lt "$total" ] || break
    kill -0 "$analyzer" 2>/dev/null || { log "the analyzer stopped: see below"; tail -n 20 "$WORK/analyzer-$name.log" >&2; exit 1; }
    sleep 0.5
  done
  local secs; secs=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {print a - b}')
  local drained; drained=$(rows)
  kill "$analyzer"; wait "$analyzer" 2>/dev/null || true
  [ "$name" != standalone ] || redis-cli -u "$STANDALONE" DEL "$stream" "$stream:dead" >/dev/null
  LAST_P=$p; LAST_DRAIN=$(awk -v r="$drained" -v s="$secs" 'BEGIN {printf "%d", r / s}')
  printf '| %s | %s req/s | %s rows in %.1f s (JVM start included): %s rows/s |\n' "$name" "$p" "$drained" "$secs" "$LAST_DRAIN"
}

# wrk's own ceiling on this machine, now: bench's trivial route (one event loop) with the same script.
BENCH_JAR=bench/target/netwatch-bench.jar
[ -f "$BENCH_JAR" ] || (cd bench && mvn -B -q package)
trivial=$(java -cp "$BENCH_JAR" io.netwatch.bench.LoadGenerator free-port)
java -Xmx256m -cp "$BENCH_JAR" io.netwatch.bench.TrivialRoute "$trivial" 1 > "$WORK/trivial.log" 2>&1 & PIDS+=("$!")
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$trivial/" && break; sleep 0.1; done
echo "wrk -t1 -c64 on the trivial route: $(rps "$trivial" 64) req/s (wrk's ceiling here)"
echo
echo "| mode | P (single packets, wrk -c64, ${DURATION} s) | drain |"
echo "|---|---|---|"
measure standalone REDIS_MODE=standalone REDIS_URL="$STANDALONE" STREAM_SHARDS=1
P_ONE=$LAST_P; DRAIN_ONE=$LAST_DRAIN
measure cluster-3-shards REDIS_MODE=cluster REDIS_URL="$SEEDS" STREAM_SHARDS=3
echo
awk -v p="$LAST_P" -v p1="$P_ONE" -v d="$LAST_DRAIN" -v d1="$DRAIN_ONE" \
  'BEGIN {printf "cluster / standalone: P %.2f, drain %.2f\n", p / p1, d / d1}'
