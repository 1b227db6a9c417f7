# shellcheck shell=bash
# Sourced by bench/sensors-ab.sh and bench/sensor-replay.sh: one whole platform (conf/platform.json) on a throwaway
# database and stream, run from a copy of the jar, stopped and dropped on exit. Needs ROOT, WORK, PG, BENCH_JAR.
#   platform_start NAME "JVM options" [KEY=VALUE ...]   sets PLATFORM_PID[NAME], INGEST_PORT[NAME], WEB_PORT[NAME]
# Sourcing it builds what is missing and stops, on exit, the platforms and the trivial route (TRIVIAL_PID) it ran.
[ -f "$ROOT/target/netwatch.jar" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
[ -f "$BENCH_JAR" ] || (cd "$ROOT/bench" && mvn -B -q package)
TRIVIAL_PID=
declare -A PLATFORM_PID INGEST_PORT WEB_PORT PLATFORM_DB PLATFORM_STREAM
PLATFORM_TOKEN=bench-token-$$-$RANDOM

free_port() { java -cp "$BENCH_JAR" io.netwatch.bench.LoadGenerator free-port; }

platform_start() {
  local name=$1 opts=$2; shift 2
  PLATFORM_DB[$name]=netwatch_bench_$name; PLATFORM_STREAM[$name]=netwatch-bench:$$:$name
  INGEST_PORT[$name]=$(free_port); WEB_PORT[$name]=$(free_port)
  psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS ${PLATFORM_DB[$name]} WITH (FORCE)" \
    -c "CREATE DATABASE ${PLATFORM_DB[$name]}" >/dev/null 2>&1
  [ -f "$WORK/netwatch.jar" ] || cp "$ROOT/target/netwatch.jar" "$WORK/netwatch.jar"
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} DATABASE_URL="$PG/${PLATFORM_DB[$name]}" \
    REDIS_URL=redis://127.0.0.1:6379 REDIS_STREAM_NAME="${PLATFORM_STREAM[$name]}" CONSUMER_GROUP=analyzers \
    INGEST_PORT="${INGEST_PORT[$name]}" WEB_PORT="${WEB_PORT[$name]}" STREAM_MAX_LEN=100000000 \
    INGESTION_TOKEN="$PLATFORM_TOKEN" PLATFORM_ENV=development "$@" \
    java -Xmx512m $opts -jar "$WORK/netwatch.jar" -conf "$ROOT/conf/platform.json" > "$WORK/$name.log" 2>&1 &
  PLATFORM_PID[$name]=$!
  local i
  for i in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:${WEB_PORT[$name]}/ready" && return 0
    kill -0 "${PLATFORM_PID[$name]}" 2>/dev/null || break
    sleep 0.5
  done
  tail "$WORK/$name.log" >&2
  echo "platform $name did not start" >&2
  return 1
}

platform_stop_all() {
  local name
  for name in "${!PLATFORM_PID[@]}"; do kill "${PLATFORM_PID[$name]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for name in "${!PLATFORM_DB[@]}"; do
    redis-cli DEL "${PLATFORM_STREAM[$name]}" "${PLATFORM_STREAM[$name]}:dead" >/dev/null 2>&1 || true
    psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS ${PLATFORM_DB[$name]} WITH (FORCE)" >/dev/null 2>&1 || true
  done
}

platform_rows() { psql -X -tA "$PG/${PLATFORM_DB[$1]}" -c 'SELECT count(*) FROM anomalies'; }
platform_backlog() {
  curl -s --max-time 2 "http://127.0.0.1:${WEB_PORT[$1]}/ready" | grep -o '"backlog":[0-9]*' | head -n 1 | cut -d: -f2
}
platform_drain() {
  local b
  for _ in $(seq 1 600); do b=$(platform_backlog "$1"); [ "$b" = 0 ] && return 0; sleep 0.2; done
  echo "backlog of $1 not drained" >&2
}

cleanup() {
  [ -n "$TRIVIAL_PID" ] && kill "$TRIVIAL_PID" 2>/dev/null || true
  platform_stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
