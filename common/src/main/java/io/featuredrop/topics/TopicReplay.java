package io.featuredrop.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning to its end as of now, outside a service (the CLI's boards): a
 * plain consumer with the {@link KafkaClientSettings} every client uses, no group, no commits.
 * Services replay through their channels and wait with service-kit's {@code CatchUp} instead.
 */
public final class TopicReplay {

    private TopicReplay() {
    }

    /** What each record goes to. */
    @FunctionalInterface
    public interface Sink {
        void accept(ConsumerRecord<String, byte[]> record);
    }

    /** A consumer assigned to every partition of {@code topic}, at the beginning. */
    public static KafkaConsumer<String, byte[]> fromBeginning(KafkaClientSettings settings, String topic) {
        return fromBeginning(settings, List.of(topic));
    }

    /** A consumer assigned to every partition of each of {@code topics}, at the beginning. */
    public static KafkaConsumer<String, byte[]> fromBeginning(KafkaClientSettings settings, List<String> topics) {
        Properties p = settings.clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts = topics.stream().flatMap(topic -> c.partitionsFor(topic).stream())
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** Every record of {@code topic} up to its end offsets at the call, in partition order, to {@code sink}. */
    public static void readToEnd(KafkaClientSettings settings, String topic, Sink sink) {
        try (KafkaConsumer<String, byte[]> c = fromBeginning(settings, topic)) {
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r);
                    }
                }
            }
        }
    }
}
