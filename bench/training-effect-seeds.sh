#!/usr/bin/env bash
# The runs of TrainingEffectTest (tiny nets, batch 64, pooled probes 2,000 / 1,000 images, 20 epochs;
# expert 200 steps, Viewmaker 400) for other seeds, in one process each, so the test's margins are
# set from a spread across seeds rather than from its one seed (3). Usage:
#   bash bench/training-effect-seeds.sh [SEEDS...]     (default 0 1 2 4)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SEEDS=("$@"); [ ${#SEEDS[@]} -gt 0 ] || SEEDS=(0 1 2 4)
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
printf "%-5s %-9s %8s %8s %8s %8s\n" seed mode garment digit floor-g floor-d
for seed in "${SEEDS[@]}"; do
  for spec in expert:200 viewmaker:400; do
    mode="${spec%%:*}"; steps="${spec##*:}"
    cat > "$tmp/c.json" <<JSON
{"runId":"effect-$mode-s$seed","dataset":"fashion-mnist+mnist","mode":"$mode","steps":$steps,"checkpointEvery":$steps,
 "batchSize":64,"seed":$seed,"encoderWidth":8,"generatorWidth":8,"generatorBlocks":1,
 "probe":{"features":"pooled","trainSize":2000,"testSize":1000,"epochs":20}}
JSON
    OMP_NUM_THREADS=1 java -Dai.djl.offline=true -cp "cli/target/cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" io.featuredrop.cli.Featuredrop \
      train-local -c "$tmp/c.json" --out "$tmp/$mode-$seed" --fresh --log-every 1000 >/dev/null 2>&1 || echo "seed $seed $mode FAILED"
    [ -f "$tmp/$mode-$seed/results.json" ] || { echo "seed $seed $mode: no results (the JVM failed)"; continue; }
    python3 - "$tmp/$mode-$seed/results.json" "$seed" "$mode" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
if r.get("failure"):
    print("%-5s %-9s FAILED: %s" % (sys.argv[2], sys.argv[3], r["failure"]))
    sys.exit(0)
acc = lambda rep, t: next(x["accuracy"] for x in rep["tasks"] if x["task"] == t)
print("%-5s %-9s %8.3f %8.3f %8.3f %8.3f" % (sys.argv[2], sys.argv[3], acc(r["last"], "garment"), acc(r["last"], "digit"),
      acc(r["initial"], "garment"), acc(r["initial"], "digit")))
PY
  done
done
