#!/usr/bin/env bash
# Docker images of featuredrop, built offline (no registry needed), and the local Docker engine.
#   bash scripts/docker-images.sh engine-start   start dockerd if no engine answers (installs docker.io
#                                                 when root and missing); prints "started" if it started one
#   bash scripts/docker-images.sh engine-stop    stop the dockerd this script started (pid file)
#   bash scripts/docker-images.sh build          every image below (the app must be built: scripts/build.sh)
#   bash scripts/docker-images.sh gpu            the GPU trainer image (mvn -Pgpu: no CPU natives), after build
# Images (a layer is rebuilt only when its inputs change; the Debian roots only when absent):
#   featuredrop/base-jre:17            Debian bookworm + OpenJDK 17 JRE + curl + DejaVu (mmdebstrap, docker import)
#   featuredrop/prometheus-test:bookworm  Debian's prometheus package (the tests' Prometheus)
#   featuredrop/kafka-test:4.4.0        Kafka 4.4.0 from the project's jars, laid out like apache/kafka
#   featuredrop/{augmenter,trainer,evaluator}-service:0.1.0   each service's src/main/docker/Dockerfile.jvm on the base
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STATE="$ROOT/.featuredrop/docker"
VERSION="${FEATUREDROP_VERSION:-0.1.0}"
# the services' base: the Debian JRE built here (offline); BASE_IMAGE=eclipse-temurin:17-jre where a registry is reachable
BASE_IMAGE="${BASE_IMAGE:-featuredrop/base-jre:17}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO=sudo

say() { echo "docker-images: $*" >&2; }

engine_up() { docker info >/dev/null 2>&1; }

engine_start() {
  if engine_up; then return 0; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    say "installing docker.io (Debian's engine 20.10) ..."
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io >/dev/null
  fi
  mkdir -p "$STATE"
  say "starting dockerd (log $STATE/dockerd.log) ..."
  $SUDO sh -c "nohup dockerd > '$STATE/dockerd.log' 2>&1 & echo \$! > '$STATE/dockerd.pid'"
  for _ in $(seq 1 60); do engine_up && { echo started; return 0; }; sleep 1; done
  say "dockerd did not answer in 60 s; stopping it; see $STATE/dockerd.log"; engine_stop; return 1
}

engine_stop() {
  [ -f "$STATE/dockerd.pid" ] || return 0
  local pid; pid="$(cat "$STATE/dockerd.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping the dockerd it started (pid $pid)"
    $SUDO kill "$pid"; for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$STATE/dockerd.pid"
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# A Debian root filesystem as an image: mmdebstrap (minbase + packages) piped into docker import.
debian_image() { # tag packages hook changes...
  local tag="$1" packages="$2" hook="$3"; shift 3
  have_image "$tag" && return 0
  command -v mmdebstrap >/dev/null 2>&1 || { say "installing mmdebstrap ..."; $SUDO apt-get update -qq && $SUDO apt-get install -y -qq mmdebstrap >/dev/null; }
  say "building $tag from Debian packages ($packages) ..."
  local changes=(); for c in "$@"; do changes+=(-c "$c"); done
  $SUDO mmdebstrap --quiet --variant=minbase --include="$packages" \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' --customize-hook="$hook" \
    bookworm - "deb $MIRROR bookworm main" "deb $SECURITY bookworm-security main" \
    | docker import "${changes[@]}" - "$tag" >/dev/null
}

build() {
  engine_up || { say "no Docker engine answers (bash scripts/docker-images.sh engine-start)"; exit 1; }
  for s in augmenter trainer evaluator; do
    [ -f "$s-service/target/quarkus-app/quarkus-run.jar" ] || { say "$s-service is not built: run bash scripts/build.sh first"; exit 1; }
  done
  [ -f local-kafka/target/broker-lib/kafka_2.13-4.4.0.jar ] || { say "local-kafka/target/broker-lib missing: run bash scripts/build.sh first"; exit 1; }
  bash scripts/prepare-data.sh # idempotent: a checkout prepared before a dataset was added gets it now
  debian_image featuredrop/base-jre:17 openjdk-17-jre-headless,curl,ca-certificates,fonts-dejavu-core 'true' \
    'ENV LANG=C.UTF-8' 'CMD ["bash"]'
  # Prometheus as prom/prometheus runs it: user nobody, data under /prometheus
  debian_image featuredrop/prometheus-test:bookworm prometheus,ca-certificates \
    'mkdir -p "$1/prometheus" "$1/etc/prometheus" && chown 65534:65534 "$1/prometheus"' \
    'USER nobody' 'WORKDIR /prometheus' 'EXPOSE 9090' \
    'ENTRYPOINT ["/usr/bin/prometheus"]' 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]'
  local ctx="local-kafka/target/docker-context"
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp -r deploy/docker/kafka/. "$ctx/"; cp -r local-kafka/target/broker-lib "$ctx/broker-lib"
  say "building featuredrop/kafka-test:4.4.0 ..."
  docker build -q -f "$ctx/Dockerfile" --build-arg BASE_IMAGE=featuredrop/base-jre:17 -t featuredrop/kafka-test:4.4.0 "$ctx" >/dev/null
  # ONNX Runtime's natives, unpacked here: the service would unpack them into /tmp, which compose mounts noexec
  local ort
  ort="$(ls evaluator-service/target/quarkus-app/lib/main/com.microsoft.onnxruntime.onnxruntime-*.jar | head -1)"
  rm -rf evaluator-service/target/onnxruntime-native; mkdir -p evaluator-service/target/onnxruntime-native
  (cd evaluator-service/target/onnxruntime-native && jar xf "$ROOT/$ort" ai/onnxruntime/native/linux-x64 \
    && mv ai/onnxruntime/native/linux-x64/* . && rm -rf ai)
  for s in augmenter trainer evaluator; do
    rm -rf "$s-service/target/featuredrop-data"; cp -rL data "$s-service/target/featuredrop-data"
    find "$s-service/target/featuredrop-data" -name '*.tmp' -prune -exec rm -rf {} + # half-written leftovers
    say "building featuredrop/$s-service:$VERSION ..."
    docker build -q -f "$s-service/src/main/docker/Dockerfile.jvm" --build-arg BASE_IMAGE="$BASE_IMAGE" \
      -t "featuredrop/$s-service:$VERSION" "$s-service" >/dev/null
  done
  # the app layers change with every build (the jars are not byte-reproducible): drop our superseded images
  docker image prune -f --filter label=io.featuredrop.image >/dev/null
  docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^featuredrop/' >&2
}

# The GPU trainer image: its own Maven build without CPU natives (profile gpu, target/gpu), checked by the Dockerfile.
build_gpu() {
  engine_up || { say "no Docker engine answers (bash scripts/docker-images.sh engine-start)"; exit 1; }
  [ "$BASE_IMAGE" != featuredrop/base-jre:17 ] || have_image featuredrop/base-jre:17 || { say "run bash scripts/docker-images.sh build first (base image)"; exit 1; }
  say "building trainer-service with -Pgpu (target/gpu) ..."
  mvn -B -q -Pgpu package -pl trainer-service -am -DskipTests
  # its own context (the GPU app and the data), so the CPU image's context never carries target/gpu
  local ctx=trainer-service/target/gpu-context
  rm -rf "$ctx"; mkdir -p "$ctx/target"
  cp -r trainer-service/target/gpu "$ctx/target/gpu"; cp -rL data "$ctx/target/featuredrop-data"
  say "building featuredrop/trainer-service-gpu:$VERSION ..."
  docker build -q -f trainer-service/src/main/docker/Dockerfile.jvm --build-arg BASE_IMAGE="$BASE_IMAGE" \
    --build-arg APP_DIR=target/gpu --build-arg NATIVES=gpu -t "featuredrop/trainer-service-gpu:$VERSION" "$ctx" >/dev/null
  say "featuredrop/trainer-service-gpu:$VERSION: no CPU natives on its class path (checked in the image build)"
}

case "${1:-build}" in
  engine-start) engine_start ;;
  engine-stop) engine_stop ;;
  build) build ;;
  gpu) build_gpu ;;
  *) echo "usage: $0 engine-start|engine-stop|build|gpu" >&2; exit 2 ;;
esac
