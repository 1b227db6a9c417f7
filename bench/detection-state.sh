#!/usr/bin/env bash
# Detector state in Redis over time under random-source single packets (issue 24), for one build: the whole
# platform (conf/platform.json) with a throwaway database, stream and key prefix, wrk posting packets whose
# source, destination and port are random (bench/wrk/random-source.lua). Every INTERVAL seconds it prints the
# packets accepted so far, the detector keys and their bytes (Redis MEMORY USAGE, summed over a SCAN of the
# build's keys) and bytes per packet. Run it once per build to compare (the lead measures; this is a smoke):
#
#   DURATION=600 bench/detection-state.sh OLD.jar      # before issue 24
#   DURATION=600 bench/detection-state.sh target/netwatch.jar
#   DURATION=20 INTERVAL=5 bench/detection-state.sh target/netwatch.jar   # smoke
#
# DETECTION_MEMCAP_MB (default the platform's 256) is passed on. Needs wrk, redis-cli, psql.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# = 1 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
JAR=$(realpath "$1")
# A build runs with its own checkout's conf/platform.json (an older build has no notifier), else this one's.
CONF=$(dirname "$JAR")/../conf/platform.json
[ -f "$CONF" ] || CONF=$ROOT/conf/platform.json
DURATION=${DURATION:-600}
INTERVAL=${INTERVAL:-30}
CONNECTIONS=${CONNECTIONS:-64}
XMX=${XMX:-512m}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
BENCH_JAR=$ROOT/bench/target/netwatch-bench.jar
WORK=$(mktemp -d /tmp/netwatch-detstate.XXXXXX)
TOKEN=detstate-token-$$-$RANDOM
DB=netwatch_detstate_$$
STREAM=netwatch-detstate:$$
PID=
WRK_PID=

for tool in wrk redis-cli psql; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done
free_port() {  # the bench's helper when built, else the OS's pick through Python
  if [ -f "$BENCH_JAR" ]; then java -cp "$BENCH_JAR" io.netwatch.bench.LoadGenerator free-port
  else python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; fi
}

cleanup() {
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  redis-cli DEL "$STREAM" "$STREAM:dead" >/dev/null 2>&1 || true
  # This run's detector keys: the new layout's {det:<stream>:...}; the old build's det:<detector>:... (shared prefix)
  redis-cli --scan --pattern "{det:$STREAM:*" | xargs -r -n 500 redis-cli UNLINK >/dev/null 2>&1 || true
  psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Old builds ignore the stream in their prefix and write det:<detector>:<key>...: count those instead.
PATTERN="{det:$STREAM:*"
if ! unzip -p "$JAR" detection/windows.lua 2>/dev/null | grep -qi "count-min"; then
  PATTERN="det:*"
  echo "# $JAR: an old build (keys det:*): run it on a Redis no other platform uses" >&2
fi

INGEST=$(free_port); WEB=$(free_port)
psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null 2>&1
env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} DATABASE_URL="$PG/$DB" \
  REDIS_URL=redis://127.0.0.1:6379 REDIS_STREAM_NAME="$STREAM" INGEST_PORT="$INGEST" WEB_PORT="$WEB" \
  STREAM_MAX_LEN=100000000 INGESTION_TOKEN="$TOKEN" PLATFORM_ENV=development \
  ${DETECTION_MEMCAP_MB:+DETECTION_MEMCAP_MB="$DETECTION_MEMCAP_MB"} \
  java -Xmx$XMX -jar "$JAR" -conf "$CONF" > "$WORK/platform.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$WEB/ready" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/platform.log" >&2; exit 1; }
  sleep 1
done

state() {  # keys bytes
  redis-cli --scan --pattern "$PATTERN" \
    | awk '{ printf "MEMORY USAGE \"%s\" SAMPLES 0\n", $0 }' | redis-cli 2>/dev/null \
    | awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }'
}
accepted() { redis-cli XINFO STREAM "$STREAM" 2>/dev/null | awk 'p { print; exit } /entries-added/ { p = 1 }'; }

WRK_TOKEN=$TOKEN wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/wrk/random-source.lua" \
  "http://127.0.0.1:$INGEST/ingest" > "$WORK/wrk.log" 2>&1 &
WRK_PID=$!
printf '%8s %12s %10s %14s %12s\n' seconds packets keys bytes bytes/packet
start=$(date +%s)
while kill -0 "$WRK_PID" 2>/dev/null; do
  sleep "$INTERVAL"
  read -r keys bytes < <(state)
  packets=$(accepted); packets=${packets:-0}
  printf '%8d %12d %10d %14d %12s\n' $(( $(date +%s) - start )) "$packets" "$keys" "$bytes" \
    "$(awk -v b="$bytes" -v p="$packets" 'BEGIN { if (p > 0) printf "%.1f", b / p; else print "-" }')"
done
WRK_PID=
tail -n 4 "$WORK/wrk.log"
