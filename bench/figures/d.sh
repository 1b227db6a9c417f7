# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure D: latency at a fixed rate, the pipeline's histogram and a browser's frames.

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
