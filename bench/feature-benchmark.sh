#!/usr/bin/env bash
# Probe feature extraction, DJL PyTorch vs ONNX Runtime (the encoder's ONNX export), same process,
# same threads, on a checkpoint's probe images (5,000 train + 2,000 test by default). Without a
# checkpoint argument it trains one first: 100 Viewmaker steps of the demo's sizes (train-local).
# Usage: bash bench/feature-benchmark.sh [CHECKPOINT.safetensors] [THREADS] [REPEATS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
CP=(java -Dai.djl.offline=true -cp "cli/target/cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" io.featuredrop.cli.Featuredrop)
checkpoint="${1:-}"
if [ -z "$checkpoint" ]; then
  out="bench-out/feature-benchmark"
  checkpoint="$(ls "$out"/checkpoints/*.safetensors 2>/dev/null | tail -1 || true)"
  if [ -z "$checkpoint" ]; then
    mkdir -p "$out"
    cat > "$out/config.json" <<JSON
{"runId":"feature-bench","dataset":"fashion-mnist+mnist","mode":"viewmaker","steps":100,"checkpointEvery":100,"batchSize":128,"seed":0,
 "encoderWidth":16,"generatorWidth":16,"generatorBlocks":3,"probe":{"features":"pooled","trainSize":5000,"testSize":2000,"epochs":1}}
JSON
    echo "training a checkpoint to measure (100 Viewmaker steps, a few minutes) ..."
    "${CP[@]}" train-local -c "$out/config.json" --out "$out" --fresh --log-every 50 2>/dev/null | tail -2
    checkpoint="$(ls "$out"/checkpoints/*.safetensors | tail -1)"
  fi
fi
"${CP[@]}" bench --features "$checkpoint" --threads "${2:-2}" --steps "${3:-5}" 2>/dev/null
