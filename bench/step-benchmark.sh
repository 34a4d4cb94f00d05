#!/usr/bin/env bash
# Step rate of featuredrop's DJL trainer vs the same networks and step in plain PyTorch, same
# machine, same thread count, run back to back. Installs Debian's python3-torch when missing (it
# imports only in Debian's own /usr/bin/python3). Extra arguments go to both sides.
# REFLECTION_PAD=selection times the DJL side with the GEMM reflection padding instead of libtorch's.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "installing python3-torch (Debian) for the baseline ..."
  $SUDO apt-get install -y -qq python3-torch >/dev/null
fi
out="$(mktemp)"
java -Dai.djl.offline=true -Dfeaturedrop.reflection-pad="${REFLECTION_PAD:-native}" -cp "cli/target/cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" io.featuredrop.cli.Featuredrop bench "$@" 2>/dev/null | tee -a "$out"
OMP_NUM_THREADS=2 /usr/bin/python3 bench/torch_step.py "$@" | tee -a "$out"
echo
echo "ratio (torch steps/s / djl steps/s; 1.00 = parity, above 1 = DJL slower):"
awk '/steps\/s/ { key=$2" "$3" "$4" "$5; sub(":","",key); v=$(NF-1); if ($1=="djl") d[key]=v; else t[key]=v }
     END { for (k in d) if (k in t) printf "  %-32s djl %7.3f  torch %7.3f  ratio %.2f\n", k, d[k], t[k], t[k]/d[k] }' "$out" | sort
rm -f "$out"
