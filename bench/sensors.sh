#!/usr/bin/env bash
# Many registered sensors at the ingest route (issue 27's figure: P with 100 sensors within 5 % of single-token P).
#
#   bench/sensors.sh register N WEB_URL ADMIN_TOKEN > tokens.txt   registers bench-sensor-1..N, prints their tokens
#   bench/sensors.sh drive INGEST_URL tokens.txt [wrk options]      wrk, each request with the next token in turn
#   bench/sensors.sh revoke N WEB_URL ADMIN_TOKEN                   deletes bench-sensor-1..N again
#
# e.g. bench/sensors.sh register 100 http://127.0.0.1:3000 "$ADMIN_TOKEN" > /tmp/tokens.txt
#      bench/sensors.sh drive http://127.0.0.1:8080/ingest /tmp/tokens.txt -t1 -c64 -d30s --latency
# The single-token reference is bench/wrk/post.lua with WRK_TOKEN on the same platform, in alternated turns.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,11p' "$0" >&2; exit 2; }
[ $# -ge 3 ] || usage

case "$1" in
  register)
    [ $# = 4 ] || usage
    for i in $(seq 1 "$2"); do
      answer=$(curl -sS -X POST "$3/api/v1/sensors" -H "Authorization: Bearer $4" -H 'Content-Type: application/json' \
        --data "{\"name\":\"bench-sensor-$i\",\"description\":\"bench/sensors.sh\"}")
      token=$(printf '%s' "$answer" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
      [ -n "$token" ] || { echo "bench-sensor-$i not registered: $answer" >&2; exit 1; }
      echo "$token"
    done ;;
  drive)
    command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
    url=$2; tokens=$(realpath "$3"); shift 3
    WRK_TOKENS_FILE=$tokens exec wrk "$@" -s "$ROOT/bench/wrk/post-sensors.lua" "$url" ;;
  revoke)
    [ $# = 4 ] || usage
    for i in $(seq 1 "$2"); do
      curl -sS -o /dev/null -w '' -X DELETE "$3/api/v1/sensors/bench-sensor-$i" -H "Authorization: Bearer $4"
    done ;;
  *) usage ;;
esac
