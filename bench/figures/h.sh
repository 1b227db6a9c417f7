# shellcheck shell=bash
# Sourced by bench/run.sh, in order; it shares the run's variables and functions.
# Figure H: a fresh platform JVM, loaded from its first second.

# --- E's readings end here; H: a fresh platform JVM, loaded from its first second ------------------------
drain >/dev/null || true
log "H: the platform stopped; a fresh JVM started, wrk -c$P_CONNECTIONS in 1-second runs back to back for ${H_SECONDS}s once its ingest port opens"
stop_pid "$PLATFORM_PID"; PLATFORM_PID=
H_INGEST_PORT=$(free_port); H_WEB_PORT=$(free_port)
JFR_OPTS=; CDS_OPTS=; H_CDS=false
# (checked as run.sh checks it: an archive cut short by a SIGKILL would crash the JVM that maps it)
if [ -s "$CDS_ARCHIVE" ] && (java -XX:SharedArchiveFile="$CDS_ARCHIVE" -Xshare:on -XX:+VerifySharedSpaces \
    -XX:ErrorFile=/dev/null -Xlog:cds=off -cp "$WORK/netwatch.jar" -version >/dev/null 2>&1) 2>/dev/null; then
  CDS_OPTS="-Xlog:cds=off -XX:SharedArchiveFile=$CDS_ARCHIVE"; H_CDS=true
fi
t0=$(now)
platform "$PLATFORM_CONF" "$H_INGEST_PORT" "$H_WEB_PORT" "$BENCH_STREAM" "$WORK/fresh.log"
FRESH_PID=$!
until listening "$H_INGEST_PORT"; do
  kill -0 "$FRESH_PID" 2>/dev/null || die "the fresh platform exited during start-up: $(tail -n 3 "$WORK/fresh.log")"
  [ "$(since "$t0" | cut -d. -f1)" -ge 120 ] && die "the fresh platform was not listening after 120 s"
  sleep 0.02
done
t_listen=$(since "$t0")
log "  ingest port open ${t_listen}s after java -jar"
while awk -v t="$(since "$t0")" -v end="$t_listen" -v s="$H_SECONDS" 'BEGIN {exit !(t < end + s)}'; do
  wrk_run "$WORK/h.jsonl" "$P_CONNECTIONS" 1 "http://127.0.0.1:$H_INGEST_PORT/ingest" "$WORK/body-1.json" 1 \
    "\"t_start_s\":$(since "$t0")"
done
echo "{\"listen_s\":$t_listen,\"class_data_archive\":$H_CDS}" > "$WORK/h_start.json"
log "  per second: $(grep -o '"ok_per_s":[0-9]*' "$WORK/h.jsonl" | cut -d: -f2 | tr '\n' ' ')"
stop_pid "$FRESH_PID"; FRESH_PID=
