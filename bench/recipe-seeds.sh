#!/usr/bin/env bash
# Single-process runs (`featuredrop train-local`) of several modes and seeds with one recipe, for
# choosing the demo's sizes and measuring each recipe change before/after (docs/ML.md, issue 15).
# Prints one line per run (final accuracy, label "kept" on views, floor) and, per mode, the mean
# with a 95% t interval over seeds. Results stay in OUT (default bench-out/recipe-<time>).
# DATASET (env) replaces fashion-mnist+mnist, e.g. DATASET=fashion-mnist for the single-task ceiling; BATCH, PROBE_TRAIN, PROBE_TEST (env) replace 128, 5000, 2000; CLI_DIR (env) runs a copy of cli/target (so a rebuild cannot change jars under a run).
# Usage: bash bench/recipe-seeds.sh "MODES" "SEEDS" STEPS 'EXTRA_JSON_MEMBERS' [OUT]
#   e.g. bash bench/recipe-seeds.sh "viewmaker expert" "0 1 2" 300 '"encoderWidth":16,"generatorWidth":16'
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODES=($1); SEEDS=($2); STEPS="$3"; EXTRA="${4:-}"; OUT="${5:-bench-out/recipe-$(date +%Y%m%d-%H%M%S)}"
[ -n "$EXTRA" ] && EXTRA=",$EXTRA"
mkdir -p "$OUT"
for mode in "${MODES[@]}"; do
  for seed in "${SEEDS[@]}"; do
    dir="$OUT/$mode-s$seed"
    [ -f "$dir/results.json" ] && continue
    cat > "$OUT/$mode-s$seed.json" <<JSON
{"runId":"recipe-${mode/+/-}-s$seed","dataset":"${DATASET:-fashion-mnist+mnist}","mode":"$mode","steps":$STEPS,"checkpointEvery":$STEPS,
 "batchSize":${BATCH:-128},"seed":$seed,"probe":{"features":"pooled","trainSize":${PROBE_TRAIN:-5000},"testSize":${PROBE_TEST:-2000},"epochs":50}$EXTRA}
JSON
    start=$(date +%s)
    java -Dai.djl.offline=true -cp "${CLI_DIR:-cli/target}/cli-0.1.0-SNAPSHOT.jar:${CLI_DIR:-cli/target}/lib/*" io.featuredrop.cli.Featuredrop \
      train-local -c "$OUT/$mode-s$seed.json" --out "$dir" --fresh --log-every 100 > "$dir.log" 2>&1 || echo "$mode seed $seed FAILED (see $dir.log)"
    echo "$mode s$seed: $(( $(date +%s) - start )) s" >> "$OUT/times.txt"
  done
done
python3 - "$OUT" <<'PY'
import json, os, sys, math, glob, collections
out = sys.argv[1]
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}
rows = collections.defaultdict(list)
print("%-18s %-5s %8s %8s %8s %8s %8s %8s %7s" % ("mode", "seed", "garment", "digit", "kept-g", "kept-d", "floor-g", "floor-d", "steps/s"))
for f in sorted(glob.glob(os.path.join(out, "*", "results.json"))):
    r = json.load(open(f))
    mode, seed = r["config"]["mode"], r["config"]["seed"]
    if r.get("failure"):
        print("%-18s %-5s FAILED %s" % (mode, seed, r["failure"])); continue
    acc = {t["task"]: t for t in r["last"]["tasks"]}
    flo = {t["task"]: t for t in r["initial"]["tasks"]} if r.get("initial") else {}
    nan = {"accuracy": float("nan")}  # photos alone (DATASET=fashion-mnist) have no digit
    g, d = acc.get("garment", nan), acc.get("digit", nan)
    vals = [g["accuracy"], d["accuracy"], g.get("labelRetention") or float("nan"), d.get("labelRetention") or float("nan"),
            flo.get("garment", {}).get("accuracy", float("nan")), flo.get("digit", {}).get("accuracy", float("nan"))]
    rows[mode].append(vals)
    print("%-18s %-5s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %7.2f" % (mode, seed, *vals, r["stepsPerSecond"]))
print()
names = ["garment", "digit", "kept-g", "kept-d", "floor-g", "floor-d"]
for mode, vs in rows.items():
    cells = []
    for j, name in enumerate(names):
        xs = [v[j] for v in vs if not math.isnan(v[j])]
        if not xs:
            continue
        m = sum(xs) / len(xs)
        if len(xs) > 1:
            sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))
            cells.append("%s %.3f ± %.3f" % (name, m, T975.get(len(xs) - 1, 1.96) * sd / math.sqrt(len(xs))))
        else:
            cells.append("%s %.3f" % (name, m))
    print("%-18s n=%d  %s" % (mode, len(vs), "  ".join(cells)))
PY
