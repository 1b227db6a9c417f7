#!/usr/bin/env bash
# The benchmark (see bench/README.md). Builds what is missing, starts the whole platform fresh (-Xmx512m,
# conf/platform.json) against a throwaway database and stream, measures figures A-E and their references
# in the same run on this machine, prints a Markdown table and writes it to bench/results/<date>.md.
# Everything it started is stopped on exit, and the throwaway database and streams are dropped.
#
#   bench/run.sh              full run, 3 runs per figure (about 12-15 minutes)
#   QUICK=1 bench/run.sh      short runs (about 2-3 minutes), for a first look
#
# Knobs (environment): RUNS, WARMUP, A_SECONDS, A_CONNECTIONS, B_SECONDS, B_CONNECTIONS, B_BATCH,
# REDIS_N, C_REF_SECONDS, PROBE_RATE, PROBE_SECONDS, SUSTAIN_SECONDS, SUSTAIN_BATCH, SUSTAIN_CONNECTIONS,
# C_START_RATE, C_MAX_STEPS, D_RATE, D_SECONDS, PG, REDIS_HOST, REDIS_PORT, BENCH_DB, BENCH_STREAM,
# BENCH_INGEST_PORT, BENCH_WEB_PORT, BENCH_TRIVIAL_PORT, PLATFORM_CONF, PLATFORM_JAVA_OPTS, JFR=1,
# INGEST_ONLY=0 (skip A'/B', the ingest role alone), BUILD=1 (force rebuilds), KEEP_WORK=1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

QUICK=${QUICK:-0}
pick() { if [ "$QUICK" = 1 ]; then echo "$1"; else echo "$2"; fi; }
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-$(pick 1 2)}
A_SECONDS=${A_SECONDS:-$(pick 3 10)}
A_CONNECTIONS=${A_CONNECTIONS:-64}
B_SECONDS=${B_SECONDS:-$(pick 3 5)}
B_CONNECTIONS=${B_CONNECTIONS:-4}
B_BATCH=${B_BATCH:-1000}
REDIS_N=${REDIS_N:-$(pick 200000 1000000)}
C_REF_SECONDS=${C_REF_SECONDS:-$(pick 3 10)}
PROBE_RATE=${PROBE_RATE:-100000}
PROBE_SECONDS=${PROBE_SECONDS:-$(pick 4 10)}
SUSTAIN_SECONDS=${SUSTAIN_SECONDS:-$(pick 8 60)}
SUSTAIN_BATCH=${SUSTAIN_BATCH:-100}
SUSTAIN_CONNECTIONS=${SUSTAIN_CONNECTIONS:-16}
C_START_RATE=${C_START_RATE:-}
INGEST_ONLY=${INGEST_ONLY:-1}
C_MAX_STEPS=${C_MAX_STEPS:-$(pick 2 4)}
D_RATE=${D_RATE:-5000}
D_SECONDS=${D_SECONDS:-$(pick 4 20)}
D_WARMUP=${D_WARMUP:-$(pick 2 3)}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
BENCH_DB=${BENCH_DB:-netwatch_bench}
BENCH_STREAM=${BENCH_STREAM:-netwatch-bench:$$:raw}
REF_STREAM="$BENCH_STREAM:xadd-reference"
SOLO_STREAM="$BENCH_STREAM:ingest-only"
GROUP=analyzers
TOKEN=bench-ingest-token-$$-$RANDOM
PLATFORM_CONF=${PLATFORM_CONF:-conf/platform.json}
XMX=512m
PACKET='{"src_ip":"10.0.0.5","dst_ip":"192.168.1.10","protocol":"TCP","src_port":51234,"dst_port":4444,"payload_len":512,"ttl":64,"tcp_flags":2,"payload_hex":"deadbeef","pkt_rate":15000}'
BENCH_JAR=bench/target/netwatch-bench.jar
WORK=$(mktemp -d /tmp/netwatch-bench.XXXXXX)
PLATFORM_PID=
SOLO_PID=
TRIVIAL_PID=
MONITOR_PIDS=()
STARTED=$(date +%s)

log() { printf '%s [%4ss] %s\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
rcli() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }
sql() { psql -X -q -v ON_ERROR_STOP=1 "$PG/$1" -c "$2" >/dev/null; }

stop_pid() {  # SIGTERM, up to 30 s of grace (the platform drains in flight batches), then SIGKILL
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${MONITOR_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_pid "$TRIVIAL_PID"
  stop_pid "$SOLO_PID"
  stop_pid "$PLATFORM_PID"
  if [ "$status" != 0 ] && [ -f "$WORK/platform.log" ]; then
    log "the platform's last log lines:"; tail -n 20 "$WORK/platform.log" >&2 || true
  fi
  rcli DEL "$BENCH_STREAM" "$BENCH_STREAM:dead" "$REF_STREAM" "$SOLO_STREAM" >/dev/null 2>&1 || true
  sql postgres "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" 2>/dev/null || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java mvn psql pgbench redis-cli redis-benchmark curl jstat jcmd; do
  command -v "$tool" >/dev/null || die "$tool is missing (pgbench: apt-get install postgresql-client or postgresql-contrib; redis-benchmark: redis-tools)"
done
rcli PING >/dev/null 2>&1 || die "no Redis at $REDIS_HOST:$REDIS_PORT"
psql -X -q "$PG/postgres" -c 'SELECT 1' >/dev/null 2>&1 || die "no PostgreSQL at $PG"

# --- build (only what is missing or older than its sources) ---------------------------------------------
if [ "${BUILD:-0}" = 1 ] || [ ! -f target/netwatch.jar ] \
    || [ -n "$(find pom.xml src webroot conf -newer target/netwatch.jar -print -quit)" ]; then
  log "building the platform (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$BENCH_JAR" ] \
    || [ -n "$(find bench/pom.xml bench/src -newer "$BENCH_JAR" -print -quit)" ]; then
  log "building the load generator (bench/pom.xml)"
  (cd bench && mvn -B -q package)
fi
# Run from copies: another build replacing target/*.jar mid-run must not pull classes from under a JVM.
cp target/netwatch.jar "$WORK/netwatch.jar"
cp "$BENCH_JAR" "$WORK/bench.jar"
load() { java -Xmx1g -cp "$WORK/bench.jar" io.netwatch.bench.LoadGenerator "$@"; }
free_port() { java -cp "$WORK/bench.jar" io.netwatch.bench.LoadGenerator free-port; }
INGEST_PORT=${BENCH_INGEST_PORT:-$(free_port)}
WEB_PORT=${BENCH_WEB_PORT:-$(free_port)}
TRIVIAL_PORT=${BENCH_TRIVIAL_PORT:-$(free_port)}
SOLO_PORT=${BENCH_SOLO_PORT:-$(free_port)}
INGEST_URL=http://127.0.0.1:$INGEST_PORT/ingest
READY_URL=http://127.0.0.1:$WEB_PORT/ready

# --- the throwaway database and stream; the platform ----------------------------------------------------
sql postgres "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
sql postgres "CREATE DATABASE $BENCH_DB"
rcli DEL "$BENCH_STREAM" "$BENCH_STREAM:dead" "$REF_STREAM" "$SOLO_STREAM" >/dev/null

JFR_OPTS=
if [ "${JFR:-0}" = 1 ]; then
  mkdir -p bench/results
  JFR_FILE="$ROOT/bench/results/$(date +%Y-%m-%d-%H%M)-platform.jfr"
  JFR_OPTS="-XX:StartFlightRecording=filename=$JFR_FILE,settings=profile"
fi
# Only the settings below reach a platform JVM from here: nothing else of the caller's environment that
# could point it at real data (CONSUMER_NAME, other URLs, ...) gets through env -i.
platform() {  # conf ingest-port web-port stream log; the JVM's pid in $!
  env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
    DATABASE_URL="$PG/$BENCH_DB" REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT" REDIS_STREAM_NAME="$4" \
    CONSUMER_GROUP="$GROUP" INGEST_PORT="$2" WEB_PORT="$3" STREAM_MAX_LEN=100000000 \
    INGESTION_TOKEN="$TOKEN" PLATFORM_ENV=development \
    java -Xmx$XMX $JFR_OPTS ${PLATFORM_JAVA_OPTS:-} -jar "$WORK/netwatch.jar" -conf "$1" > "$5" 2>&1 &
}
log "starting the platform: $PLATFORM_CONF, -Xmx$XMX, ingest :$INGEST_PORT, web :$WEB_PORT, database $BENCH_DB, stream $BENCH_STREAM"
platform "$PLATFORM_CONF" "$INGEST_PORT" "$WEB_PORT" "$BENCH_STREAM" "$WORK/platform.log"
PLATFORM_PID=$!
for i in $(seq 1 240); do
  curl -sf -o /dev/null "$READY_URL" && break
  kill -0 "$PLATFORM_PID" 2>/dev/null || die "the platform exited during start-up"
  [ "$i" = 240 ] && die "the platform was not ready after 120 s"
  sleep 0.5
done
log "platform ready (pid $PLATFORM_PID)"
if [ "$INGEST_ONLY" = 1 ]; then
  JFR_OPTS_SAVED=$JFR_OPTS; JFR_OPTS=
  log "starting the ingest role alone (conf/nodes/ingest.json) on :$SOLO_PORT, stream $SOLO_STREAM"
  platform conf/nodes/ingest.json "$SOLO_PORT" 0 "$SOLO_STREAM" "$WORK/solo.log"
  SOLO_PID=$!
  JFR_OPTS=$JFR_OPTS_SAVED
  for i in $(seq 1 240); do
    (exec 3<>"/dev/tcp/127.0.0.1/$SOLO_PORT") 2>/dev/null && break
    kill -0 "$SOLO_PID" 2>/dev/null || die "the ingest role exited during start-up"
    [ "$i" = 240 ] && die "the ingest role was not listening after 120 s"
    sleep 0.5
  done
fi

backlog() { curl -s --max-time 2 "$READY_URL" | grep -o '"backlog":[0-9]*' | head -n 1 | cut -d: -f2; }

# Skips whatever the pipeline has not read yet (after ingest-only figures, whose packets would otherwise
# keep the pipeline busy during the next run): the group jumps to the stream's end, with its read counter
# set so that its lag stays known, and the stream is emptied; batches in flight finish and are acknowledged.
discard_backlog() {
  local added
  added=$(rcli XINFO STREAM "$BENCH_STREAM" 2>/dev/null | awk 'prev == "entries-added" {print; exit} {prev = $0}')
  if [ -n "$added" ]; then
    rcli XGROUP SETID "$BENCH_STREAM" "$GROUP" '$' ENTRIESREAD "$added" >/dev/null 2>&1 \
      || rcli XGROUP SETID "$BENCH_STREAM" "$GROUP" '$' >/dev/null
    rcli XTRIM "$BENCH_STREAM" MAXLEN 0 >/dev/null
  fi
  settle 30
}

settle() {  # waits (at most $1 s) until the backlog is under 1,000 entries
  local b
  for _ in $(seq 1 $(( $1 * 2 ))); do
    b=$(backlog); [ -n "$b" ] && [ "$b" -lt 1000 ] && return 0
    sleep 0.5
  done
  log "  backlog still ${b:-unknown} after $1 s"
}

write_meta() {
  cat > "$WORK/meta.json" <<EOF
{"date":"$(date -u +%Y-%m-%dT%H:%MZ)","git":"$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src pom.xml conf 2>/dev/null || echo ' + local changes')","cores":$(nproc),"mem_gib":$(free -g | awk '/Mem/ {print $2}'),"java":"$(java -version 2>&1 | head -n 1 | sed 's/"//g')","runs":$RUNS,"quick":$QUICK,"ingest_only":$INGEST_ONLY,"a_connections":$A_CONNECTIONS,"b_connections":$B_CONNECTIONS,"b_batch":$B_BATCH,"sustain_seconds":$SUSTAIN_SECONDS,"sustain_batch":$SUSTAIN_BATCH,"d_rate":$D_RATE,"xmx":"$XMX"}
EOF
}
write_meta

# --- A: single packets, closed loop, vs the trivial route (interleaved run by run) -----------------------
log "A: single-packet ingest vs a trivial Vert.x route, $A_CONNECTIONS connections, $RUNS x ${A_SECONDS}s"
java -Xmx256m -cp "$WORK/bench.jar" io.netwatch.bench.TrivialRoute "$TRIVIAL_PORT" 1 > "$WORK/trivial.log" 2>&1 &
TRIVIAL_PID=$!
for _ in $(seq 1 40); do grep -q 'trivial route on port' "$WORK/trivial.log" && break; sleep 0.25; done
rate_of() { grep -o "\"$1\":[0-9]*" "$2" | tail -n 1 | cut -d: -f2; }
for i in $(seq 1 "$RUNS"); do
  warm=$WARMUP; [ "$i" = 1 ] && warm=$((WARMUP + $(pick 2 3)))   # the first run also warms the JITs up
  load closed --url "http://127.0.0.1:$TRIVIAL_PORT/ingest" --connections "$A_CONNECTIONS" \
    --seconds "$A_SECONDS" --warmup "$warm" >> "$WORK/a_ref.jsonl"
  load closed --url "$INGEST_URL" --token "$TOKEN" --connections "$A_CONNECTIONS" \
    --seconds "$A_SECONDS" --warmup "$warm" >> "$WORK/a.jsonl"
  discard_backlog
  if [ "$INGEST_ONLY" = 1 ]; then
    load closed --url "http://127.0.0.1:$SOLO_PORT/ingest" --token "$TOKEN" --connections "$A_CONNECTIONS" \
      --seconds "$A_SECONDS" --warmup "$warm" >> "$WORK/a_solo.jsonl"
    rcli DEL "$SOLO_STREAM" >/dev/null
  fi
  log "  run $i: trivial route $(rate_of requests_per_s "$WORK/a_ref.jsonl") req/s, platform" \
    "$(rate_of requests_per_s "$WORK/a.jsonl") req/s$([ "$INGEST_ONLY" = 1 ] && echo ", ingest role alone $(rate_of requests_per_s "$WORK/a_solo.jsonl") req/s")"
done
stop_pid "$TRIVIAL_PID"; TRIVIAL_PID=

# --- B: batches of 1,000 packets vs redis-benchmark XADD -c 1 -P 64 ------------------------------------
log "B: batch ingest ($B_BATCH packets/request, $B_CONNECTIONS connections) vs redis-benchmark XADD, $RUNS runs"
for i in $(seq 1 "$RUNS"); do
  rps=$(redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -c 1 -P 64 -n "$REDIS_N" -q \
      XADD "$REF_STREAM" '*' packet "$PACKET" | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' \
      | tail -n 1 | awk '{print $1}')
  rcli DEL "$REF_STREAM" >/dev/null
  echo "{\"ops_per_s\":${rps:-0}}" >> "$WORK/b_ref.jsonl"
  load batch --url "$INGEST_URL" --token "$TOKEN" --batch "$B_BATCH" --connections "$B_CONNECTIONS" \
    --seconds "$B_SECONDS" --warmup "$WARMUP" >> "$WORK/b.jsonl"
  discard_backlog
  if [ "$INGEST_ONLY" = 1 ]; then
    load batch --url "http://127.0.0.1:$SOLO_PORT/ingest" --token "$TOKEN" --batch "$B_BATCH" \
      --connections "$B_CONNECTIONS" --seconds "$B_SECONDS" --warmup "$WARMUP" >> "$WORK/b_solo.jsonl"
    rcli DEL "$SOLO_STREAM" >/dev/null
  fi
  log "  run $i: redis-benchmark ${rps:-?} XADD/s, platform $(rate_of packets_per_s "$WORK/b.jsonl") packets/s$([ "$INGEST_ONLY" = 1 ] && echo ", ingest role alone $(rate_of packets_per_s "$WORK/b_solo.jsonl") packets/s")"
done
if [ "$INGEST_ONLY" = 1 ]; then stop_pid "$SOLO_PID"; SOLO_PID=; fi

# --- C reference: pgbench, one client, 64-row INSERTs into a copy of the anomalies table -------------
log "C reference: pgbench, 1 client, 64-row INSERTs, $RUNS x ${C_REF_SECONDS}s"
sql "$BENCH_DB" "CREATE TABLE bench_anomalies (LIKE anomalies INCLUDING ALL); CREATE SEQUENCE bench_seq"
{
  # Stream-id-like keys (ascending, like the platform's), the seed packet's values and score.
  echo "INSERT INTO bench_anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl,"
  echo "  tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at) VALUES"
  for r in $(seq 1 64); do
    sep=$([ "$r" = 64 ] && echo ";" || echo ",")
    echo "((1764000000000 + nextval('bench_seq'))::text || '-0', '10.0.0.5', '192.168.1.10', 'TCP', $((51233 + r)), 4444, 512, 64, 2, 15000, 2.0, 0.75, 'critical', '{suspicious_port,syn_only,high_rate}', now())$sep"
  done
} > "$WORK/insert64.sql"
for i in $(seq 1 "$RUNS"); do
  tps=$(pgbench -n -c 1 -j 1 -T "$C_REF_SECONDS" -f "$WORK/insert64.sql" "$PG/$BENCH_DB" 2>"$WORK/pgbench.err" \
      | awk '/^tps/ {print $3; exit}')
  [ -n "$tps" ] || { cat "$WORK/pgbench.err" >&2; die "pgbench failed"; }
  echo "{\"tps\":$tps,\"rows_per_s\":$(awk -v t="$tps" 'BEGIN {printf "%.0f", t * 64}')}" >> "$WORK/c_ref.jsonl"
  log "  run $i: $(awk -v t="$tps" 'BEGIN {printf "%.0f", t * 64}') rows/s"
done
sql "$BENCH_DB" "DROP TABLE bench_anomalies; DROP SEQUENCE bench_seq"

# --- C and E: the highest packet rate the whole pipeline holds; memory sampled meanwhile ----------------
echo 5 > "/proc/$PLATFORM_PID/clear_refs" 2>/dev/null && HWM_RESET=1 || HWM_RESET=0  # VmHWM from now on
jstat -gc "$PLATFORM_PID" 1000 > "$WORK/jstat.txt" 2>/dev/null &
MONITOR_PIDS+=("$!")
( while kill -0 "$PLATFORM_PID" 2>/dev/null; do
    awk '/^VmRSS|^VmHWM/ {printf "%s ", $2} END {print ""}' "/proc/$PLATFORM_PID/status" 2>/dev/null
    sleep 1
  done ) > "$WORK/rss.txt" &
MONITOR_PIDS+=("$!")

sustain() {  # phase rate seconds: one sustained run, recorded in c_steps.jsonl; true when it held
  local json
  json=$(load sustain --url "$INGEST_URL" --token "$TOKEN" --rate "$2" --batch "$SUSTAIN_BATCH" \
    --connections "$SUSTAIN_CONNECTIONS" --seconds "$3" --ready "$READY_URL") || json='{"bounded":false,"verdict":"load generator failed"}'
  echo "$json" | sed "s/^{/{\"phase\":\"$1\",\"rate\":$2,/" >> "$WORK/c_steps.jsonl"
  LAST_PROCESSED=$(echo "$json" | grep -o '"processed_per_s":[0-9-]*' | cut -d: -f2)
  log "  $1 at $2 packets/s: processed ${LAST_PROCESSED:-?}/s, $(echo "$json" | grep -o '"verdict":"[^"]*"' | cut -d'"' -f4)"
  settle 90 || true
  if [ -n "$(backlog)" ] && [ "$(backlog)" -ge 1000 ]; then discard_backlog; fi
  echo "$json" | grep -q '"bounded":true'
}
round500() { awk -v r="$1" 'BEGIN {printf "%d", int(r / 500 + 0.5) * 500}'; }

if [ -n "$C_START_RATE" ]; then
  rate=$C_START_RATE
else
  log "C: probe, $PROBE_RATE packets/s offered for ${PROBE_SECONDS}s: what does the pipeline take off the stream?"
  sustain probe "$PROBE_RATE" "$PROBE_SECONDS" || true
  rate=$(round500 "$(awk -v p="${LAST_PROCESSED:-20000}" 'BEGIN {print (p > 2000 ? p : 20000) * 0.9}')")
fi
log "C: sustained ${SUSTAIN_SECONDS}s runs, batches of $SUSTAIN_BATCH, from $rate packets/s (at most $C_MAX_STEPS steps)"
lo=0; hi=0
for step in $(seq 1 "$C_MAX_STEPS"); do
  if sustain search "$rate" "$SUSTAIN_SECONDS"; then lo=$rate; else hi=$rate; fi
  [ "$step" = "$C_MAX_STEPS" ] && break
  if [ "$hi" = 0 ]; then rate=$(round500 $((rate * 11 / 10)))
  elif [ "$lo" = 0 ]; then rate=$(round500 $((rate * 85 / 100)))
  elif [ $(( (hi - lo) * 20 )) -le "$lo" ]; then break   # within 5%
  else rate=$(round500 $(( (lo + hi) / 2 )))
  fi
done
held=0; tried=0
if [ "$lo" != 0 ]; then
  held=1; tried=1
  for i in $(seq 2 "$RUNS"); do
    tried=$((tried + 1))
    sustain confirm "$lo" "$SUSTAIN_SECONDS" && held=$((held + 1))
  done
fi
echo "{\"best\":$lo,\"held\":$held,\"runs\":$tried}" > "$WORK/c_result.json"
for pid in "${MONITOR_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
MONITOR_PIDS=()
jcmd "$PLATFORM_PID" GC.heap_info > "$WORK/heap_info.txt" 2>&1 || true
alive=$(kill -0 "$PLATFORM_PID" 2>/dev/null && echo true || echo false)
oom=$(grep -c OutOfMemoryError "$WORK/platform.log" || true)
# jstat -gc columns by name: used = S0U+S1U+EU+OU, committed = S0C+S1C+EC+OC.
awk -v alive="$alive" -v oom="${oom:-0}" -v rssfile="$WORK/rss.txt" '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $1 ~ /^[0-9.]+$/ {
    used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
    committed = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
    if (used > maxused) maxused = used; if (committed > maxcommitted) maxcommitted = committed
    if (n++ == 0) { ygc0 = $col["YGC"]; fgc0 = $col["FGC"] }
    ygc = $col["YGC"]; fgc = $col["FGC"]
  }
  END {
    while ((getline line < rssfile) > 0) { split(line, f, " "); for (k in f) if (f[k] + 0 > hwm) hwm = f[k] + 0 }
    printf "{\"peak_rss_kb\":%d,\"peak_heap_kb\":%d,\"heap_committed_max_kb\":%d,\"young_gcs\":%d,\"full_gcs\":%d,\"oom\":%d,\"alive\":%s}\n",
      hwm, maxused, maxcommitted, ygc - ygc0, fgc - fgc0, oom, alive
  }' "$WORK/jstat.txt" > "$WORK/e.json"
[ "$alive" = true ] || die "the platform died during C"

# --- D: ingest 200 to the row on anomalies.new, through the SockJS bridge ------------------------------
log "D: end-to-end latency at $D_RATE packets/s through the SockJS bridge, $RUNS x ${D_SECONDS}s"
settle 60 || true
for i in $(seq 1 "$RUNS"); do
  load e2e --url "$INGEST_URL" --token "$TOKEN" --ws "ws://127.0.0.1:$WEB_PORT/eventbus/websocket" \
    --metrics "http://127.0.0.1:$WEB_PORT/metrics" --rate "$D_RATE" --seconds "$D_SECONDS" --warmup "$D_WARMUP" \
    >> "$WORK/d.jsonl"
  log "  run $i: $(tail -n 1 "$WORK/d.jsonl" | grep -o '"p50_ms":[0-9.]*\|"p99_ms":[0-9.]*\|"missing":[0-9]*' | tr '\n' ' ')"
  settle 30 || true
done

# --- the table -------------------------------------------------------------------------------------------
stop_pid "$PLATFORM_PID"
mkdir -p bench/results
out="bench/results/$(date +%Y-%m-%d)$([ "$QUICK" = 1 ] && echo -quick).md"
table=$(java -cp "$WORK/bench.jar" io.netwatch.bench.Report "$WORK")
{
  echo "# netwatch benchmark"
  echo
  echo "Command: \`$([ "$QUICK" = 1 ] && echo 'QUICK=1 ')bench/run.sh\`"
  echo
  echo "$table"
  echo
  echo "Memory: VmHWM $([ "$HWM_RESET" = 1 ] && echo 'reset when C started' || echo 'since the platform started (could not reset)'); platform heap after C (\`jcmd GC.heap_info\`):"
  echo
  echo '```'
  cat "$WORK/heap_info.txt"
  echo '```'
  echo
  echo "Platform log: $(grep -c ' WARN ' "$WORK/platform.log" || true) WARN and $(grep -c ' ERROR ' "$WORK/platform.log" || true) ERROR lines."
  grep -E ' (WARN|ERROR) ' "$WORK/platform.log" | grep -v -i 'development token' | head -n 10 | sed 's/^/    /' || true
  echo
  echo "Raw results (one JSON line per run):"
  echo
  echo '```'
  for f in a_ref a a_solo b b_solo b_ref c_ref d; do [ -f "$WORK/$f.jsonl" ] && sed "s/^/$f: /" "$WORK/$f.jsonl"; done
  echo '```'
} > "$out"
echo "$table" | awk '/^C, every sustained run/ {exit} {print}'
log "full results: $out$([ -n "${JFR_FILE:-}" ] && echo "; flight recording: $JFR_FILE")"
