# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# The trivial route, and the load generators' own ceilings on it.

# --- the trivial route; the load generators' own ceilings on it -------------------------------------------
log "the trivial route (A's reference, and the yardstick of the load generators' own ceilings) on :$TRIVIAL_PORT"
java -Xmx256m -cp "$WORK/bench.jar" io.netwatch.bench.TrivialRoute "$TRIVIAL_PORT" 1 > "$WORK/trivial.log" 2>&1 &
TRIVIAL_PID=$!
for i in $(seq 1 120); do
  grep -q 'trivial route on port' "$WORK/trivial.log" && break
  kill -0 "$TRIVIAL_PID" 2>/dev/null || die "the trivial route exited: $(tail -n 3 "$WORK/trivial.log")"
  [ "$i" = 120 ] && die "the trivial route was not listening after 30 s"
  sleep 0.25
done
wrk_run /dev/null "$A_CONNECTIONS" "$WARMUP" "$TRIVIAL_URL" "$WORK/body-1.json" 1   # warm-up, not recorded
log "ceilings: wrk with $B_BATCH- and $G_BATCH-packet bodies on the trivial route"
wrk_run "$WORK/ceil_wrk_batch.jsonl" "$B_CONNECTIONS" "$CEIL_SECONDS" "$TRIVIAL_URL" "$WORK/body-$B_BATCH.json" "$B_BATCH"
wrk_run "$WORK/ceil_wrk_batch.jsonl" "$G_CONNECTIONS" "$CEIL_SECONDS" "$TRIVIAL_URL" "$WORK/body-$G_BATCH.json" "$G_BATCH"
log "ceilings: the load generator's closed loop ($A_CONNECTIONS connections) on the trivial route"
load closed --url "$TRIVIAL_URL" --connections "$A_CONNECTIONS" --seconds "$CEIL_SECONDS" --warmup "$WARMUP" \
  >> "$WORK/ceil_own_closed.jsonl" || die "the load generator failed"
own_closed=$(field requests_per_s "$WORK/ceil_own_closed.jsonl")
log "  $own_closed req/s"

# One open-loop run of the load generator on the trivial route (after D's warm-up): true when it delivered the
# rate with at most 1% shortfall (achieved = 200s / time until the last answer), no error, and, for single
# packets (D, a latency figure), a p99 (counted from each request's due time) of at most CEIL_P99_MS: the route
# answers in microseconds, so a late p99 is the generator falling behind its own schedule.
CEIL_P99_MS=${CEIL_P99_MS:-10}
open_ceiling() {  # phase rate batch connections max-p99-ms (empty: delivery only)
  local json sf err p99
  json=$(load open --url "$TRIVIAL_URL" --rate "$2" --batch "$3" --connections "$4" --seconds "$CEIL_SECONDS" \
    --warmup "$D_WARMUP") || json='{"errors":1,"shortfall":1,"verdict":"load generator failed"}'
  sf=$(echo "$json" | grep -o '"shortfall":[-0-9.E]*' | cut -d: -f2)
  err=$(echo "$json" | grep -o '"errors":[0-9]*' | cut -d: -f2)
  p99=$(echo "$json" | grep -o '"p99_ms":[0-9.E]*' | cut -d: -f2)
  held=false
  [ "${err:-1}" = 0 ] && awk -v s="${sf:-1}" -v p="${p99:-1e9}" -v max="${5:-1e9}" 'BEGIN {exit !(s <= 0.01 && p <= max)}' \
    && held=true
  echo "$json" | sed "s/^{/{\"phase\":\"$1\",\"rate\":$2,\"held\":$held,/" >> "$WORK/ceil_own_open.jsonl"
  log "  open loop, $2 packets/s in requests of $3: shortfall ${sf:-?}, p99 ${p99:-?} ms, ${err:-?} errors: $([ $held = true ] && echo held || echo 'not held')"
  [ "$held" = true ]
}
log "ceilings: the load generator's open loop on the trivial route: the highest single-packet rate with <= 1% shortfall and p99 <= $CEIL_P99_MS ms, from D's rate ($CEIL_STEPS steps), and C's probe rate in requests of $SUSTAIN_BATCH"
rate=$D_RATE
lo=0; hi=0
for step in $(seq 1 "$CEIL_STEPS"); do
  if open_ceiling single "$rate" 1 64 "$CEIL_P99_MS"; then lo=$rate; else hi=$rate; fi
  [ "$step" = "$CEIL_STEPS" ] && break
  if [ "$hi" = 0 ]; then rate=$(round500 $((rate * 3 / 2)))
  elif [ "$lo" = 0 ]; then rate=$(round500 $((rate * 6 / 10)))
  elif [ $(( (hi - lo) * 10 )) -le "$lo" ]; then break   # within 10%
  else rate=$(round500 $(( (lo + hi) / 2 )))
  fi
done
batch_held=false
open_ceiling batch "$PROBE_RATE" "$SUSTAIN_BATCH" "$SUSTAIN_CONNECTIONS" "" && batch_held=true   # C judges delivery
echo "{\"own_closed_rps\":${own_closed:-0},\"own_open_best\":$lo,\"own_open_failed\":$hi,\"p99_max_ms\":$CEIL_P99_MS,\"batch_rate\":$PROBE_RATE,\"batch\":$SUSTAIN_BATCH,\"batch_held\":$batch_held}" > "$WORK/ceil_result.json"
