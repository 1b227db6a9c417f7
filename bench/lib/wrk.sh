# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# wrk runs and their parsing into JSON lines; the run's metadata.

# --- wrk ------------------------------------------------------------------------------------------------
# wrk_run OUT CONNECTIONS SECONDS URL BODY_FILE BATCH [EXTRA_JSON]: one wrk -t1 run (the body, the token and
# Content-Type from bench/wrk/post.lua); its text output is kept under $WORK/wrk/, and one JSON line parsed
# from it is appended to OUT (/dev/null for a warm-up run): requests, 2xx ("ok"), non-2xx, socket errors,
# requests/s, ok/s, packets/s, latency p50/p75/p90/p99/max (wrk --latency).
WRK_N=0
wrk_run() {
  local out=$1 conns=$2 secs=$3 url=$4 body=$5 batch=$6 extra=${7:-}
  mkdir -p "$WORK/wrk"
  WRK_N=$((WRK_N + 1))
  local txt
  txt="$WORK/wrk/$(printf '%03d' "$WRK_N")-$([ "$out" = /dev/null ] && echo warmup || basename "$out" .jsonl).txt"
  echo "wrk -t1 -c$conns -d${secs}s --latency -s bench/wrk/post.lua $url (body $(basename "$body"))" > "$txt"
  WRK_TOKEN="$TOKEN" WRK_BODY_FILE="$body" wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$WRK_SCRIPT" "$url" \
    >> "$txt" 2>&1 || true
  wrk_json "$txt" "$conns" "$batch" "$extra" >> "$out"
}
wrk_json() {  # wrk's text output -> one JSON line
  awk -v conns="$2" -v batch="$3" -v extra="$4" '
    function ms(v) {  # wrk time: 812.00us, 1.23ms, 2.01s, 1.00m, 1.00h
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000
      if (v ~ /m$/) return v * 60000; if (v ~ /h$/) return v * 3600000; return v + 0
    }
    /^ *Latency +[0-9]/ { max = ms($4) }
    /^ *50% / { p50 = ms($2) } /^ *75% / { p75 = ms($2) } /^ *90% / { p90 = ms($2) } /^ *99% / { p99 = ms($2) }
    / requests in / { requests = $1; d = $4; sub(/,$/, "", d); seconds = ms(d) / 1000 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(/,/, ""); sconnect = $4; sread = $6; swrite = $8; stimeout = $10 }
    /Requests\/sec:/ { rps = $2 }
    /unable to connect|Connection refused/ && failure == "" { failure = $0; gsub(/"/, "", failure) }
    END {
      ok = requests - non2xx
      socket = sconnect + sread + swrite + stimeout
      okps = seconds > 0 ? ok / seconds : 0
      printf "{\"tool\":\"wrk\",\"connections\":%d,\"batch\":%d,\"seconds\":%.3f,\"requests\":%d,\"ok\":%d,", conns, batch, seconds, requests, ok
      printf "\"non_2xx\":%d,\"socket_errors\":{\"connect\":%d,\"read\":%d,\"write\":%d,\"timeout\":%d},\"errors\":%d,", non2xx, sconnect, sread, swrite, stimeout, non2xx + socket
      printf "\"requests_per_s\":%.0f,\"ok_per_s\":%.0f,\"packets_per_s\":%.0f,", rps, okps, okps * batch
      printf "\"p50_ms\":%.3f,\"p75_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f", p50, p75, p90, p99, max
      if (failure != "") printf ",\"failure\":\"%s\"", failure
      if (extra != "") printf ",%s", extra
      print "}"
    }' "$1"
}
cpu_s() {  # pid: CPU seconds (user + system) the process has used so far
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0
}
field() { grep -o "\"$1\":[-0-9.]*" "$2" | tail -n 1 | cut -d: -f2 || true; }   # a number of a file's last JSON line

write_meta() {
  cat > "$WORK/meta.json" <<EOM
{"date":"$(date -u +%Y-%m-%dT%H:%MZ)","git":"$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src pom.xml conf 2>/dev/null || echo ' + local changes')","cores":$(nproc),"mem_gib":$(free -g | awk '/Mem/ {print $2}'),"java":"$(java -version 2>&1 | head -n 1 | sed 's/"//g')","wrk":"$(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}')","load_before":"$(cut -d' ' -f1-3 /proc/loadavg)","runs":$RUNS,"quick":$QUICK,"ingest_only":$INGEST_ONLY,"warmup":$WARMUP,"warm_max_runs":$WARM_MAX_RUNS,"p_seconds":$P_SECONDS,"p_connections":$P_CONNECTIONS,"a_seconds":$A_SECONDS,"a_connections":$A_CONNECTIONS,"b_connections":$B_CONNECTIONS,"b_batch":$B_BATCH,"g_seconds":$G_SECONDS,"g_connections":$G_CONNECTIONS,"g_batch":$G_BATCH,"g_ref_seconds":$G_REF_SECONDS,"sustain_seconds":$SUSTAIN_SECONDS,"sustain_batch":$SUSTAIN_BATCH,"probe_rate":$PROBE_RATE,"d_rate":$D_RATE,"f_seconds":$F_SECONDS,"f_browsers":$F_BROWSERS,"h_seconds":$H_SECONDS,"k_seconds":$K_SECONDS,"k_connections":$K_CONNECTIONS,"k_batch":$K_BATCH,"ceil_seconds":$CEIL_SECONDS,"xmx":"$XMX"}
EOM
}
write_meta
round500() { awk -v r="$1" 'BEGIN {r = int(r / 500 + 0.5) * 500; printf "%d", (r < 500 ? 500 : r)}'; }
