#!/usr/bin/env bash
# Alert delivery latency (docs/notifications.md): the whole platform (conf/platform.json) against a throwaway
# database, RECIPIENTS signed-webhook recipients on one local receiver, and RATE alert events per second for
# SECONDS seconds, each committed as detection commits one (an engaged alert; the outbox trigger writes its
# deliveries). Prints p50, p99 and max of event commit -> receiver's answer (delivered_at - the event's time),
# per recipient and overall, and how many deliveries were not delivered. Goal: p99 <= 1 s at 100/s to 3.
#
#   bench/notify.sh                       # RATE=100 SECONDS=30 RECIPIENTS=3
#   RATE=100 SECONDS=3 bench/notify.sh    # a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-100}
SECONDS_TO_RUN=${SECONDS:-30}
RECIPIENTS=${RECIPIENTS:-3}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
BENCH_DB=netwatch_bench_notify_$$
TOKEN=bench-admin-token-$$-$RANDOM
WORK=$(mktemp -d /tmp/netwatch-notify.XXXXXX)
PLATFORM_PID=
RECEIVER_PID=

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG/$BENCH_DB" -c "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "$PLATFORM_PID" "$RECEIVER_PID"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  [ "$status" != 0 ] && [ -f "$WORK/platform.log" ] && tail -n 20 "$WORK/platform.log" >&2
  psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java mvn psql curl python3; do command -v "$tool" >/dev/null || die "$tool is missing"; done
if [ ! -f target/netwatch.jar ] || [ -n "$(find pom.xml src -newer target/netwatch.jar -print -quit)" ]; then
  log "building the platform (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi

# The receiver: answers 200 to every POST, on a port the OS chose (it prints it).
cat > "$WORK/receiver.py" <<'PY'
import http.server, sys
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$WORK/receiver.py" > "$WORK/receiver.port" &
RECEIVER_PID=$!
for i in $(seq 1 50); do [ -s "$WORK/receiver.port" ] && break; sleep 0.1; done
RECEIVER_PORT=$(cat "$WORK/receiver.port")

psql -X -q "$PG/postgres" -c "CREATE DATABASE $BENCH_DB" >/dev/null
WEB_PORT=$(free_port); INGEST_PORT=$(free_port)
API=http://127.0.0.1:$WEB_PORT
env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  DATABASE_URL="$PG/$BENCH_DB" REDIS_URL="$REDIS_URL" REDIS_STREAM_NAME="netwatch-bench-notify:$$:raw" \
  INGEST_PORT="$INGEST_PORT" WEB_PORT="$WEB_PORT" ADMIN_TOKEN="$TOKEN" PLATFORM_ENV=development \
  java -Xmx512m -jar target/netwatch.jar -conf conf/platform.json > "$WORK/platform.log" 2>&1 &
PLATFORM_PID=$!
for i in $(seq 1 240); do
  curl -sf -o /dev/null "$API/ready" && break
  kill -0 "$PLATFORM_PID" 2>/dev/null || die "the platform exited during start-up"
  [ "$i" = 240 ] && die "the platform was not ready after 120 s"
  sleep 0.5
done
for n in $(seq 1 "$RECIPIENTS"); do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\": \"bench-$n\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:$RECEIVER_PORT/r$n\",
         \"secret\": \"bench-secret-0123456789\", \"events\": [\"engaged\"]}" "$API/api/v1/recipients" \
    || die "creating recipient $n failed"
done
sleep 6 # the notifiers reload recipients every sweep (5 s)
log "platform ready; $RATE alert events/s for $SECONDS_TO_RUN s to $RECIPIENTS recipients"

# Every 100 ms, RATE/10 engaged alerts in one transaction (distinct keys: each one an event).
per_tick=$(( (RATE + 9) / 10 ))
for ((tick = 0; tick < SECONDS_TO_RUN * 10; tick++)); do
  echo "INSERT INTO alerts (detector, alert_key, src_ip, dst_ip, first_seen, last_seen, packet_count, max_score,"
  echo " severity, state, quiet_ms) SELECT 'port_scan', 'bench-$tick-' || g, '10.77.0.1', '10.77.0.2', now(), now(),"
  echo " 15, 0.55, 'high', 'engaged', 3600000 FROM generate_series(1, $per_tick) g;"
  echo "SELECT pg_sleep(0.1);"
done | psql -X -q -v ON_ERROR_STOP=1 "$PG/$BENCH_DB" >/dev/null
expected=$(( per_tick * SECONDS_TO_RUN * 10 * RECIPIENTS ))
for i in $(seq 1 120); do
  [ "$(q "SELECT count(*) FROM notify_deliveries WHERE state = 'delivered'")" -ge "$expected" ] && break
  sleep 0.5
done
q "SELECT coalesce(r.name, 'all') AS recipient, count(*) AS delivered,
     round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - e.created_at)))::int AS p50_ms,
     round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - e.created_at)))::int AS p99_ms,
     round(1000 * max(extract(epoch FROM d.delivered_at - e.created_at)))::int AS max_ms
   FROM notify_deliveries d JOIN notify_events e ON e.id = d.event_id JOIN recipients r ON r.id = d.recipient_id
   WHERE d.state = 'delivered' GROUP BY ROLLUP (r.name) ORDER BY 1" | sed '1i recipient|delivered|p50_ms|p99_ms|max_ms'
echo "not delivered: $(q "SELECT count(*) FROM notify_deliveries WHERE state <> 'delivered'") of $expected"
