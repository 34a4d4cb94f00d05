#!/usr/bin/env bash
# kafka-run-class.sh CLASS ARGS...: a JVM on the Kafka jars (the distribution's script, reduced).
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -Dlog4j2.configurationFile="${KAFKA_LOG4J_CONFIG:-/opt/kafka/config/log4j2.properties}" \
  -cp "/opt/kafka/libs/*" "$@"
