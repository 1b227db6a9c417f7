# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure B (and B'): 1,000-packet batches against redis-benchmark XADD.

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
