# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure A (and A'): single-packet ingest against the trivial route, interleaved run by run.

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
