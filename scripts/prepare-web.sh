#!/usr/bin/env bash
# Bundles the dashboard's chart library at build time (idempotent; no run-time downloads, no CDN):
# Chart.js 4 (MIT), its UMD build from the npm registry, checked twice: the tarball against npm's
# published sha512 integrity, the file against its sha256. Output (git-ignored, copied into the
# evaluator's jar by its pom as /vendor/chart.umd.js): evaluator-service/src/main/vendor/.
# Without it the dashboard still shows every table and says that the charts are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=4.5.1
# `npm view chart.js@4.5.1 dist.integrity`
INTEGRITY=sha512-GIjfiT9dbmHRiYi6Nl2yFCq7kkwdkp1W/lp2J99rX0yo9tgJGn3lKQATztIjb5tVtevcBtIdICNWqlq5+E8/Pw==
# sha256 of package/dist/chart.umd.js in that tarball
SHA256=ecc3cd1eeb8c34d2178e3f59fd63ec5a3d84358c11730af0b9958dc886d7652a
OUT="$ROOT/evaluator-service/src/main/vendor"
FILE="$OUT/chart.umd.js"

if [ -f "$FILE" ] && echo "$SHA256  $FILE" | sha256sum -c --status; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "featuredrop web: need npm (Debian: apt-get install nodejs npm), not root and no sudo" >&2
    exit 1
  fi
  echo "featuredrop web: installing nodejs npm ..."
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "featuredrop web: fetching npm chart.js@$VERSION ..."
(cd "$tmp" && npm pack --silent "chart.js@$VERSION" >/dev/null)
tarball="$tmp/chart.js-$VERSION.tgz"
# node comes with npm; openssl may be absent on a slim machine
got="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
if [ "$got" != "$INTEGRITY" ]; then
  echo "featuredrop web: chart.js-$VERSION.tgz integrity $got, expected $INTEGRITY; not installed" >&2
  exit 1
fi
tar xzf "$tarball" -C "$tmp" package/dist/chart.umd.js package/LICENSE.md
if ! echo "$SHA256  $tmp/package/dist/chart.umd.js" | sha256sum -c --status; then
  echo "featuredrop web: chart.umd.js sha256 differs from $SHA256; not installed" >&2
  exit 1
fi
mkdir -p "$OUT"
cp "$tmp/package/LICENSE.md" "$OUT/chart.js-LICENSE.md"
cp "$tmp/package/dist/chart.umd.js" "$FILE.tmp"
mv "$FILE.tmp" "$FILE"
# npm tarballs date their files 1985: give them today's time so scripts/build.sh sees a change to rebuild
touch "$FILE" "$OUT/chart.js-LICENSE.md"
echo "featuredrop web: Chart.js $VERSION in $FILE (served as /vendor/chart.umd.js)"
