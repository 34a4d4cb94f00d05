#!/usr/bin/env bash
# The test command: installs what is missing, then builds and runs every test (unit, Quarkus
# services on a real broker, and the system test with the three packaged services as processes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
mvn -B verify "$@"
