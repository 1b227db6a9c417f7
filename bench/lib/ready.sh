# shellcheck shell=bash
# Sourced by bench/run.sh (lib/platform.sh) and bench/storage.sh; needs their die().
# Waits until a platform answers GET /ready with 200: at most 120 s, and not past the platform's death.

wait_ready() {  # ready-url pid
  local i
  for i in $(seq 1 240); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || die "the platform exited during start-up"
    sleep 0.5
  done
  die "the platform was not ready after 120 s"
}
