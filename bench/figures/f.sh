# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure F: the live feed's cost, ingest with no browser and with F_BROWSERS.

# --- F: the live feed's cost: ingest with 0, then with F_BROWSERS browsers on anomalies.live -------------
log "F: live feed cost: wrk -c$P_CONNECTIONS single packets for ${F_SECONDS}s with no browser, then with $F_BROWSERS on anomalies.live; $F_RUNS pair(s)"
for i in $(seq 1 "$F_RUNS"); do
  drain >/dev/null || true
  c0=$(cpu_s "$PLATFORM_PID")
  wrk_run "$WORK/f0.jsonl" "$P_CONNECTIONS" "$F_SECONDS" "$INGEST_URL" "$WORK/body-1.json" 1
  c1=$(cpu_s "$PLATFORM_PID")
  drain >/dev/null || true
  load browsers --ws "$WS_URL" --count "$F_BROWSERS" --seconds $((F_SECONDS + 1)) \
    > "$WORK/f_browsers_$i.json" 2> "$WORK/f_browsers_$i.err" &
  browsers_pid=$!
  MONITOR_PIDS+=("$browsers_pid")
  for _ in $(seq 1 600); do   # until every browser is connected and receiving (the line below), at most 60 s
    grep -q '^browsers ready: .* s$' "$WORK/f_browsers_$i.err" && break
    kill -0 "$browsers_pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q '^browsers ready: .* s$' "$WORK/f_browsers_$i.err" \
    || die "the browsers did not get ready: $(tail -n 3 "$WORK/f_browsers_$i.err")"
  log "  $(grep '^browsers ready' "$WORK/f_browsers_$i.err")"
  # $! is the subshell running the load function; the browsers are its java child.
  browsers_java=$(pgrep -P "$browsers_pid" java || echo "$browsers_pid")
  c2=$(cpu_s "$PLATFORM_PID"); b2=$(cpu_s "$browsers_java")
  wrk_run "$WORK/f100.jsonl" "$P_CONNECTIONS" "$F_SECONDS" "$INGEST_URL" "$WORK/body-1.json" 1
  c3=$(cpu_s "$PLATFORM_PID"); b3=$(cpu_s "$browsers_java")
  # The platform's CPU per request with and without browsers, and what the browsers' own process used: on
  # two shared cores, the second is CPU the platform did not get, whatever the feed costs.
  awk -v c0="$c0" -v c1="$c1" -v c2="$c2" -v c3="$c3" -v b2="$b2" -v b3="$b3" -v s="$F_SECONDS" \
      -v r0="$(field ok "$WORK/f0.jsonl")" -v r1="$(field ok "$WORK/f100.jsonl")" 'BEGIN {
    printf "{\"platform_cpu_ms_per_1000_none\":%.1f,\"platform_cpu_ms_per_1000_browsers\":%.1f,", (r0 > 0 ? (c1 - c0) * 1e6 / r0 : 0), (r1 > 0 ? (c3 - c2) * 1e6 / r1 : 0)
    printf "\"platform_cores_none\":%.2f,\"platform_cores_browsers\":%.2f,\"browsers_cores\":%.2f}\n", (c1 - c0) / s, (c3 - c2) / s, (b3 - b2) / s
  }' >> "$WORK/f_cpu.jsonl"
  wait "$browsers_pid" || die "the browsers failed: $(tail -n 3 "$WORK/f_browsers_$i.err")"
  MONITOR_PIDS=()
  cat "$WORK/f_browsers_$i.json" >> "$WORK/f_browsers.jsonl"
  log "  pair $i: $(field ok_per_s "$WORK/f0.jsonl") req/s, p99 $(field p99_ms "$WORK/f0.jsonl") ms with no browser;" \
    "$(field ok_per_s "$WORK/f100.jsonl") req/s, p99 $(field p99_ms "$WORK/f100.jsonl") ms with $(field receiving "$WORK/f_browsers.jsonl") of $F_BROWSERS browsers receiving" \
    "($(field frames_min "$WORK/f_browsers.jsonl") frames at least per browser); platform CPU per 1,000 requests" \
    "$(field platform_cpu_ms_per_1000_none "$WORK/f_cpu.jsonl") ms without browsers, $(field platform_cpu_ms_per_1000_browsers "$WORK/f_cpu.jsonl") ms with;" \
    "the browsers' client used $(field browsers_cores "$WORK/f_cpu.jsonl") cores"
done
