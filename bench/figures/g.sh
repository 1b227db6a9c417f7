# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure G: the whole platform at overload; its reference, the pipeline alone draining a backlog.

# --- G: the whole platform at overload, 100-packet batches: commits during the load vs the drain after ---
log "G: whole platform, $G_BATCH-packet batches, wrk -c$G_CONNECTIONS for ${G_SECONDS}s (overload), then the drain"
drain >/dev/null || die "the backlog did not drain before G"
rows0=$(rows); added0=$(entries_added)
m0=$(metric netwatch_persistence_rows_total); t0=$(now)
sample_backlog "$WORK/g_backlog.txt"
wrk_run "$WORK/g.jsonl" "$G_CONNECTIONS" "$G_SECONDS" "$INGEST_URL" "$WORK/body-$G_BATCH.json" "$G_BATCH"
t1=$(now); m1=$(metric netwatch_persistence_rows_total); b1=$(backlog)
stop_monitors
drained=true; DRAINED_AT=
drain >/dev/null || drained=false
t2=${DRAINED_AT:-$(now)}; m2=$(metric netwatch_persistence_rows_total)
rows1=$(rows); added1=$(entries_added)
awk -v m0="$m0" -v m1="$m1" -v m2="$m2" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v b1="${b1:-0}" -v drained="$drained" \
    -v rows="$((rows1 - rows0))" -v written="$((${added1:-0} - ${added0:-0}))" -v backlog="$(samples_json "$WORK/g_backlog.txt")" 'BEGIN {
  printf "{\"commits_during\":%d,\"load_s\":%.3f,\"commits_per_s\":%.0f,\"backlog_at_stop\":%d,", m1 - m0, t1 - t0, (m1 - m0) / (t1 - t0), b1
  printf "\"drained_rows\":%d,\"drain_s\":%.3f,\"drain_per_s\":%.0f,\"drained\":%s,", m2 - m1, t2 - t1, (t2 > t1 ? (m2 - m1) / (t2 - t1) : 0), drained
  printf "\"rows_committed\":%d,\"written\":%d,\"backlog\":%s}\n", rows, written, backlog
}' > "$WORK/g_commit.json"
log "  ingest $(field packets_per_s "$WORK/g.jsonl") packets/s accepted; commits $(field commits_per_s "$WORK/g_commit.json") rows/s during the load, drain $(field drain_per_s "$WORK/g_commit.json") rows/s for $(field drain_s "$WORK/g_commit.json") s; $((rows1 - rows0)) rows committed of $((${added1:-0} - ${added0:-0})) written"
# G's reference: what the pipeline commits with the cores to itself, on a backlog long enough to time (the
# drain right after the load is often under a second: ingest sheds at SHED_BACKLOG). The consumer is undeployed,
# ingest writes G_REF_SECONDS of B's 1000-packet batches, the consumer is deployed again and its drain timed.
log "G reference: the stream consumer undeployed, wrk -c$B_CONNECTIONS ${G_REF_SECONDS}s of $B_BATCH-packet batches, the consumer deployed again: its drain"
admin DELETE stream-consumer || die "could not undeploy the stream consumer"
wrk_run /dev/null "$B_CONNECTIONS" "$G_REF_SECONDS" "$INGEST_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"
r0=$(metric netwatch_persistence_rows_total); b0=$(backlog); t0=$(now)
admin POST stream-consumer '{}' || die "could not deploy the stream consumer again"
drained=true; DRAINED_AT=
drain >/dev/null || drained=false
t1=${DRAINED_AT:-$(now)}; r1=$(metric netwatch_persistence_rows_total)
awk -v r0="$r0" -v r1="$r1" -v t0="$t0" -v t1="$t1" -v b0="${b0:-0}" -v drained="$drained" 'BEGIN {
  printf "{\"backlog\":%d,\"rows\":%d,\"seconds\":%.3f,\"rows_per_s\":%.0f,\"drained\":%s}\n", b0, r1 - r0, t1 - t0, (r1 - r0) / (t1 - t0), drained
}' > "$WORK/g_ref.json"
log "  backlog $(field backlog "$WORK/g_ref.json"): $(field rows "$WORK/g_ref.json") rows in $(field seconds "$WORK/g_ref.json") s, $(field rows_per_s "$WORK/g_ref.json") rows/s"
