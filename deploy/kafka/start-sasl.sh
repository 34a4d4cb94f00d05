#!/usr/bin/env bash
# Kafka (apache/kafka image) with SASL/SCRAM-SHA-512 on its client listeners, for docker-compose.sasl.yml.
# The SCRAM credential of FEATUREDROP_KAFKA_USER is created when the storage is formatted (first start).
set -euo pipefail
: "${FEATUREDROP_KAFKA_PASSWORD:?set FEATUREDROP_KAFKA_PASSWORD (in .env, never committed)}"
USER_NAME="${FEATUREDROP_KAFKA_USER:-featuredrop}"
# where things are (the image's defaults; DeployConfigTest runs this script outside the image)
KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
DATA="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
HOST="${KAFKA_ADVERTISED_HOST:-kafka}"
INTERNAL_PORT="${KAFKA_INTERNAL_PORT:-19092}"
EXTERNAL_PORT="${KAFKA_EXTERNAL_PORT:-9092}"
# the port clients outside the network use (compose publishes 9092 on the host as FEATUREDROP_KAFKA_PORT)
ADVERTISED_EXTERNAL_PORT="${KAFKA_ADVERTISED_EXTERNAL_PORT:-$EXTERNAL_PORT}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
WORK="${KAFKA_WORK_DIR:-/tmp}"
JAAS="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"${USER_NAME}\" password=\"${FEATUREDROP_KAFKA_PASSWORD}\";"
CONF="$WORK/server.properties"
cat > "$CONF" <<PROPS
node.id=1
process.roles=broker,controller
listeners=INTERNAL://:${INTERNAL_PORT},EXTERNAL://:${EXTERNAL_PORT},CONTROLLER://:${CONTROLLER_PORT}
advertised.listeners=INTERNAL://${HOST}:${INTERNAL_PORT},EXTERNAL://localhost:${ADVERTISED_EXTERNAL_PORT}
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
controller.quorum.voters=1@${HOST}:${CONTROLLER_PORT}
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=${JAAS}
listener.name.external.scram-sha-512.sasl.jaas.config=${JAAS}
log.dirs=${DATA}
auto.create.topics.enable=false
message.max.bytes=67108864
replica.fetch.max.bytes=67108864
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cat > "$WORK/client.properties" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=${JAAS}
PROPS
if [ ! -f "$DATA/meta.properties" ]; then
  "$KAFKA_HOME/bin/kafka-storage.sh" format -t "${CLUSTER_ID:-ZmVhdHVyZWRyb3AtY2x1cw}" -c "$CONF" \
    --add-scram "SCRAM-SHA-512=[name=${USER_NAME},password=${FEATUREDROP_KAFKA_PASSWORD}]"
fi
exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONF"
