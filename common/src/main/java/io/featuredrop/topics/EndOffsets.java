package io.featuredrop.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** The current end offset of every partition of a topic: how much history a replaying service must read. */
public final class EndOffsets {

    private EndOffsets() {
    }

    /**
     * An admin client from a service's own Kafka settings (bootstrap servers and security, as its
     * channels get them: Quarkus's {@code default-kafka-broker} map), for end-offset queries. There is
     * no bootstrap-only variant: under SASL it would never connect (see {@link KafkaClientSettings}).
     */
    public static Admin admin(Map<String, ?> kafkaConfig) {
        Properties p = new Properties();
        kafkaConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(p);
    }

    /** The end offsets through an admin client the caller keeps. */
    public static Map<Integer, Long> of(Admin admin, String topic) {
        try {
            int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            for (int i = 0; i < partitions; i++) {
                req.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            return admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the end offsets of " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
