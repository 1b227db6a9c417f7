# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure P: the whole platform, single packets, everything committed.

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
