#!/usr/bin/env bash
# The benchmark (see bench/README.md). Builds what is missing, starts the whole platform fresh (-Xmx512m,
# conf/platform.json) against a throwaway database and stream, measures figures P, A-H and their references
# in the same run on this machine, prints a Markdown table and writes it to bench/results/<date>.md.
# Closed loops are driven by wrk (installed with apt-get when missing), open loops at fixed rates by the
# load generator in bench/ (LoadGenerator); each one's own ceiling on the trivial route is measured too.
# Everything it started is stopped on exit, and the throwaway database and streams are dropped.
#
#   bench/run.sh              full run, 3 runs of most figures (about 20-25 minutes)
#   QUICK=1 bench/run.sh      short runs (about 5 minutes), for a first look
#
# Knobs (environment): see bench/README.md, "Knobs".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

QUICK=${QUICK:-0}
pick() { if [ "$QUICK" = 1 ]; then echo "$1"; else echo "$2"; fi; }
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-$(pick 5 10)}
WARM_MAX_RUNS=${WARM_MAX_RUNS:-$(pick 3 10)}
CEIL_SECONDS=${CEIL_SECONDS:-$(pick 3 5)}
CEIL_STEPS=${CEIL_STEPS:-$(pick 3 5)}
P_SECONDS=${P_SECONDS:-$(pick 5 20)}
P_CONNECTIONS=${P_CONNECTIONS:-64}
A_SECONDS=${A_SECONDS:-$(pick 3 10)}
A_CONNECTIONS=${A_CONNECTIONS:-64}
B_SECONDS=${B_SECONDS:-$(pick 3 5)}
B_CONNECTIONS=${B_CONNECTIONS:-4}
B_BATCH=${B_BATCH:-1000}
G_SECONDS=${G_SECONDS:-$(pick 4 10)}
G_CONNECTIONS=${G_CONNECTIONS:-16}
G_BATCH=${G_BATCH:-100}
G_REF_SECONDS=${G_REF_SECONDS:-1}
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
F_SECONDS=${F_SECONDS:-$(pick 4 10)}
F_BROWSERS=${F_BROWSERS:-100}
F_RUNS=${F_RUNS:-$(pick 1 "$RUNS")}
H_SECONDS=${H_SECONDS:-$(pick 15 20)}
K_SECONDS=${K_SECONDS:-$(pick 6 15)}
K_CONNECTIONS=${K_CONNECTIONS:-16}
K_BATCH=${K_BATCH:-100}
K_RUNS=${K_RUNS:-$(pick 1 "$RUNS")}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}
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
WRK_SCRIPT="$ROOT/bench/wrk/post.lua"
WORK=$(mktemp -d /tmp/netwatch-bench.XXXXXX)
PLATFORM_PID=
SOLO_PID=
TRIVIAL_PID=
FRESH_PID=
MONITOR_PIDS=()
STARTED=$(date +%s)

log() { printf '%s [%4ss] %s\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
rcli() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }
sql() { psql -X -q -v ON_ERROR_STOP=1 "$PG/$1" -c "$2" >/dev/null; }
now() { echo "$EPOCHREALTIME"; }   # seconds, microsecond resolution, no fork
since() { awk -v a="$(now)" -v b="$1" 'BEGIN {printf "%.3f", a - b}'; }

stop_pid() {  # SIGTERM, up to 30 s of grace (the platform drains in flight batches), then SIGKILL
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_monitors() {
  local pid
  for pid in "${MONITOR_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  MONITOR_PIDS=()
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_monitors
  stop_pid "$TRIVIAL_PID"
  stop_pid "$SOLO_PID"
  stop_pid "$PLATFORM_PID"
  stop_pid "$FRESH_PID"
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

# wrk drives every closed loop. Debian's package, never a download: apt-get install, and apt-get update
# first only when the install fails (stale package lists).
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || die "wrk is missing: apt-get install -y wrk (as root)"
  log "installing wrk (apt-get install -y wrk)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >"$WORK/apt.log" 2>&1; then
    log "apt-get install failed; apt-get update, then again"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; } >>"$WORK/apt.log" 2>&1 \
      || { tail -n 5 "$WORK/apt.log" >&2; die "could not install wrk"; }
  fi
fi
for tool in java mvn psql pgbench redis-cli redis-benchmark curl jstat jcmd wrk; do
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
# The generator's JVM: C1 only and the serial collector. Each run is a fresh JVM sharing 2 cores with the platform;
# with C2 and G1 it spent 0.74 cores sending 2,500 packets/s into the platform and fell seconds behind its
# schedule, this way 0.44 cores, p99 16 ms late (README, Performance).
load() { java -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$WORK/bench.jar" io.netwatch.bench.LoadGenerator "$@"; }
free_port() { java -cp "$WORK/bench.jar" io.netwatch.bench.LoadGenerator free-port; }
INGEST_PORT=${BENCH_INGEST_PORT:-$(free_port)}
WEB_PORT=${BENCH_WEB_PORT:-$(free_port)}
TRIVIAL_PORT=${BENCH_TRIVIAL_PORT:-$(free_port)}
SOLO_PORT=${BENCH_SOLO_PORT:-$(free_port)}
INGEST_URL=http://127.0.0.1:$INGEST_PORT/ingest
READY_URL=http://127.0.0.1:$WEB_PORT/ready
METRICS_URL=http://127.0.0.1:$WEB_PORT/metrics
WS_URL=ws://127.0.0.1:$WEB_PORT/eventbus/websocket
TRIVIAL_URL=http://127.0.0.1:$TRIVIAL_PORT/ingest
SOLO_URL=http://127.0.0.1:$SOLO_PORT/ingest
# Request bodies for wrk: the seed packet, and JSON arrays of packets (src_port varied) for the batch figures.
printf '%s' "$PACKET" > "$WORK/body-1.json"
load body --batch "$B_BATCH" > "$WORK/body-$B_BATCH.json"
load body --batch "$G_BATCH" > "$WORK/body-$G_BATCH.json"
load body --batch "$K_BATCH" --mixed true > "$WORK/body-mixed.json"

# --- the throwaway database and stream; the platform ----------------------------------------------------
sql postgres "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
sql postgres "CREATE DATABASE $BENCH_DB"
rcli DEL "$BENCH_STREAM" "$BENCH_STREAM:dead" "$REF_STREAM" "$SOLO_STREAM" >/dev/null

# Class data sharing as run.sh ships it: the platform writes the classes it loaded to an archive as it exits,
# and H's fresh JVM (a restart) maps it. CDS=0: neither.
CDS_ARCHIVE=$WORK/netwatch.jsa
CDS_OPTS=
[ "${CDS:-1}" = 1 ] && CDS_OPTS="-Xlog:cds=off -Xlog:cds+dynamic=off -XX:ArchiveClassesAtExit=$CDS_ARCHIVE"
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
    java -Xmx$XMX $JFR_OPTS $CDS_OPTS ${PLATFORM_JAVA_OPTS--XX:+UseParallelGC -XX:NewRatio=1} -jar "$WORK/netwatch.jar" -conf "$1" > "$5" 2>&1 &
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
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
  JFR_OPTS_SAVED=$JFR_OPTS; JFR_OPTS=; CDS_OPTS_SAVED=$CDS_OPTS; CDS_OPTS=
  log "starting the ingest role alone (conf/nodes/ingest.json) on :$SOLO_PORT, stream $SOLO_STREAM"
  platform conf/nodes/ingest.json "$SOLO_PORT" 0 "$SOLO_STREAM" "$WORK/solo.log"
  SOLO_PID=$!
  JFR_OPTS=$JFR_OPTS_SAVED; CDS_OPTS=$CDS_OPTS_SAVED
  for i in $(seq 1 240); do
    listening "$SOLO_PORT" && break
    kill -0 "$SOLO_PID" 2>/dev/null || die "the ingest role exited during start-up"
    [ "$i" = 240 ] && die "the ingest role was not listening after 120 s"
    sleep 0.5
  done
fi

backlog() { curl -s --max-time 2 "$READY_URL" | grep -o '"backlog":[0-9]*' | head -n 1 | cut -d: -f2; }
rows() { psql -X -q -t -A "$PG/$BENCH_DB" -c 'SELECT count(*) FROM anomalies'; }
entries_added() {  # XADDs the stream ever took: exactly the packets ingest answered 200 for
  rcli XINFO STREAM "$BENCH_STREAM" 2>/dev/null | awk 'prev == "entries-added" {print; exit} {prev = $0}'
}
admin() {  # METHOD verticle [body]: the admin API on the platform's web port
  curl -sf -X "$1" -H "Authorization: Bearer dev-admin-token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "http://127.0.0.1:$WEB_PORT/admin/verticles/$2" >/dev/null
}
metric() {  # name [url]: the sum of a counter over its label sets, from /metrics
  curl -s --max-time 5 "${2:-$METRICS_URL}" | awk -v n="$1" '$1 == n || index($1, n "{") == 1 {s += $2} END {printf "%.0f", s}'
}

# Skips whatever the pipeline has not read yet (after ingest-only figures, whose packets would otherwise
# keep the pipeline busy during the next run): the group jumps to the stream's end, with its read counter
# set so that its lag stays known, and the stream is emptied; batches in flight finish and are acknowledged.
discard_backlog() {
  local added prev= n=0
  # Requests in flight when the load stopped may still be written: wait until the stream's XADD count is the
  # same twice 0.2 s apart, so that ENTRIESREAD matches what SETID skips (else the lag stays off for good).
  added=$(entries_added)
  while [ -n "$added" ] && [ "$added" != "$prev" ] && [ "$n" -lt 50 ]; do
    prev=$added; n=$((n + 1)); sleep 0.2; added=$(entries_added)
  done
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

# Waits until the backlog is 0 (everything accepted is committed and acknowledged), polling every 0.2 s;
# prints the seconds it took; false after DRAIN_TIMEOUT.
DRAINED_AT=
drain() {
  local t0 b
  t0=$(now)
  while :; do
    b=$(backlog)
    if [ "$b" = 0 ]; then DRAINED_AT=$(now); since "$t0"; return 0; fi
    if [ "$(since "$t0" | cut -d. -f1)" -ge "$DRAIN_TIMEOUT" ]; then
      log "  backlog still ${b:-unknown} after ${DRAIN_TIMEOUT}s"; since "$t0"; return 1
    fi
    sleep 0.2
  done
}

# Samples the backlog once a second into a file ("seconds-since-start backlog" lines) until stopped.
sample_backlog() {  # file; the sampler's pid in MONITOR_PIDS
  local t0
  t0=$(now)
  ( while :; do echo "$(since "$t0") $(backlog)"; sleep 1; done ) > "$1" 2>/dev/null &
  MONITOR_PIDS+=("$!")
}
samples_json() { awk 'NF == 2 && $2 != "" {printf "%s%s", (n++ ? "," : ""), $2} END {}' "$1" | sed 's/^/[/; s/$/]/'; }

# --- wrk ------------------------------------------------------------------------------------------------
# wrk_run OUT CONNECTIONS SECONDS URL BODY_FILE BATCH [EXTRA_JSON]: one wrk -t1 run (the body, the token and
# Content-Type from bench/wrk/post.lua); its text output is kept under $WORK/wrk/, and one JSON line parsed
# from it is appended to OUT (/dev/null for a warm-up run): requests, 2xx ("ok"), non-2xx, socket errors,
# requests/s, ok/s, packets/s, latency p50/p75/p90/p99/max (wrk --latency).
WRK_N=0
wrk_run() {
  local out=$1 conns=$2 secs=$3 url=$4 body=$5 batch=$6 extra=${7:-}
  mkdir -p "$WORK/wrk"
  WRK_N=$((WRK_N + 1))
  local txt
  txt="$WORK/wrk/$(printf '%03d' "$WRK_N")-$([ "$out" = /dev/null ] && echo warmup || basename "$out" .jsonl).txt"
  echo "wrk -t1 -c$conns -d${secs}s --latency -s bench/wrk/post.lua $url (body $(basename "$body"))" > "$txt"
  WRK_TOKEN="$TOKEN" WRK_BODY_FILE="$body" wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$WRK_SCRIPT" "$url" \
    >> "$txt" 2>&1 || true
  wrk_json "$txt" "$conns" "$batch" "$extra" >> "$out"
}
wrk_json() {  # wrk's text output -> one JSON line
  awk -v conns="$2" -v batch="$3" -v extra="$4" '
    function ms(v) {  # wrk time: 812.00us, 1.23ms, 2.01s, 1.00m, 1.00h
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000
      if (v ~ /m$/) return v * 60000; if (v ~ /h$/) return v * 3600000; return v + 0
    }
    /^ *Latency +[0-9]/ { max = ms($4) }
    /^ *50% / { p50 = ms($2) } /^ *75% / { p75 = ms($2) } /^ *90% / { p90 = ms($2) } /^ *99% / { p99 = ms($2) }
    / requests in / { requests = $1; d = $4; sub(/,$/, "", d); seconds = ms(d) / 1000 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(/,/, ""); sconnect = $4; sread = $6; swrite = $8; stimeout = $10 }
    /Requests\/sec:/ { rps = $2 }
    /unable to connect|Connection refused/ && failure == "" { failure = $0; gsub(/"/, "", failure) }
    END {
      ok = requests - non2xx
      socket = sconnect + sread + swrite + stimeout
      okps = seconds > 0 ? ok / seconds : 0
      printf "{\"tool\":\"wrk\",\"connections\":%d,\"batch\":%d,\"seconds\":%.3f,\"requests\":%d,\"ok\":%d,", conns, batch, seconds, requests, ok
      printf "\"non_2xx\":%d,\"socket_errors\":{\"connect\":%d,\"read\":%d,\"write\":%d,\"timeout\":%d},\"errors\":%d,", non2xx, sconnect, sread, swrite, stimeout, non2xx + socket
      printf "\"requests_per_s\":%.0f,\"ok_per_s\":%.0f,\"packets_per_s\":%.0f,", rps, okps, okps * batch
      printf "\"p50_ms\":%.3f,\"p75_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f", p50, p75, p90, p99, max
      if (failure != "") printf ",\"failure\":\"%s\"", failure
      if (extra != "") printf ",%s", extra
      print "}"
    }' "$1"
}
cpu_s() {  # pid: CPU seconds (user + system) the process has used so far
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0
}
field() { grep -o "\"$1\":[-0-9.]*" "$2" | tail -n 1 | cut -d: -f2 || true; }   # a number of a file's last JSON line

write_meta() {
  cat > "$WORK/meta.json" <<EOM
{"date":"$(date -u +%Y-%m-%dT%H:%MZ)","git":"$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src pom.xml conf 2>/dev/null || echo ' + local changes')","cores":$(nproc),"mem_gib":$(free -g | awk '/Mem/ {print $2}'),"java":"$(java -version 2>&1 | head -n 1 | sed 's/"//g')","wrk":"$(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}')","load_before":"$(cut -d' ' -f1-3 /proc/loadavg)","runs":$RUNS,"quick":$QUICK,"ingest_only":$INGEST_ONLY,"warmup":$WARMUP,"warm_max_runs":$WARM_MAX_RUNS,"p_seconds":$P_SECONDS,"p_connections":$P_CONNECTIONS,"a_seconds":$A_SECONDS,"a_connections":$A_CONNECTIONS,"b_connections":$B_CONNECTIONS,"b_batch":$B_BATCH,"g_seconds":$G_SECONDS,"g_connections":$G_CONNECTIONS,"g_batch":$G_BATCH,"g_ref_seconds":$G_REF_SECONDS,"sustain_seconds":$SUSTAIN_SECONDS,"sustain_batch":$SUSTAIN_BATCH,"probe_rate":$PROBE_RATE,"d_rate":$D_RATE,"f_seconds":$F_SECONDS,"f_browsers":$F_BROWSERS,"h_seconds":$H_SECONDS,"k_seconds":$K_SECONDS,"k_connections":$K_CONNECTIONS,"k_batch":$K_BATCH,"ceil_seconds":$CEIL_SECONDS,"xmx":"$XMX"}
EOM
}
write_meta
round500() { awk -v r="$1" 'BEGIN {r = int(r / 500 + 0.5) * 500; printf "%d", (r < 500 ? 500 : r)}'; }

# --- the trivial route; the load generators' own ceilings on it -------------------------------------------
log "the trivial route (A's reference, and the yardstick of the load generators' own ceilings) on :$TRIVIAL_PORT"
java -Xmx256m -cp "$WORK/bench.jar" io.netwatch.bench.TrivialRoute "$TRIVIAL_PORT" 1 > "$WORK/trivial.log" 2>&1 &
TRIVIAL_PID=$!
for i in $(seq 1 120); do
  grep -q 'trivial route on port' "$WORK/trivial.log" && break
  kill -0 "$TRIVIAL_PID" 2>/dev/null || die "the trivial route exited: $(tail -n 3 "$WORK/trivial.log")"
  [ "$i" = 120 ] && die "the trivial route was not listening after 30 s"
  sleep 0.25
done
wrk_run /dev/null "$A_CONNECTIONS" "$WARMUP" "$TRIVIAL_URL" "$WORK/body-1.json" 1   # warm-up, not recorded
log "ceilings: wrk with $B_BATCH- and $G_BATCH-packet bodies on the trivial route"
wrk_run "$WORK/ceil_wrk_batch.jsonl" "$B_CONNECTIONS" "$CEIL_SECONDS" "$TRIVIAL_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"
wrk_run "$WORK/ceil_wrk_batch.jsonl" "$G_CONNECTIONS" "$CEIL_SECONDS" "$TRIVIAL_URL" "$WORK/body-$G_BATCH.json" "$G_BATCH"
log "ceilings: the load generator's closed loop ($A_CONNECTIONS connections) on the trivial route"
load closed --url "$TRIVIAL_URL" --connections "$A_CONNECTIONS" --seconds "$CEIL_SECONDS" --warmup "$WARMUP" \
  >> "$WORK/ceil_own_closed.jsonl" || die "the load generator failed"
own_closed=$(field requests_per_s "$WORK/ceil_own_closed.jsonl")
log "  $own_closed req/s"

# One open-loop run of the load generator on the trivial route (after D's warm-up): true when it delivered the
# rate with at most 1% shortfall (achieved = 200s / time until the last answer), no error, and, for single
# packets (D, a latency figure), a p99 (counted from each request's due time) of at most CEIL_P99_MS: the route
# answers in microseconds, so a late p99 is the generator falling behind its own schedule.
CEIL_P99_MS=${CEIL_P99_MS:-10}
open_ceiling() {  # phase rate batch connections max-p99-ms (empty: delivery only)
  local json sf err p99
  json=$(load open --url "$TRIVIAL_URL" --rate "$2" --batch "$3" --connections "$4" --seconds "$CEIL_SECONDS" \
    --warmup "$D_WARMUP") || json='{"errors":1,"shortfall":1,"verdict":"load generator failed"}'
  sf=$(echo "$json" | grep -o '"shortfall":[-0-9.E]*' | cut -d: -f2)
  err=$(echo "$json" | grep -o '"errors":[0-9]*' | cut -d: -f2)
  p99=$(echo "$json" | grep -o '"p99_ms":[0-9.E]*' | cut -d: -f2)
  held=false
  [ "${err:-1}" = 0 ] && awk -v s="${sf:-1}" -v p="${p99:-1e9}" -v max="${5:-1e9}" 'BEGIN {exit !(s <= 0.01 && p <= max)}' \
    && held=true
  echo "$json" | sed "s/^{/{\"phase\":\"$1\",\"rate\":$2,\"held\":$held,/" >> "$WORK/ceil_own_open.jsonl"
  log "  open loop, $2 packets/s in requests of $3: shortfall ${sf:-?}, p99 ${p99:-?} ms, ${err:-?} errors: $([ $held = true ] && echo held || echo 'not held')"
  [ "$held" = true ]
}
log "ceilings: the load generator's open loop on the trivial route: the highest single-packet rate with <= 1% shortfall and p99 <= $CEIL_P99_MS ms, from D's rate ($CEIL_STEPS steps), and C's probe rate in requests of $SUSTAIN_BATCH"
rate=$D_RATE
lo=0; hi=0
for step in $(seq 1 "$CEIL_STEPS"); do
  if open_ceiling single "$rate" 1 64 "$CEIL_P99_MS"; then lo=$rate; else hi=$rate; fi
  [ "$step" = "$CEIL_STEPS" ] && break
  if [ "$hi" = 0 ]; then rate=$(round500 $((rate * 3 / 2)))
  elif [ "$lo" = 0 ]; then rate=$(round500 $((rate * 6 / 10)))
  elif [ $(( (hi - lo) * 10 )) -le "$lo" ]; then break   # within 10%
  else rate=$(round500 $(( (lo + hi) / 2 )))
  fi
done
batch_held=false
open_ceiling batch "$PROBE_RATE" "$SUSTAIN_BATCH" "$SUSTAIN_CONNECTIONS" "" && batch_held=true   # C judges delivery
echo "{\"own_closed_rps\":${own_closed:-0},\"own_open_best\":$lo,\"own_open_failed\":$hi,\"p99_max_ms\":$CEIL_P99_MS,\"batch_rate\":$PROBE_RATE,\"batch\":$SUSTAIN_BATCH,\"batch_held\":$batch_held}" > "$WORK/ceil_result.json"

# --- A: single packets, closed loop, vs the trivial route (interleaved run by run) -----------------------
# A warm JVM: on 2 cores the JIT takes tens of seconds to compile the platform's paths under this load, and
# one fixed warm-up left P measuring a JVM still speeding up. Warm-up runs of WARMUP s repeat until two in a
# row are each no more than 10 % above the one before (the JIT's progress comes in steps, with pauses between
# them), at most WARM_MAX_RUNS; each rate is logged and kept in warmup-*.jsonl.
warm_until_steady() {  # label url after-each-run-command
  local n=0 prev= cur flat=0
  while :; do
    n=$((n + 1))
    wrk_run "$WORK/warmup-$1.jsonl" "$A_CONNECTIONS" "$WARMUP" "$2" "$WORK/body-1.json" 1
    $3
    cur=$(field ok_per_s "$WORK/warmup-$1.jsonl")
    log "  warm-up run $n ($1): ${cur:-?} req/s"
    if [ -n "$prev" ] && awk -v a="$prev" -v b="${cur:-0}" 'BEGIN {exit !(b <= a * 1.1)}'; then
      flat=$((flat + 1))
      [ "$flat" -ge 2 ] && return 0
    else
      flat=0
    fi
    if [ "$n" -ge "$WARM_MAX_RUNS" ]; then log "  still speeding up after $n warm-up runs"; return 0; fi
    prev=${cur:-0}
  done
}
drop_solo_stream() { rcli DEL "$SOLO_STREAM" >/dev/null; }
log "A: single-packet ingest vs the trivial route, wrk -c$A_CONNECTIONS, $RUNS x ${A_SECONDS}s (after ${WARMUP}s warm-up runs until the rate stops rising)"
warm_until_steady platform "$INGEST_URL" discard_backlog
if [ "$INGEST_ONLY" = 1 ]; then
  warm_until_steady ingest-role "$SOLO_URL" drop_solo_stream
fi
for i in $(seq 1 "$RUNS"); do
  wrk_run "$WORK/a_ref.jsonl" "$A_CONNECTIONS" "$A_SECONDS" "$TRIVIAL_URL" "$WORK/body-1.json" 1
  wrk_run "$WORK/a.jsonl" "$A_CONNECTIONS" "$A_SECONDS" "$INGEST_URL" "$WORK/body-1.json" 1
  discard_backlog
  if [ "$INGEST_ONLY" = 1 ]; then
    wrk_run "$WORK/a_solo.jsonl" "$A_CONNECTIONS" "$A_SECONDS" "$SOLO_URL" "$WORK/body-1.json" 1
    rcli DEL "$SOLO_STREAM" >/dev/null
  fi
  log "  run $i: trivial route $(field ok_per_s "$WORK/a_ref.jsonl") req/s, platform" \
    "$(field ok_per_s "$WORK/a.jsonl") req/s$([ "$INGEST_ONLY" = 1 ] && echo ", ingest role alone $(field ok_per_s "$WORK/a_solo.jsonl") req/s")"
done
stop_pid "$TRIVIAL_PID"; TRIVIAL_PID=

# --- P: the whole platform, single packets, closed loop, everything committed ---------------------------
log "P: whole platform, single packets, wrk -c$P_CONNECTIONS for ${P_SECONDS}s (warmed up by A), then drained and counted"
drain >/dev/null || die "the backlog did not drain before P"
rows0=$(rows); added0=$(entries_added)
sample_backlog "$WORK/p_backlog.txt"
wrk_run "$WORK/p.jsonl" "$P_CONNECTIONS" "$P_SECONDS" "$INGEST_URL" "$WORK/body-1.json" 1
stop_monitors
backlog_end=$(backlog)
drained=true; drain_s=$(drain) || drained=false
rows1=$(rows); added1=$(entries_added)
echo "{\"rows_committed\":$((rows1 - rows0)),\"written\":$((${added1:-0} - ${added0:-0})),\"backlog_at_end\":${backlog_end:-null},\"drain_s\":$drain_s,\"drained\":$drained,\"backlog\":$(samples_json "$WORK/p_backlog.txt")}" > "$WORK/p_commit.json"
log "  $(field ok_per_s "$WORK/p.jsonl") req/s accepted, p99 $(field p99_ms "$WORK/p.jsonl") ms, $(field errors "$WORK/p.jsonl") errors; $((rows1 - rows0)) rows committed of $((${added1:-0} - ${added0:-0})) written to the stream; backlog ${backlog_end:-?} at the end, drained in ${drain_s}s"

# --- B: batches of 1,000 packets vs redis-benchmark XADD -c 1 -P 64 ------------------------------------
log "B: batch ingest ($B_BATCH packets/request, wrk -c$B_CONNECTIONS) vs redis-benchmark XADD, $RUNS x ${B_SECONDS}s"
wrk_run /dev/null "$B_CONNECTIONS" "$WARMUP" "$INGEST_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"   # warm-up
discard_backlog
if [ "$INGEST_ONLY" = 1 ]; then
  wrk_run /dev/null "$B_CONNECTIONS" "$WARMUP" "$SOLO_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"
  rcli DEL "$SOLO_STREAM" >/dev/null
fi
for i in $(seq 1 "$RUNS"); do
  rps=$(redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -c 1 -P 64 -n "$REDIS_N" -q \
      XADD "$REF_STREAM" '*' packet "$PACKET" | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' \
      | tail -n 1 | awk '{print $1}')
  rcli DEL "$REF_STREAM" >/dev/null
  echo "{\"ops_per_s\":${rps:-0}}" >> "$WORK/b_ref.jsonl"
  wrk_run "$WORK/b.jsonl" "$B_CONNECTIONS" "$B_SECONDS" "$INGEST_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"
  discard_backlog
  if [ "$INGEST_ONLY" = 1 ]; then
    wrk_run "$WORK/b_solo.jsonl" "$B_CONNECTIONS" "$B_SECONDS" "$SOLO_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"
    rcli DEL "$SOLO_STREAM" >/dev/null
  fi
  log "  run $i: redis-benchmark ${rps:-?} XADD/s, platform $(field packets_per_s "$WORK/b.jsonl") packets/s$([ "$INGEST_ONLY" = 1 ] && echo ", ingest role alone $(field packets_per_s "$WORK/b_solo.jsonl") packets/s")"
done
if [ "$INGEST_ONLY" = 1 ]; then stop_pid "$SOLO_PID"; SOLO_PID=; fi

# --- G: the whole platform at overload, 100-packet batches: commits during the load vs the drain after ---
log "G: whole platform, $G_BATCH-packet batches, wrk -c$G_CONNECTIONS for ${G_SECONDS}s (overload), then the drain"
drain >/dev/null || die "the backlog did not drain before G"
rows0=$(rows); added0=$(entries_added)
m0=$(metric netwatch_persistence_rows_total); t0=$(now)
sample_backlog "$WORK/g_backlog.txt"
wrk_run "$WORK/g.jsonl" "$G_CONNECTIONS" "$G_SECONDS" "$INGEST_URL" "$WORK/body-$G_BATCH.json" "$G_BATCH"
t1=$(now); m1=$(metric netwatch_persistence_rows_total); b1=$(backlog)
stop_monitors
drained=true; DRAINED_AT=
drain >/dev/null || drained=false
t2=${DRAINED_AT:-$(now)}; m2=$(metric netwatch_persistence_rows_total)
rows1=$(rows); added1=$(entries_added)
awk -v m0="$m0" -v m1="$m1" -v m2="$m2" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v b1="${b1:-0}" -v drained="$drained" \
    -v rows="$((rows1 - rows0))" -v written="$((${added1:-0} - ${added0:-0}))" -v backlog="$(samples_json "$WORK/g_backlog.txt")" 'BEGIN {
  printf "{\"commits_during\":%d,\"load_s\":%.3f,\"commits_per_s\":%.0f,\"backlog_at_stop\":%d,", m1 - m0, t1 - t0, (m1 - m0) / (t1 - t0), b1
  printf "\"drained_rows\":%d,\"drain_s\":%.3f,\"drain_per_s\":%.0f,\"drained\":%s,", m2 - m1, t2 - t1, (t2 > t1 ? (m2 - m1) / (t2 - t1) : 0), drained
  printf "\"rows_committed\":%d,\"written\":%d,\"backlog\":%s}\n", rows, written, backlog
}' > "$WORK/g_commit.json"
log "  ingest $(field packets_per_s "$WORK/g.jsonl") packets/s accepted; commits $(field commits_per_s "$WORK/g_commit.json") rows/s during the load, drain $(field drain_per_s "$WORK/g_commit.json") rows/s for $(field drain_s "$WORK/g_commit.json") s; $((rows1 - rows0)) rows committed of $((${added1:-0} - ${added0:-0})) written"
# G's reference: what the pipeline commits with the cores to itself, on a backlog long enough to time (the
# drain right after the load is often under a second: ingest sheds at SHED_BACKLOG). The consumer is undeployed,
# ingest writes G_REF_SECONDS of B's 1000-packet batches, the consumer is deployed again and its drain timed.
log "G reference: the stream consumer undeployed, wrk -c$B_CONNECTIONS ${G_REF_SECONDS}s of $B_BATCH-packet batches, the consumer deployed again: its drain"
admin DELETE stream-consumer || die "could not undeploy the stream consumer"
wrk_run /dev/null "$B_CONNECTIONS" "$G_REF_SECONDS" "$INGEST_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"
r0=$(metric netwatch_persistence_rows_total); b0=$(backlog); t0=$(now)
admin POST stream-consumer '{}' || die "could not deploy the stream consumer again"
drained=true; DRAINED_AT=
drain >/dev/null || drained=false
t1=${DRAINED_AT:-$(now)}; r1=$(metric netwatch_persistence_rows_total)
awk -v r0="$r0" -v r1="$r1" -v t0="$t0" -v t1="$t1" -v b0="${b0:-0}" -v drained="$drained" 'BEGIN {
  printf "{\"backlog\":%d,\"rows\":%d,\"seconds\":%.3f,\"rows_per_s\":%.0f,\"drained\":%s}\n", b0, r1 - r0, t1 - t0, (r1 - r0) / (t1 - t0), drained
}' > "$WORK/g_ref.json"
log "  backlog $(field backlog "$WORK/g_ref.json"): $(field rows "$WORK/g_ref.json") rows in $(field seconds "$WORK/g_ref.json") s, $(field rows_per_s "$WORK/g_ref.json") rows/s"
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
stop_monitors
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

# --- D: ingest 200 to the row in a browser's frame (anomalies.live), and the pipeline's own histogram ----
log "D: latency at $D_RATE packets/s: the pipeline's histogram (/metrics), and ingest 200 -> row in a live-feed frame, $RUNS x ${D_SECONDS}s"
settle 60 || true
for i in $(seq 1 "$RUNS"); do
  load e2e --url "$INGEST_URL" --token "$TOKEN" --ws "$WS_URL" --metrics "$METRICS_URL" --rate "$D_RATE" \
    --seconds "$D_SECONDS" --warmup "$D_WARMUP" >> "$WORK/d.jsonl" || die "the e2e run failed"
  log "  run $i: pipeline p50 <= $(field pipeline_p50_le_ms "$WORK/d.jsonl") ms, p99 <= $(field pipeline_p99_le_ms "$WORK/d.jsonl") ms;" \
    "browser p50 $(field p50_ms "$WORK/d.jsonl") ms, p99 $(field p99_ms "$WORK/d.jsonl") ms;" \
    "rows sampled $(field rows_sampled "$WORK/d.jsonl") of $(field rows_committed "$WORK/d.jsonl") committed"
  settle 30 || true
done

# --- F: the live feed's cost: ingest with 0, then with F_BROWSERS browsers on anomalies.live -------------
log "F: live feed cost: wrk -c$P_CONNECTIONS single packets for ${F_SECONDS}s with no browser, then with $F_BROWSERS on anomalies.live; $F_RUNS pair(s)"
for i in $(seq 1 "$F_RUNS"); do
  drain >/dev/null || true
  c0=$(cpu_s "$PLATFORM_PID")
  wrk_run "$WORK/f0.jsonl" "$P_CONNECTIONS" "$F_SECONDS" "$INGEST_URL" "$WORK/body-1.json" 1
  c1=$(cpu_s "$PLATFORM_PID")
  drain >/dev/null || true
  load browsers --ws "$WS_URL" --count "$F_BROWSERS" --seconds $((F_SECONDS + 1)) \
    > "$WORK/f_browsers_$i.json" 2> "$WORK/f_browsers_$i.err" &
  browsers_pid=$!
  MONITOR_PIDS+=("$browsers_pid")
  for _ in $(seq 1 600); do   # until every browser is connected and receiving (the line below), at most 60 s
    grep -q '^browsers ready: .* s$' "$WORK/f_browsers_$i.err" && break
    kill -0 "$browsers_pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q '^browsers ready: .* s$' "$WORK/f_browsers_$i.err" \
    || die "the browsers did not get ready: $(tail -n 3 "$WORK/f_browsers_$i.err")"
  log "  $(grep '^browsers ready' "$WORK/f_browsers_$i.err")"
  # $! is the subshell running the load function; the browsers are its java child.
  browsers_java=$(pgrep -P "$browsers_pid" java || echo "$browsers_pid")
  c2=$(cpu_s "$PLATFORM_PID"); b2=$(cpu_s "$browsers_java")
  wrk_run "$WORK/f100.jsonl" "$P_CONNECTIONS" "$F_SECONDS" "$INGEST_URL" "$WORK/body-1.json" 1
  c3=$(cpu_s "$PLATFORM_PID"); b3=$(cpu_s "$browsers_java")
  # The platform's CPU per request with and without browsers, and what the browsers' own process used: on
  # two shared cores, the second is CPU the platform did not get, whatever the feed costs.
  awk -v c0="$c0" -v c1="$c1" -v c2="$c2" -v c3="$c3" -v b2="$b2" -v b3="$b3" -v s="$F_SECONDS" \
      -v r0="$(field ok "$WORK/f0.jsonl")" -v r1="$(field ok "$WORK/f100.jsonl")" 'BEGIN {
    printf "{\"platform_cpu_ms_per_1000_none\":%.1f,\"platform_cpu_ms_per_1000_browsers\":%.1f,", (r0 > 0 ? (c1 - c0) * 1e6 / r0 : 0), (r1 > 0 ? (c3 - c2) * 1e6 / r1 : 0)
    printf "\"platform_cores_none\":%.2f,\"platform_cores_browsers\":%.2f,\"browsers_cores\":%.2f}\n", (c1 - c0) / s, (c3 - c2) / s, (b3 - b2) / s
  }' >> "$WORK/f_cpu.jsonl"
  wait "$browsers_pid" || die "the browsers failed: $(tail -n 3 "$WORK/f_browsers_$i.err")"
  MONITOR_PIDS=()
  cat "$WORK/f_browsers_$i.json" >> "$WORK/f_browsers.jsonl"
  log "  pair $i: $(field ok_per_s "$WORK/f0.jsonl") req/s, p99 $(field p99_ms "$WORK/f0.jsonl") ms with no browser;" \
    "$(field ok_per_s "$WORK/f100.jsonl") req/s, p99 $(field p99_ms "$WORK/f100.jsonl") ms with $(field receiving "$WORK/f_browsers.jsonl") of $F_BROWSERS browsers receiving" \
    "($(field frames_min "$WORK/f_browsers.jsonl") frames at least per browser); platform CPU per 1,000 requests" \
    "$(field platform_cpu_ms_per_1000_none "$WORK/f_cpu.jsonl") ms without browsers, $(field platform_cpu_ms_per_1000_browsers "$WORK/f_cpu.jsonl") ms with;" \
    "the browsers' client used $(field browsers_cores "$WORK/f_cpu.jsonl") cores"
done

# --- K: what detection costs: end-to-end commits at overload, detectors on vs off, pairs in alternating order ---
# The stream consumer is redeployed through the admin API with DETECTORS on or off (the detector verticle stays
# deployed either way); a packet counts once it is committed, through detection when on, and acknowledged.
detectors() {  # on|off
  admin PUT stream-consumer "{\"detectors\":\"$1\"}" \
    || die "could not redeploy the stream consumer with DETECTORS=$1"
}
k_run() {  # on|off
  detectors "$1"
  drain >/dev/null || true
  local m0 m1 t0 t1
  m0=$(metric netwatch_stream_acknowledged_total); t0=$(now)
  wrk_run "$WORK/k_$1_wrk.jsonl" "$K_CONNECTIONS" "$K_SECONDS" "$INGEST_URL" "$WORK/body-mixed.json" "$K_BATCH"
  t1=$(now); m1=$(metric netwatch_stream_acknowledged_total)
  awk -v m0="$m0" -v m1="$m1" -v t0="$t0" -v t1="$t1" 'BEGIN {
    printf "{\"acknowledged\":%d,\"seconds\":%.3f,\"acknowledged_per_s\":%.0f}\n", m1 - m0, t1 - t0, (m1 - m0) / (t1 - t0)
  }' >> "$WORK/k_$1.jsonl"
  log "  detectors $1: $(field acknowledged_per_s "$WORK/k_$1.jsonl") packets/s committed and acknowledged ($(field packets_per_s "$WORK/k_$1_wrk.jsonl") packets/s accepted)"
}
log "K: detection's cost: $K_BATCH-packet batches of mixed traffic, wrk -c$K_CONNECTIONS for ${K_SECONDS}s (overload), detectors on vs off; $K_RUNS pair(s)"
for i in $(seq 1 "$K_RUNS"); do
  if [ $((i % 2)) = 1 ]; then k_run on; k_run off; else k_run off; k_run on; fi
done
detectors on
log "  alerts engaged so far: $(psql -X -q -t -A "$PG/$BENCH_DB" -c "SELECT detector || ' ' || count(*) FROM alerts GROUP BY detector ORDER BY 1" | tr '\n' ' ')"

# --- E's readings end here; H: a fresh platform JVM, loaded from its first second ------------------------
drain >/dev/null || true
log "H: the platform stopped; a fresh JVM started, wrk -c$P_CONNECTIONS in 1-second runs back to back for ${H_SECONDS}s once its ingest port opens"
stop_pid "$PLATFORM_PID"; PLATFORM_PID=
H_INGEST_PORT=$(free_port); H_WEB_PORT=$(free_port)
JFR_OPTS=; CDS_OPTS=; H_CDS=false
# (checked as run.sh checks it: an archive cut short by a SIGKILL would crash the JVM that maps it)
if [ -s "$CDS_ARCHIVE" ] && (java -XX:SharedArchiveFile="$CDS_ARCHIVE" -Xshare:on -XX:+VerifySharedSpaces \
    -XX:ErrorFile=/dev/null -Xlog:cds=off -cp "$WORK/netwatch.jar" -version >/dev/null 2>&1) 2>/dev/null; then
  CDS_OPTS="-Xlog:cds=off -XX:SharedArchiveFile=$CDS_ARCHIVE"; H_CDS=true
fi
t0=$(now)
platform "$PLATFORM_CONF" "$H_INGEST_PORT" "$H_WEB_PORT" "$BENCH_STREAM" "$WORK/fresh.log"
FRESH_PID=$!
until listening "$H_INGEST_PORT"; do
  kill -0 "$FRESH_PID" 2>/dev/null || die "the fresh platform exited during start-up: $(tail -n 3 "$WORK/fresh.log")"
  [ "$(since "$t0" | cut -d. -f1)" -ge 120 ] && die "the fresh platform was not listening after 120 s"
  sleep 0.02
done
t_listen=$(since "$t0")
log "  ingest port open ${t_listen}s after java -jar"
while awk -v t="$(since "$t0")" -v end="$t_listen" -v s="$H_SECONDS" 'BEGIN {exit !(t < end + s)}'; do
  wrk_run "$WORK/h.jsonl" "$P_CONNECTIONS" 1 "http://127.0.0.1:$H_INGEST_PORT/ingest" "$WORK/body-1.json" 1 \
    "\"t_start_s\":$(since "$t0")"
done
echo "{\"listen_s\":$t_listen,\"class_data_archive\":$H_CDS}" > "$WORK/h_start.json"
log "  per second: $(grep -o '"ok_per_s":[0-9]*' "$WORK/h.jsonl" | cut -d: -f2 | tr '\n' ' ')"
stop_pid "$FRESH_PID"; FRESH_PID=

# --- the table -------------------------------------------------------------------------------------------
mkdir -p bench/results
# (|| true: under set -e, an assignment whose substitution fails ends the script, as it did after every full run)
out="bench/results/$(date +%Y-%m-%d)$([ "$QUICK" = 1 ] && echo -quick || true).md"
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
  echo "Raw results (one JSON line per run; wrk's own output of every run is in the work directory, KEEP_WORK=1):"
  echo
  echo '```'
  for f in ceil_wrk_batch ceil_own_closed ceil_own_open ceil_result p p_commit a_ref a a_solo b b_solo b_ref g g_commit \
      c_ref d f0 f100 f_browsers f_cpu k_on k_off k_on_wrk k_off_wrk h_start h; do
    for ext in jsonl json; do [ -f "$WORK/$f.$ext" ] && sed "s/^/$f: /" "$WORK/$f.$ext"; done
  done
  echo '```'
} > "$out"
echo "$table" | awk '/^C, every sustained run/ {exit} {print}'
log "full results: $out$([ -n "${JFR_FILE:-}" ] && echo "; flight recording: $JFR_FILE")"
