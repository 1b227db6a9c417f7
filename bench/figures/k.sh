# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure K: what detection costs, detectors on against off.

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
