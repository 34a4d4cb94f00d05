#!/usr/bin/env bash
# The test command: installs what is missing, then builds and runs every test (unit, Quarkus
# services on a real broker, and the system test with the three packaged services as processes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# --fast: the fast tier only (in-process unit tests, about 2 minutes from a built tree); no browser,
# Docker or broker. Without it: everything (what .ci/run does).
if [ "${1:-}" = "--fast" ]; then
  shift
  bash scripts/setup.sh
  exec mvn -B test -Dgroups=fast -Dsurefire.failIfNoSpecifiedTests=false "$@"
fi
bash scripts/setup.sh
# setup tolerates a missing chart library (the dashboard still works); the dashboard's browser test needs it
bash scripts/prepare-web.sh || { echo "featuredrop tests: scripts/prepare-web.sh failed (npm registry needed for Chart.js)" >&2; exit 1; }
# the dashboard's browser test drives a real headless Chromium, the deploy test validates the compose
# files with docker-compose's own schema, the alert rules test runs promtool (package prometheus; only
# its promtool is used; under systemd the package also starts a server on :9090, `systemctl disable --now prometheus`
# stops it) (Debian packages; each test is skipped with a message where absent)
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1 \
    || ! command -v promtool >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO=sudo
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "featuredrop tests: installing chromium, chromium-driver, docker-compose and prometheus (promtool) for the dashboard, deploy and alert rules tests ..."
    ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver docker-compose prometheus) \
      || echo "featuredrop tests: could not install them; the dashboard browser test / compose validation / alert rules test will be skipped" >&2
  else
    echo "featuredrop tests: chromium/chromedriver/docker-compose/promtool missing and not root; those tests will be skipped" >&2
  fi
fi
# Docker: the compose test (system-tests ComposeUpTest) builds the images offline and runs the stack; it
# is skipped with a message where no engine answers. Start dockerd when absent (installing Debian's
# docker.io as root), and stop only what was started here.
STARTED_DOCKER=""
if [ "${FEATUREDROP_NO_DOCKER:-}" != 1 ]; then
  STARTED_DOCKER="$(bash scripts/docker-images.sh engine-start || echo "featuredrop tests: no Docker engine; the container tests will be skipped" >&2)"
fi
[ "$STARTED_DOCKER" = started ] && trap 'bash scripts/docker-images.sh engine-stop' EXIT
mvn -B verify "$@"
# the GPU trainer image: built without CPU natives and its class path checked by the image build
if docker info >/dev/null 2>&1 && docker image inspect featuredrop/base-jre:17 >/dev/null 2>&1; then
  bash scripts/docker-images.sh gpu
fi
