# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figures C and E: the highest rate the pipeline holds (reference: pgbench), memory sampled meanwhile.

# --- C reference: pgbench, one client, 64-row INSERTs into a copy of the anomalies table -------------
log "C reference: pgbench, 1 client, 64-row INSERTs, $RUNS x ${C_REF_SECONDS}s"
sql "$BENCH_DB" "CREATE TABLE bench_anomalies (LIKE anomalies INCLUDING ALL); CREATE SEQUENCE bench_seq"
{
  # Stream-id-like keys (ascending, like the platform's), the seed packet's values and score.
  echo "INSERT INTO bench_anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl,"
  echo "  tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at) VALUES"
  for r in $(seq 1 64); do
    sep=$([ "$r" = 64 ] && echo ";" || echo ",")
    echo "((1764000000000 + nextval('bench_seq'))::text || '-0', '10.0.0.5', '192.168.1.10', 'TCP', $((51233 + r)), 4444, 512, 64, 2, 15000, 2.0, 0.75, 'critical', '{suspicious_port,syn_only,high_rate}', now())$sep"
  done
} > "$WORK/insert64.sql"
for i in $(seq 1 "$RUNS"); do
  tps=$(pgbench -n -c 1 -j 1 -T "$C_REF_SECONDS" -f "$WORK/insert64.sql" "$PG/$BENCH_DB" 2>"$WORK/pgbench.err" \
      | awk '/^tps/ {print $3; exit}')
  [ -n "$tps" ] || { cat "$WORK/pgbench.err" >&2; die "pgbench failed"; }
  echo "{\"tps\":$tps,\"rows_per_s\":$(awk -v t="$tps" 'BEGIN {printf "%.0f", t * 64}')}" >> "$WORK/c_ref.jsonl"
  log "  run $i: $(awk -v t="$tps" 'BEGIN {printf "%.0f", t * 64}') rows/s"
done
sql "$BENCH_DB" "DROP TABLE bench_anomalies; DROP SEQUENCE bench_seq"

# --- C and E: the highest packet rate the whole pipeline holds; memory sampled meanwhile ----------------
echo 5 > "/proc/$PLATFORM_PID/clear_refs" 2>/dev/null && HWM_RESET=1 || HWM_RESET=0  # VmHWM from now on
jstat -gc "$PLATFORM_PID" 1000 > "$WORK/jstat.txt" 2>/dev/null &
MONITOR_PIDS+=("$!")
( while kill -0 "$PLATFORM_PID" 2>/dev/null; do
    awk '/^VmRSS|^VmHWM/ {printf "%s ", $2} END {print ""}' "/proc/$PLATFORM_PID/status" 2>/dev/null
    sleep 1
  done ) > "$WORK/rss.txt" &
MONITOR_PIDS+=("$!")

sustain() {  # phase rate seconds: one sustained run, recorded in c_steps.jsonl; true when it held
  local json
  json=$(load sustain --url "$INGEST_URL" --token "$TOKEN" --rate "$2" --batch "$SUSTAIN_BATCH" \
    --connections "$SUSTAIN_CONNECTIONS" --seconds "$3" --ready "$READY_URL") || json='{"bounded":false,"verdict":"load generator failed"}'
  echo "$json" | sed "s/^{/{\"phase\":\"$1\",\"rate\":$2,/" >> "$WORK/c_steps.jsonl"
  LAST_PROCESSED=$(echo "$json" | grep -o '"processed_per_s":[0-9-]*' | cut -d: -f2)
  log "  $1 at $2 packets/s: processed ${LAST_PROCESSED:-?}/s, $(echo "$json" | grep -o '"verdict":"[^"]*"' | cut -d'"' -f4)"
  settle 90 || true
  if [ -n "$(backlog)" ] && [ "$(backlog)" -ge 1000 ]; then discard_backlog; fi
  echo "$json" | grep -q '"bounded":true'
}

if [ -n "$C_START_RATE" ]; then
  rate=$C_START_RATE
else
  log "C: probe, $PROBE_RATE packets/s offered for ${PROBE_SECONDS}s: what does the pipeline take off the stream?"
  sustain probe "$PROBE_RATE" "$PROBE_SECONDS" || true
  rate=$(round500 "$(awk -v p="${LAST_PROCESSED:-20000}" 'BEGIN {print (p > 2000 ? p : 20000) * 0.9}')")
fi
log "C: sustained ${SUSTAIN_SECONDS}s runs, batches of $SUSTAIN_BATCH, from $rate packets/s (at most $C_MAX_STEPS steps)"
lo=0; hi=0
for step in $(seq 1 "$C_MAX_STEPS"); do
  if sustain search "$rate" "$SUSTAIN_SECONDS"; then lo=$rate; else hi=$rate; fi
  [ "$step" = "$C_MAX_STEPS" ] && break
  if [ "$hi" = 0 ]; then rate=$(round500 $((rate * 11 / 10)))
  elif [ "$lo" = 0 ]; then rate=$(round500 $((rate * 85 / 100)))
  elif [ $(( (hi - lo) * 20 )) -le "$lo" ]; then break   # within 5%
  else rate=$(round500 $(( (lo + hi) / 2 )))
  fi
done
held=0; tried=0
if [ "$lo" != 0 ]; then
  held=1; tried=1
  for i in $(seq 2 "$RUNS"); do
    tried=$((tried + 1))
    sustain confirm "$lo" "$SUSTAIN_SECONDS" && held=$((held + 1))
  done
fi
echo "{\"best\":$lo,\"held\":$held,\"runs\":$tried}" > "$WORK/c_result.json"
stop_monitors
jcmd "$PLATFORM_PID" GC.heap_info > "$WORK/heap_info.txt" 2>&1 || true
alive=$(kill -0 "$PLATFORM_PID" 2>/dev/null && echo true || echo false)
oom=$(grep -c OutOfMemoryError "$WORK/platform.log" || true)
# jstat -gc columns by name: used = S0U+S1U+EU+OU, committed = S0C+S1C+EC+OC.
awk -v alive="$alive" -v oom="${oom:-0}" -v rssfile="$WORK/rss.txt" '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $1 ~ /^[0-9.]+$/ {
    used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
    committed = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
    if (used > maxused) maxused = used; if (committed > maxcommitted) maxcommitted = committed
    if (n++ == 0) { ygc0 = $col["YGC"]; fgc0 = $col["FGC"] }
    ygc = $col["YGC"]; fgc = $col["FGC"]
  }
  END {
    while ((getline line < rssfile) > 0) { split(line, f, " "); for (k in f) if (f[k] + 0 > hwm) hwm = f[k] + 0 }
    printf "{\"peak_rss_kb\":%d,\"peak_heap_kb\":%d,\"heap_committed_max_kb\":%d,\"young_gcs\":%d,\"full_gcs\":%d,\"oom\":%d,\"alive\":%s}\n",
      hwm, maxused, maxcommitted, ygc - ygc0, fgc - fgc0, oom, alive
  }' "$WORK/jstat.txt" > "$WORK/e.json"
[ "$alive" = true ] || die "the platform died during C"
