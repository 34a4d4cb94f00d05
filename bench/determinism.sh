#!/usr/bin/env bash
# Bitwise reproducibility across processes (issue 13): the same RunConfig must give the same loss
# at every step and the same ENCODER/GENERATOR checkpoint bytes, for all four modes,
#  - in N fresh JVMs of the single-process trainer (`featuredrop fingerprint`), each with a tiny
#    young generation so the collector runs every few steps (the condition under which the old
#    Java-memory fault changed results), and
#  - through the services: N fresh stacks (broker + augmenter + trainer + evaluator), the final
#    checkpoint files compared with each other and with the single-process bytes.
# Usage:
#   bash bench/determinism.sh [STEPS] [JVMS] [STACKS]     (defaults 200 steps, 3 JVMs, 3 stacks; STACKS=0 skips the services)
# Batch 64, encoder and generator width 8, seed 3, libtorch's default thread count (recorded in the output).
# Prints one line per mode and pass; exits 1 on any difference or failed run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STEPS="${1:-200}"; JVMS="${2:-3}"; STACKS="${3:-3}"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
tmp="$(mktemp -d)"
cleanup() {
  if [ -n "${FEATUREDROP_HOME:-}" ]; then ./featuredrop down >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
MODES=(none expert viewmaker viewmaker+expert)
status=0
config() { # mode -> config file (same bytes for every pass, so checkpoint metadata match)
  local id="determinism-${1/+/-}"
  cat > "$tmp/$id.json" <<JSON
{"runId":"$id","dataset":"fashion-mnist+mnist","mode":"$1","steps":$STEPS,"batchSize":64,"seed":3,
 "encoderWidth":8,"generatorWidth":8,"generatorBlocks":1,"checkpointEvery":$STEPS,
 "probe":{"features":"pooled","trainSize":256,"testSize":128,"epochs":1}}
JSON
  echo "$tmp/$id.json"
}
verdict() { # label distinct failed -> prints the verdict (called in $(...): the caller sets status)
  if [ "$2" = 1 ] && [ "$3" = 0 ]; then echo identical; else echo "DIFFERENT ($2 distinct, $3 failed)"; fi
}

echo "== one process: $JVMS fresh JVMs per mode, -Xmn4m (a collection every few steps)"
for mode in "${MODES[@]}"; do
  cfg="$(config "$mode")"; id="$(basename "$cfg" .json)"
  start=$(date +%s)
  for j in $(seq 1 "$JVMS"); do
    java -Dai.djl.offline=true -Xmn4m -XX:+UseSerialGC -cp "cli/target/cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" \
      io.featuredrop.cli.Featuredrop fingerprint -c "$cfg" --losses > "$tmp/$id.jvm$j.txt" 2>/dev/null || true
  done
  distinct=$(for j in $(seq 1 "$JVMS"); do sha256sum < "$tmp/$id.jvm$j.txt"; done | sort -u | wc -l)
  # a JVM that crashed or failed a step leaves no "steps N" line
  failed=0
  for j in $(seq 1 "$JVMS"); do grep -q "^steps $STEPS$" "$tmp/$id.jvm$j.txt" || failed=$((failed + 1)); done
  { [ "$distinct" = 1 ] && [ "$failed" = 0 ]; } || status=1
  grep "encoder checkpoint" "$tmp/$id.jvm1.txt" | awk '{print $4}' > "$tmp/$id.encoder" || true
  grep "generator checkpoint" "$tmp/$id.jvm1.txt" | awk '{print $4}' > "$tmp/$id.generator" || true
  printf "%-17s %d JVMs x %d steps: %-12s encoder %.16s generator %.16s  %3ds  %s\n" "$mode" "$JVMS" "$STEPS" \
    "$(verdict "$mode" "$distinct" "$failed")" "$(cat "$tmp/$id.encoder")" "$(cat "$tmp/$id.generator")" \
    $(( $(date +%s) - start )) "$(head -1 "$tmp/$id.jvm1.txt")"
  [ "$distinct" = 1 ] || diff "$tmp/$id.jvm1.txt" "$tmp/$id.jvm2.txt" | head -6 || true
done

[ "$STACKS" -gt 0 ] || exit $status
echo "== through the services: $STACKS fresh stacks (broker, augmenter, trainer, evaluator), runs one after another"
for s in $(seq 1 "$STACKS"); do
  export FEATUREDROP_HOME="$tmp/stack$s"
  ./featuredrop up >/dev/null
  for mode in "${MODES[@]}"; do
    cfg="$(config "$mode")"; id="$(basename "$cfg" .json)"
    ./featuredrop run "$cfg" --follow > "$tmp/$id.stack$s.log" 2>&1 || echo "$mode in stack $s: $(tail -1 "$tmp/$id.stack$s.log")"
    for kind in encoder generator; do
      f="$FEATUREDROP_HOME/checkpoints/$id/$kind-step-$(printf %08d "$STEPS").safetensors"
      if [ -f "$f" ]; then sha256sum < "$f" | awk '{print $1}'; else echo -; fi > "$tmp/$id.stack$s.$kind"
    done
  done
  ./featuredrop down >/dev/null
  unset FEATUREDROP_HOME
done
for mode in "${MODES[@]}"; do
  id="determinism-${mode/+/-}"
  for kind in encoder generator; do
    [ -s "$tmp/$id.$kind" ] || [ "$kind" = encoder ] || continue
    distinct=$(cat "$tmp/$id".stack*."$kind" | sort -u | wc -l)
    same=$(cat "$tmp/$id".stack*."$kind" | sort -u)
    failed=$( (grep -L "^COMPLETED" "$tmp/$id".stack*.log || true) | wc -l)
    { [ "$distinct" = 1 ] && [ "$failed" = 0 ]; } || status=1
    if [ "$distinct" = 1 ] && [ "$same" = "$(cat "$tmp/$id.$kind")" ]; then eq="= one process"; else eq="!= one process"; status=1; fi
    printf "%-17s %-9s %d stacks: %-12s %.16s %s\n" "$mode" "$kind" "$STACKS" "$(verdict "$mode" "$distinct" "$failed")" "$same" "$eq"
  done
done
exit $status
