# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Builds what is missing, starts the platform on the throwaway database and stream, and the helpers that read its state.

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
