#!/usr/bin/env bash
# Sweep wall time with 1 vs 2 replicas of each service on this machine (six runs, every checkpoint
# probed), and what 8 trainers on 64 partitions would ask of the broker, the checkpoint store and the
# evaluators, from the figures measured (system-tests ScaleOutBenchmark). Usage:
#   bash bench/scale-benchmark.sh [STEPS]        (default 60 steps per run, batch 64)
# Needs the built services (bash scripts/build.sh); runs its own brokers.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STEPS="${1:-60}"
mvn -o -q -pl system-tests test -Dtest=ScaleOutBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfeaturedrop.bench.scale=true -Dfeaturedrop.bench.steps="$STEPS" 2>&1 \
  | grep -E '^\||replica|measured|trainers at|Tests run|FAIL|ERROR' || true
