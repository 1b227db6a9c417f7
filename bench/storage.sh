#!/usr/bin/env bash
# Storage figures with many rows present (see bench/README.md, "Storage"): generates ROWS anomalies with SQL
# (generate_series, as the platform would have stored them: hourly partitions over the last HOURS hours, ids in
# time order, minute rollups), then measures on the running platform the history API's latency (wrk, p99), the
# chart query over 24 hours (GET /api/v1/stats?minutes=1440, on rollups) beside the same query on the raw rows,
# an export's rate, and the disk a row takes. Prints a Markdown table and writes it to
# bench/results/<date>-storage-<rows>.md. Stops what it started and drops its database on exit.
#
#   bench/storage.sh                  50,000,000 rows (generation alone takes long: about 1 h on 2 cores)
#   ROWS=1000000 bench/storage.sh     a check that it works (a few minutes)
#
# Knobs (environment): ROWS, HOURS (72), CHUNK (rows per INSERT, 1,000,000), RUN_SECONDS (wrk, 15),
# CONNECTIONS (wrk, 4), STATS_RUNS (20), PG, REDIS_HOST, REDIS_PORT, KEEP_DB=1 (keep the database).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ROWS=${ROWS:-50000000}
HOURS=${HOURS:-72}
CHUNK=${CHUNK:-1000000}
RUN_SECONDS=${RUN_SECONDS:-15}
CONNECTIONS=${CONNECTIONS:-4}
STATS_RUNS=${STATS_RUNS:-20}
RATE_PER_S=${RATE_PER_S:-13000}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
export PGOPTIONS="-c client_min_messages=warning"
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
BENCH_DB=${BENCH_DB:-netwatch_bench_storage}
BENCH_STREAM=netwatch-bench-storage:$$:raw
WORK=$(mktemp -d /tmp/netwatch-storage.XXXXXX)
PLATFORM_PID=
STARTED=$(date +%s)

log() { printf '%s [%4ss] %s\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib/ready.sh
source "$ROOT/bench/lib/ready.sh"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG/$BENCH_DB" -c "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$PLATFORM_PID" ] && kill -0 "$PLATFORM_PID" 2>/dev/null; then
    kill "$PLATFORM_PID"; wait "$PLATFORM_PID" 2>/dev/null || true
  fi
  [ "$status" != 0 ] && [ -f "$WORK/platform.log" ] && tail -n 20 "$WORK/platform.log" >&2
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL "$BENCH_STREAM" "$BENCH_STREAM:dead" >/dev/null 2>&1 || true
  if [ "${KEEP_DB:-0}" != 1 ]; then
    psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java mvn psql curl wrk python3 redis-cli; do
  command -v "$tool" >/dev/null || die "$tool is missing (wrk: apt-get install -y wrk)"
done
if [ ! -f target/netwatch.jar ] || [ -n "$(find pom.xml src -newer target/netwatch.jar -print -quit)" ]; then
  log "building the platform (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
cp target/netwatch.jar "$WORK/netwatch.jar"

psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null
psql -X -q "$PG/postgres" -c "CREATE DATABASE $BENCH_DB" >/dev/null
INGEST_PORT=$(free_port); WEB_PORT=$(free_port)
API=http://127.0.0.1:$WEB_PORT
# RETENTION_RAW_HOURS=0: no partition is dropped under the measurement.
env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  DATABASE_URL="$PG/$BENCH_DB" REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT" REDIS_STREAM_NAME="$BENCH_STREAM" \
  INGEST_PORT="$INGEST_PORT" WEB_PORT="$WEB_PORT" RETENTION_RAW_HOURS=0 PLATFORM_ENV=development \
  java -Xmx512m -jar "$WORK/netwatch.jar" -conf conf/platform.json > "$WORK/platform.log" 2>&1 &
PLATFORM_PID=$!
wait_ready "$API/ready" "$PLATFORM_PID"
log "platform ready (web :$WEB_PORT, database $BENCH_DB)"

# --- the rows: hourly partitions over the last HOURS hours, as the platform names them ----------------------
T0=$(q "SELECT date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '$HOURS hours'")
q "DO \$\$ DECLARE t timestamptz; BEGIN
  FOR t IN SELECT generate_series('$T0'::timestamptz, '$T0'::timestamptz + interval '$HOURS hours', interval '1 hour') LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF anomalies FOR VALUES FROM (%L) TO (%L)',
      'anomalies_p' || to_char(t AT TIME ZONE 'UTC', 'YYYYMMDDHH24'), t, t + interval '1 hour');
  END LOOP; END \$\$" >/dev/null
log "generating $ROWS rows over $HOURS hours from $T0 in chunks of $CHUNK"
gen_start=$(date +%s)
# Secondary indexes are built once after the rows are in (as a bulk load would), not row by row: generation
# goes several times faster. The keys (primary, stream_id + received_at) stay, and the definitions are the
# migration's own, read back from the catalog.
# (A partitioned index's definition reads "ON ONLY anomalies": without ONLY it is built on every partition.)
index_ddl=$(q "SELECT string_agg(replace(indexdef, ' ON ONLY ', ' ON '), '; ') FROM pg_indexes
               WHERE tablename = 'anomalies'
               AND indexname IN ('anomalies_severity_id_idx', 'anomalies_src_ip_id_idx', 'anomalies_received_at_idx')")
q "DROP INDEX IF EXISTS anomalies_severity_id_idx, anomalies_src_ip_id_idx, anomalies_received_at_idx" >/dev/null
for ((lo = 1; lo <= ROWS; lo += CHUNK)); do
  hi=$(( lo + CHUNK - 1 < ROWS ? lo + CHUNK - 1 : ROWS ))
  # 2,000 sources; 70 % low (score 0), 15 % medium, 10 % high, 5 % critical.
  q "INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl, tcp_flags,
       pkt_rate, entropy, score, severity, reasons, received_at, created_at)
     SELECT t.ms || '-' || g, ('10.0.' || (h / 256) || '.' || (h % 256))::inet, ('192.168.' || (g % 50) || '.10')::inet,
       CASE WHEN g % 3 = 0 THEN 'UDP' ELSE 'TCP' END, 1024 + g % 60000, CASE WHEN s >= 14 THEN 4444 ELSE 443 END,
       g % 1400, 64, CASE WHEN s >= 17 THEN 2 ELSE 18 END, (g % 20000)::float8, 4.5 + (g % 30) / 10.0,
       CASE WHEN s >= 19 THEN 0.75 WHEN s >= 17 THEN 0.55 WHEN s >= 14 THEN 0.3 ELSE 0 END,
       CASE WHEN s >= 19 THEN 'critical' WHEN s >= 17 THEN 'high' WHEN s >= 14 THEN 'medium' ELSE 'low' END,
       CASE WHEN s >= 19 THEN '{suspicious_port,syn_only,high_rate}'::text[] WHEN s >= 17 THEN '{suspicious_port,syn_only}'
            WHEN s >= 14 THEN '{suspicious_port}' ELSE '{}' END,
       t.at, t.at + interval '3 milliseconds'
     FROM generate_series($lo, $hi) g,
       LATERAL (SELECT ((g::bigint * 7919) % 2000)::int AS h, g % 20 AS s) k,
       LATERAL (SELECT '$T0'::timestamptz + (g - 1) * (interval '$HOURS hours' / $ROWS) AS at) a,
       LATERAL (SELECT (extract(epoch FROM a.at) * 1000)::bigint AS ms, a.at) t" >/dev/null
  log "  $hi rows"
done
log "secondary indexes"
q "$index_ddl" >/dev/null
log "rollups of the generated rows"
q "INSERT INTO rollup_severity_minute (minute, severity, shard, packets, max_score)
   SELECT date_trunc('minute', received_at), severity, 0, count(*), max(score) FROM anomalies GROUP BY 1, 2
   ON CONFLICT (minute, severity, shard) DO UPDATE SET packets = EXCLUDED.packets" >/dev/null
q "INSERT INTO rollup_source_hour (hour, src_ip, shard, anomalies, max_score)
   SELECT date_trunc('hour', received_at), src_ip, 0, count(*), max(score) FROM anomalies WHERE score > 0 GROUP BY 1, 2
   ON CONFLICT (hour, src_ip, shard) DO UPDATE SET anomalies = EXCLUDED.anomalies" >/dev/null
q "VACUUM ANALYZE" >/dev/null
gen_seconds=$(( $(date +%s) - gen_start ))
log "generated in ${gen_seconds}s"

# --- disk -------------------------------------------------------------------------------------------------
raw_bytes=$(q "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'anomalies'::regclass")
rollup_bytes=$(q "SELECT pg_total_relation_size('rollup_severity_minute') + pg_total_relation_size('rollup_source_hour')")
partitions=$(q "SELECT count(*) FROM pg_inherits WHERE inhparent = 'anomalies'::regclass")
bytes_per_row=$(( raw_bytes / ROWS ))
gb_per_day=$(awk -v b="$bytes_per_row" -v r="$RATE_PER_S" 'BEGIN {printf "%.0f", b * r * 86400 / 1e9}')
rollup_mb_per_day=$(awk -v b="$rollup_bytes" -v h="$HOURS" 'BEGIN {printf "%.1f", b / (h / 24) / 1e6}')

# --- history API: wrk, p99 ----------------------------------------------------------------------------------
MIN_ID=$(q "SELECT min(id) FROM anomalies"); MAX_ID=$(q "SELECT max(id) FROM anomalies")
history() {  # name url [random-kind]
  local out
  out=$(WRK_RANDOM="${3:-}" WRK_LO="$MIN_ID" WRK_HI="$MAX_ID" wrk -t1 -c"$CONNECTIONS" -d"${RUN_SECONDS}s" --latency \
    -s bench/wrk/get-random.lua "$2" 2>&1)
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$p50" "$p99" "$rps" "${errors:-0}" >> "$WORK/history.md"
  log "  $1: p50 $p50, p99 $p99, $rps req/s, non-2xx ${errors:-0}"
}
log "history API: wrk -t1 -c$CONNECTIONS, ${RUN_SECONDS}s each"
curl -sf -o /dev/null "$API/api/v1/anomalies?limit=100"
history "newest page (limit=100)" "$API/api/v1/anomalies?limit=100"
history "a page anywhere (random before_id)" "$API/api/v1/anomalies?limit=100" before_id
history "severity=critical, random before_id" "$API/api/v1/anomalies?limit=100&severity=critical" before_id
history "min_severity=high, random before_id" "$API/api/v1/anomalies?limit=100&min_severity=high" before_id
history "src_ip (one of 2,000), newest" "$API/api/v1/anomalies?limit=100" src_ip

# --- charts and top talkers: /api/v1/stats (rollups beyond 60 min), and the raw query it replaces ----------
stats() {  # minutes -> "median max" in ms over STATS_RUNS runs (3 warm-ups first)
  local i
  for i in 1 2 3; do curl -sf -o /dev/null "$API/api/v1/stats?minutes=$1"; done
  for i in $(seq 1 "$STATS_RUNS"); do
    curl -sf -o /dev/null -w '%{time_total}\n' "$API/api/v1/stats?minutes=$1"
  done | sort -n | awk '{v[NR] = $1 * 1000} END {printf "%.1f %.1f", v[int((NR + 1) / 2)], v[NR]}'
}
log "GET /api/v1/stats, $STATS_RUNS runs each"
: > "$WORK/stats.md"
for minutes in 60 1440 10080 43200; do
  read -r median max <<<"$(stats "$minutes")"
  printf '| /api/v1/stats?minutes=%s | %s | %s ms | %s ms |\n' "$minutes" \
    "$([ "$minutes" -le 60 ] && echo raw rows || echo rollups)" "$median" "$max" >> "$WORK/stats.md"
  log "  minutes=$minutes: median $median ms, max $max ms"
done
raw_ms=$(for i in 1 2 3; do
  psql -X -q -v ON_ERROR_STOP=1 "$PG/$BENCH_DB" -c '\timing on' -c "SELECT host(src_ip), count(*), max(score)
    FROM anomalies WHERE received_at >= now() - interval '24 hours' AND score > 0 GROUP BY src_ip
    ORDER BY 2 DESC LIMIT 10" -c "SELECT severity, count(*) FROM anomalies WHERE received_at >= now() - interval '24 hours'
    GROUP BY severity" | awk '/^Time:/ {t += $2} END {printf "%.0f\n", t}'
done | sort -n | sed -n 2p)
log "  the same over the raw rows (psql, top talkers + per severity, median of 3): $raw_ms ms"

# --- export ---------------------------------------------------------------------------------------------------
EXPORT_FROM=$(q "SELECT to_char(('$T0'::timestamptz + interval '24 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
EXPORT_TO=$(q "SELECT to_char(('$T0'::timestamptz + interval '25 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
read -r export_s export_bytes <<<"$(curl -sf -o "$WORK/export.csv" -w '%{time_total} %{size_download}\n' \
  "$API/api/v1/anomalies/export?format=csv&since=$EXPORT_FROM&until=$EXPORT_TO")"
export_rows=$(( $(wc -l < "$WORK/export.csv") - 1 ))
export_rate=$(awk -v r="$export_rows" -v s="$export_s" 'BEGIN {printf "%.0f", r / s}')
rm -f "$WORK/export.csv"
log "export of one hour: $export_rows rows, $export_bytes bytes in ${export_s}s ($export_rate rows/s)"

# --- the table --------------------------------------------------------------------------------------------------
mkdir -p bench/results
RESULT=bench/results/$(date +%Y-%m-%d)-storage-$ROWS.md
{
  echo "# Storage figures, $(date -u +%Y-%m-%dT%H:%MZ), $ROWS rows over $HOURS hours ($(nproc) cores)"
  echo
  echo "Rows generated by SQL in ${gen_seconds}s; $partitions partitions; the platform running (conf/platform.json, -Xmx512m)."
  echo
  echo "| history API (wrk -t1 -c$CONNECTIONS, ${RUN_SECONDS}s) | p50 | p99 | req/s | non-2xx |"
  echo "|---|---|---|---|---|"
  cat "$WORK/history.md"
  echo
  echo "| chart / top talkers | reads | median | max |"
  echo "|---|---|---|---|"
  cat "$WORK/stats.md"
  echo "| the 24-hour query on the raw rows (top talkers + per severity, psql, median of 3) | raw rows | $raw_ms ms | |"
  echo
  echo "| disk | |"
  echo "|---|---|"
  echo "| anomalies (tables + indexes) | $(( raw_bytes / 1000000 )) MB, $bytes_per_row bytes a row |"
  echo "| a day at $RATE_PER_S packets/s | ≈ $gb_per_day GB |"
  echo "| rollups (minute × severity, hour × source) | $(( rollup_bytes / 1000 )) kB, ≈ $rollup_mb_per_day MB a day (generated with one shard; live writes use up to 4) |"
  echo
  echo "| export (CSV, one hour of rows) | rows | bytes | seconds | rows/s |"
  echo "|---|---|---|---|---|"
  echo "| /api/v1/anomalies/export | $export_rows | $export_bytes | $export_s | $export_rate |"
} | tee "$RESULT"
log "written to $RESULT"
