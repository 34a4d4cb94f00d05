#!/usr/bin/env bash
# Steps/s of a run through the three services over the real broker vs the single-process trainer
# (train-local) with the same config, same machine, back to back. Usage:
#   bash bench/pipeline-benchmark.sh [STEPS]        (default 60 steps, batch 128, widths 16)
# Starts the local stack (./featuredrop up) and stops it at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STEPS="${1:-60}"
FD=./featuredrop
tmp="$(mktemp -d)"
# a fresh broker and store: the services resume unfinished runs they find, which would share the cores
export FEATUREDROP_HOME="$tmp/state"
trap '$FD down >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
$FD up >/dev/null
stamp=$(date +%s)
printf "%-34s %12s %12s %8s\n" "case" "pipeline" "single" "ratio"
for spec in expert:1 expert:4 viewmaker:1 viewmaker:2; do
  mode="${spec%%:*}"; inflight="${spec##*:}"
  id="bench-$mode-$inflight-$stamp"
  cat > "$tmp/$id.json" <<JSON
{"runId":"$id","dataset":"fashion-mnist+mnist","mode":"$mode","steps":$STEPS,"batchSize":128,"seed":1,
 "encoderWidth":16,"generatorWidth":16,"generatorBlocks":3,"maxInFlight":$inflight,"checkpointEvery":$STEPS,
 "probe":{"trainSize":500,"testSize":500,"epochs":1}}
JSON
  pipe=$($FD run "$tmp/$id.json" --follow 2>/dev/null | grep -E "step $STEPS/$STEPS" | tail -1 | sed -E 's/.* ([0-9.]+) steps\/s.*/\1/')
  single=$($FD train-local -c "$tmp/$id.json" --out "$tmp/out-$id" --fresh --no-floor --log-every "$STEPS" 2>/dev/null \
    | grep -E "^[0-9.]+ steps/s" | sed -E 's/^([0-9.]+) steps\/s.*/\1/')
  ratio=$(awk -v p="$pipe" -v s="$single" 'BEGIN { if (s > 0) printf "%.2f", p / s; else print "-" }')
  printf "%-34s %12s %12s %8s\n" "$mode maxInFlight=$inflight" "$pipe" "$single" "$ratio"
done
