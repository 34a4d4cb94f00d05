#!/usr/bin/env bash
# kafka-server-start.sh (as in the Kafka distribution): kafka.Kafka
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1g -Xms256m}" exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
