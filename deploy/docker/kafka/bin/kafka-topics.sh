#!/usr/bin/env bash
# kafka-topics.sh (as in the Kafka distribution): org.apache.kafka.tools.TopicCommand
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx256m}" KAFKA_LOG4J_CONFIG=/opt/kafka/config/tools-log4j2.properties exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand "$@"
