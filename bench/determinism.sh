#!/usr/bin/env bash
# Bitwise reproducibility across processes (issue 13): the same RunConfig trained in N fresh JVMs
# must give the same loss of every step and the same ENCODER/GENERATOR checkpoint bytes, for all
# four modes. Each JVM runs with a tiny young generation, so the collector runs every few steps
# (the condition under which the old Java-memory fault changed results). Usage:
#   bash bench/determinism.sh [STEPS] [JVMS] [THREADS]    (defaults 200 steps, 3 JVMs, libtorch's default threads)
# Batch 64, encoder and generator width 8, seed 3. Prints one line per mode and exits 1 on any difference.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STEPS="${1:-200}"; JVMS="${2:-3}"; THREADS="${3:-}"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
props=(-Dai.djl.offline=true -Xmn4m -XX:+UseSerialGC)
[ -n "$THREADS" ] && props+=(-Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1)
status=0
for mode in none expert viewmaker viewmaker+expert; do
  cat > "$tmp/$mode.json" <<JSON
{"runId":"determinism-${mode/+/-}","dataset":"fashion-mnist+mnist","mode":"$mode","steps":$STEPS,"batchSize":64,"seed":3,
 "encoderWidth":8,"generatorWidth":8,"generatorBlocks":1}
JSON
  start=$(date +%s)
  for j in $(seq 1 "$JVMS"); do
    java "${props[@]}" -cp "cli/target/cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" io.featuredrop.cli.Featuredrop \
      fingerprint -c "$tmp/$mode.json" --losses > "$tmp/$mode.$j.txt" 2>/dev/null || true
  done
  distinct=$(for j in $(seq 1 "$JVMS"); do sha256sum < "$tmp/$mode.$j.txt"; done | sort -u | wc -l)
  enc=$(grep "encoder checkpoint" "$tmp/$mode.1.txt" | awk '{print substr($4,1,16)}')
  gen=$(grep "generator checkpoint" "$tmp/$mode.1.txt" | awk '{print substr($4,1,16)}')
  failed=$(grep -c "^FAILED" "$tmp/$mode".*.txt | awk -F: '{s+=$2} END {print s}')
  if [ "$distinct" = 1 ] && [ "$failed" = 0 ]; then verdict=identical; else verdict="DIFFERENT ($distinct distinct outputs, $failed failed)"; status=1; fi
  printf "%-17s %d JVMs x %d steps: %-10s encoder %s generator %s  (%ds; %s)\n" "$mode" "$JVMS" "$STEPS" "$verdict" "$enc" "${gen:--}" \
    $(( $(date +%s) - start )) "$(head -1 "$tmp/$mode.1.txt")"
  if [ "$distinct" != 1 ]; then
    diff "$tmp/$mode.1.txt" "$tmp/$mode.2.txt" | head -6 || true
  fi
done
exit $status
