#!/usr/bin/env bash
# Stress (issue 13): the demo's configs (fashion-mnist+mnist, batch 128, encoder width 8, generator
# width 8 with 1 block) x SEEDS seeds x the four modes must train with 0 NaN, 0 FAILED and nothing
# skipped (a non-finite loss or gradient fails a run; there is no skipping), in one process and
# through the services; then a soak: one long Viewmaker run with resident memory (native tensors
# included), heap and live arrays printed every 1,000 steps. Usage:
#   bash bench/stress.sh [SEEDS] [STEPS] [SOAK_STEPS] [SERVICES]
# defaults: 10 seeds, 400 steps (the demo's), a 10,000-step soak (batch 16), SERVICES=1 (0 skips the
# pass through the services, which is `featuredrop demo --seeds SEEDS --steps STEPS`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SEEDS="${1:-10}"; STEPS="${2:-400}"; SOAK="${3:-10000}"; SERVICES="${4:-1}"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fp() { java -Dai.djl.offline=true -cp "cli/target/cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" io.featuredrop.cli.Featuredrop fingerprint "$@"; }
echo "== one process: $SEEDS seeds x 4 modes x $STEPS steps"
runs=0; failed=0; start=$(date +%s)
for seed in $(seq 0 $((SEEDS - 1))); do
  for mode in none expert viewmaker viewmaker+expert; do
    cat > "$tmp/c.json" <<JSON
{"runId":"stress-${mode/+/-}-s$seed","dataset":"fashion-mnist+mnist","mode":"$mode","steps":$STEPS,"batchSize":128,"seed":$seed,
 "encoderWidth":8,"generatorWidth":8,"generatorBlocks":1}
JSON
    runs=$((runs + 1))
    if ! out=$(fp -c "$tmp/c.json" 2>/dev/null) || grep -q "^FAILED" <<<"$out"; then
      failed=$((failed + 1)); echo "  FAILED seed $seed $mode: $(grep -E '^FAILED' <<<"$out" || tail -1 <<<"$out")"
    fi
  done
done
echo "one process: $runs runs, $failed failed, $(( $(date +%s) - start )) s"
status=0; [ "$failed" = 0 ] || status=1
if [ "$SERVICES" = 1 ]; then
  echo "== through the services: featuredrop demo --seeds $SEEDS --steps $STEPS (fresh broker and store)"
  start=$(date +%s)
  rc=0; ./featuredrop demo --seeds "$SEEDS" --steps "$STEPS" --no-floor --timeout 86400 --out "$tmp/demo" > "$tmp/demo.log" 2>&1 || rc=$?
  # the demo's final status table: "demo-<stamp>-fashion-mnist-mnist-viewmaker-s3   COMPLETED  fashion-mnist+mnist ..."
  completed=$(grep -cE "^demo-[^ ]+ +COMPLETED " "$tmp/demo.log" || true)
  echo "services: $completed of $((SEEDS * 4)) runs COMPLETED, demo exit $rc, $(( $(date +%s) - start )) s"
  grep -E "^demo-[^ ]+ +[A-Z]+ " "$tmp/demo.log" | grep -v " COMPLETED " || true
  [ "$completed" = $((SEEDS * 4)) ] || status=1
fi
echo "== soak: $SOAK Viewmaker steps, batch 16"
cat > "$tmp/soak.json" <<JSON
{"runId":"soak","dataset":"fashion-mnist+mnist","mode":"viewmaker","steps":$SOAK,"batchSize":16,"seed":0,
 "encoderWidth":8,"generatorWidth":8,"generatorBlocks":1}
JSON
start=$(date +%s)
fp -c "$tmp/soak.json" --memory-every 1000 2>/dev/null > "$tmp/soak.txt" || true
grep -E "^(memory|FAILED|steps)" "$tmp/soak.txt" || true
grep -q "^steps $SOAK$" "$tmp/soak.txt" || { echo "soak did not finish"; status=1; }
# flat: resident memory from the second sample (after warm-up) to the last, and live arrays constant
# flat means: live arrays constant and resident memory growing less than 5 MB per 1,000 steps (a leaked
# step of this config is about 1 MB, so a leak grows by hundreds of MB per 1,000 steps)
awk '/^memory/ { n++; if (n == 2) { r0 = $5; a0 = $12 } r = $5; a = $12; last = $3 }
  END { if (n < 3) { print "soak: too few samples"; exit 1 }
        per = (r - r0) / (n - 2)
        printf "soak: resident %+.1f MB from step 2000 to %d (%.2f MB per 1,000 steps), live arrays %d -> %d\n", r - r0, last, per, a0, a
        exit (a == a0 && per < 5) ? 0 : 1 }' "$tmp/soak.txt" || { echo "soak: memory NOT flat"; status=1; }
echo "soak: $(( $(date +%s) - start )) s"
exit $status
