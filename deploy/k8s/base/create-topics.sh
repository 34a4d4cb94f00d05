#!/usr/bin/env bash
# Creates featuredrop's topics with the settings of DESIGN.md / TopicCatalog.java (auto-creation is
# off on the broker). Idempotent. Runs in the apache/kafka image (compose `topics` service, k8s Job).
# Env: KAFKA_BOOTSTRAP_SERVERS, FEATUREDROP_PARTITIONS (default 6), REPLICATION_FACTOR (default 1),
# KAFKA_CLIENT_CONFIG (optional client properties file, e.g. SASL), or FEATUREDROP_KAFKA_USER +
# FEATUREDROP_KAFKA_PASSWORD (SASL/SCRAM-SHA-512; the file is then written here).
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:19092}"
P="${FEATUREDROP_PARTITIONS:-6}"
RF="${REPLICATION_FACTOR:-1}"
BIN="${KAFKA_BIN:-/opt/kafka/bin}"
CONFIG_ARGS=()
if [ -n "${FEATUREDROP_KAFKA_PASSWORD:-}" ] && [ -z "${KAFKA_CLIENT_CONFIG:-}" ]; then
  KAFKA_CLIENT_CONFIG=/tmp/featuredrop-client.properties
  cat > "$KAFKA_CLIENT_CONFIG" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${FEATUREDROP_KAFKA_USER:-featuredrop}" password="${FEATUREDROP_KAFKA_PASSWORD}";
PROPS
fi
[ -n "${KAFKA_CLIENT_CONFIG:-}" ] && CONFIG_ARGS=(--command-config "$KAFKA_CLIENT_CONFIG")

KEEP="cleanup.policy=delete,retention.ms=-1,retention.bytes=-1"
LATEST="cleanup.policy=compact,segment.ms=600000,min.cleanable.dirty.ratio=0.5"
TENSORS="cleanup.policy=delete,retention.ms=3600000,segment.ms=600000,compression.type=lz4,max.message.bytes=67108864"
DLQ="cleanup.policy=delete,retention.ms=2592000000,max.message.bytes=67108864"

create() { # topic partitions configs
  local args=(--bootstrap-server "$BOOTSTRAP" "${CONFIG_ARGS[@]}" --create --if-not-exists --topic "$1" --partitions "$2" --replication-factor "$RF")
  local kv
  IFS=',' read -ra kv <<< "$3"
  for c in "${kv[@]}"; do args+=(--config "$c"); done
  "$BIN/kafka-topics.sh" "${args[@]}"
  echo "topic $1: $2 partitions, $3"
}

create fd.runs "$P" "$KEEP"
create fd.run-status "$P" "$KEEP"
create fd.run-progress "$P" "$LATEST"
create fd.views "$P" "$TENSORS"
create fd.view-gradients "$P" "$TENSORS"
create fd.checkpoints "$P" "$KEEP"
create fd.eval-results "$P" "$KEEP"
create fd.dlq 1 "$DLQ"
