package io.featuredrop.system;

import io.featuredrop.deadletter.DeadLetter;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.events.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every answer the services give to a consumed record, by the record's position
 * ({@code topic-partition@offset}): intake statuses (header {@code fd-source}) and dead-letters
 * ({@code dead-letter-topic/partition/offset}). Reads fd.run-status and fd.dlq from their ends at
 * construction, on its own thread, until closed.
 */
final class AnswerLog implements AutoCloseable {

    /** One answer: {@code ACCEPTED}, {@code REJECTED}, {@code CANCELLED}, ... or {@code DLQ}, with its reason. */
    record Answer(String kind, String reason, int valueBytes, int headerBytes, String original, String sha256, byte[] value) { }

    private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    AnswerLog(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 70 * 1024 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 70 * 1024 * 1024);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(Topics.RUN_STATUS, Topics.DLQ)) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end now, before anything is published
        reader = new Thread(() -> {
            try (consumer) {
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        record(r);
                    }
                }
            }
        }, "answer-log");
        reader.setDaemon(true);
        reader.start();
    }

    private void record(ConsumerRecord<String, byte[]> r) {
        int valueBytes = r.value() == null ? 0 : r.value().length;
        int headerBytes = r.key() == null ? 0 : r.key().length();
        for (Header h : r.headers()) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        if (r.topic().equals(Topics.DLQ)) {
            String source = TestKafka.header(r, DeadLetter.TOPIC) + "-" + TestKafka.header(r, DeadLetter.PARTITION) + "@" + TestKafka.header(r, DeadLetter.OFFSET);
            add(source, new Answer("DLQ", TestKafka.header(r, DeadLetter.REASON), valueBytes, headerBytes, TestKafka.header(r, DeadLetter.ORIGINAL),
                    TestKafka.header(r, DeadLetter.SHA256), r.value()));
        } else {
            String source = TestKafka.header(r, EventHeaders.SOURCE);
            if (source != null) {
                RunStatus s = JsonEvents.decode(r.value(), RunStatus.class);
                add(source, new Answer(s.state().name(), s.reason(), valueBytes, headerBytes, null, null, null));
            }
        }
    }

    private void add(String source, Answer a) {
        answers.computeIfAbsent(source, k -> new CopyOnWriteArrayList<>()).add(a);
    }

    List<Answer> of(String source) {
        return answers.getOrDefault(source, List.of());
    }

    /** Waits until every source has at least one answer; false on timeout. */
    boolean awaitAnswered(Collection<String> sources, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (sources.stream().allMatch(s -> !of(s).isEmpty())) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        reader.join(5000);
    }
}
