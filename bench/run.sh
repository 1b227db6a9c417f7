#!/usr/bin/env bash
# The benchmark (see bench/README.md). Builds what is missing, starts the whole platform fresh (-Xmx512m,
# conf/platform.json) against a throwaway database and stream, measures figures P, A-H and their references
# in the same run on this machine, prints a Markdown table and writes it to bench/results/<date>.md.
# Closed loops are driven by wrk (installed with apt-get when missing), open loops at fixed rates by the
# load generator in bench/ (LoadGenerator); each one's own ceiling on the trivial route is measured too.
# Everything it started is stopped on exit, and the throwaway database and streams are dropped.
#
#   bench/run.sh              full run, 3 runs of most figures (about 20-25 minutes)
#   QUICK=1 bench/run.sh      short runs (about 5 minutes), for a first look
#
# Knobs (environment): see bench/README.md, "Knobs".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# The steps, in order; each is sourced, so they share variables, functions and the exit trap.
for part in lib/settings.sh lib/common.sh lib/platform.sh lib/wrk.sh figures/ceilings.sh \
    figures/a.sh figures/p.sh figures/b.sh figures/g.sh figures/c.sh figures/d.sh figures/f.sh figures/k.sh \
    figures/h.sh lib/table.sh; do
  # shellcheck source=/dev/null
  source "$ROOT/bench/$part"
done
