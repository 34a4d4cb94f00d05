#!/usr/bin/env bash
# Evaluator start-up (launch to caught up with fd.run-status) after 100 completed runs: with every
# PROGRESS status of STEPS steps per run on the topic (today) vs lifecycle statuses only
# (system-tests StartupReplayBenchmark). Usage:
#   bash bench/startup-benchmark.sh [STEPS]        (default 1000 steps per run)
# Needs the built services (bash scripts/build.sh); runs its own brokers.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STEPS="${1:-1000}"
mvn -o -q -pl system-tests test -Dtest=StartupReplayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfeaturedrop.bench.startup=true -Dfeaturedrop.bench.steps="$STEPS" 2>&1 \
  | grep -E '^\||ratio|caught up|after compaction|Tests run|FAIL|ERROR' || true
