# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# The table: bench/results/<date>.md and the summary on standard output.

# --- the table -------------------------------------------------------------------------------------------
mkdir -p bench/results
# (|| true: under set -e, an assignment whose substitution fails ends the script, as it did after every full run)
out="bench/results/$(date +%Y-%m-%d)$([ "$QUICK" = 1 ] && echo -quick || true).md"
table=$(java -cp "$WORK/bench.jar" io.netwatch.bench.Report "$WORK")
{
  echo "# netwatch benchmark"
  echo
  echo "Command: \`$([ "$QUICK" = 1 ] && echo 'QUICK=1 ')bench/run.sh\`"
  echo
  echo "$table"
  echo
  echo "Memory: VmHWM $([ "$HWM_RESET" = 1 ] && echo 'reset when C started' || echo 'since the platform started (could not reset)'); platform heap after C (\`jcmd GC.heap_info\`):"
  echo
  echo '```'
  cat "$WORK/heap_info.txt"
  echo '```'
  echo
  echo "Platform log: $(grep -c ' WARN ' "$WORK/platform.log" || true) WARN and $(grep -c ' ERROR ' "$WORK/platform.log" || true) ERROR lines."
  grep -E ' (WARN|ERROR) ' "$WORK/platform.log" | grep -v -i 'development token' | head -n 10 | sed 's/^/    /' || true
  echo
  echo "Raw results (one JSON line per run; wrk's own output of every run is in the work directory, KEEP_WORK=1):"
  echo
  echo '```'
  for f in ceil_wrk_batch ceil_own_closed ceil_own_open ceil_result p p_commit a_ref a a_solo b b_solo b_ref g g_commit \
      c_ref d f0 f100 f_browsers f_cpu k_on k_off k_on_wrk k_off_wrk h_start h; do
    for ext in jsonl json; do [ -f "$WORK/$f.$ext" ] && sed "s/^/$f: /" "$WORK/$f.$ext"; done
  done
  echo '```'
} > "$out"
echo "$table" | awk '/^C, every sustained run/ {exit} {print}'
log "full results: $out$([ -n "${JFR_FILE:-}" ] && echo "; flight recording: $JFR_FILE")"
