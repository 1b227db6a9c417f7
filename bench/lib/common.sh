# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Logging, Redis and SQL one-liners, stopping what the run started, and the checks of the tools it needs.

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
