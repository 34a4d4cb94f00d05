package io.featuredrop.deadletter;

import io.featuredrop.topics.TopicCatalog;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.EventHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.featuredrop.publish.RetryWithBackoff;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services' writer of {@code fd.dlq}. A send never gives up on a record and never takes a channel
 * down: a broker that is away is waited for (retried with backoff), a record the broker refuses as too
 * large is replaced by its reference, so every dead-letter is answered in a form that fits.
 */
public final class DeadLetterQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    /** Room for key, headers and batch overhead under the topic's max.message.bytes. */
    static final int HEADROOM_BYTES = 64 * 1024;
    public static final int MAX_VALUE_BYTES = TopicCatalog.TENSOR_MAX_MESSAGE_BYTES - HEADROOM_BYTES;

    /** What one send took: how many attempts, and whether the original went whole or as a reference. */
    public record Sent(int attempts, boolean whole) { }

    private final KafkaProducer<String, byte[]> producer;
    private final String service;
    private final Duration maxBackoff;
    private volatile boolean closed;

    /** {@code kafkaConfig}: the service's own Kafka client settings (bootstrap servers, security), as given to its channels. */
    public DeadLetterQueue(Map<String, ?> kafkaConfig, String service, Duration maxBackoff) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k) || io.featuredrop.topics.KafkaClientSettings.isSecurity(k)) {
                config.put(k, v);
            }
        });
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicCatalog.TENSOR_MAX_MESSAGE_BYTES);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, (long) TopicCatalog.TENSOR_MAX_MESSAGE_BYTES + 8L * 1024 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-dead-letters");
        this.producer = new KafkaProducer<>(config);
        this.service = service;
        this.maxBackoff = maxBackoff;
    }

    /** Publishes the dead-letter of {@code source} and waits until the broker has it; retries until it does or this queue is closed. */
    public Sent send(SourceRecord source, String reason) {
        AtomicInteger tries = new AtomicInteger();
        RetryWithBackoff retry = new RetryWithBackoff(maxBackoff, t -> t instanceof Closed || RetryWithBackoff.kafkaHopeless(t), e -> { });
        DeadLetter letter = DeadLetter.of(source, reason, service, MAX_VALUE_BYTES);
        try {
            tries.addAndGet(retry.run("dead-lettering " + source.position(), () -> deliver(letter, source)));
            return new Sent(tries.get(), letter.whole());
        } catch (RetryWithBackoff.GaveUp e) {
            if (!letter.whole() || !RetryWithBackoff.causedBy(e, RecordTooLargeException.class::isInstance)) {
                throw e;
            }
            // the broker's limit is lower than this queue assumed: the reference always fits
            LOG.warn("fd.dlq refused the whole {} ({} bytes); sending a reference instead", source.position(), letter.value().length);
            DeadLetter reference = letter.asReference(source);
            tries.addAndGet(1 + retry.run("dead-lettering a reference to " + source.position(), () -> deliver(reference, source)));
            return new Sent(tries.get(), false);
        }
    }

    private void deliver(DeadLetter letter, SourceRecord source) throws Exception {
        if (closed) {
            throw new Closed("dead-letter queue closed before " + source.position() + " was dead-lettered");
        }
        producer.send(record(letter)).get(2, TimeUnit.MINUTES);
    }

    /** The service is stopping: a send still waiting for the broker gives up. */
    static final class Closed extends IllegalStateException {
        Closed(String message) {
            super(message);
        }
    }

    private static ProducerRecord<String, byte[]> record(DeadLetter letter) {
        return new ProducerRecord<>(Topics.DLQ, null, letter.key(), letter.value(), EventHeaders.toRecordHeaders(letter.headers()));
    }

    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(10));
    }
}
