#!/usr/bin/env bash
# Builds the jars the featuredrop command runs, only when missing or older than any source or pom.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# one build at a time: two commands started together must not run two Maven builds over one tree
mkdir -p target
exec 9>target/featuredrop-build.lock
flock 9
stamp=target/featuredrop-build.stamp
if [ ! -f "$stamp" ] || [ ! -f cli/target/cli-0.1.0-SNAPSHOT.jar ] || [ ! -f evaluator-service/target/quarkus-app/quarkus-run.jar ] \
   || [ -n "$(find . -path ./.featuredrop -prune -o \( -path '*/src/*' -o -name pom.xml \) -newer "$stamp" -print -quit)" ]; then
  echo "featuredrop: building (mvn install -DskipTests) ..."
  mvn -B -q -Dstyle.color=never install -DskipTests
  mkdir -p target && touch "$stamp"
fi
