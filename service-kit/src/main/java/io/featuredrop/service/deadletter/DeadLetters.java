package io.featuredrop.service.deadletter;

import io.featuredrop.deadletter.DeadLetterQueue;
import io.featuredrop.deadletter.SourceRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends unreadable records to fd.dlq with the reason, then acknowledges them: a record is never
 * nacked into SmallRye's own dead-letter path, whose producer keeps the 1 MiB request limit and whose
 * failure takes the whole channel down. Sends run on one thread (in order, off the event loop).
 */
@ApplicationScoped
@Startup // connect at start, and export the counters at zero before the first dead-letter
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final DeadLetterQueue queue;
    private final MeterRegistry metrics;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "dead-letters"));

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry metrics,
                       @ConfigProperty(name = "quarkus.application.name") String service) {
        this.queue = new DeadLetterQueue(kafka, service, Duration.ofSeconds(30));
        this.metrics = metrics;
        metrics.counter("featuredrop.dead_letters", "original", "whole"); // at zero, for alerts' increase()
    }

    /** Dead-letters {@code msg} with {@code reason}; completes (acknowledged) once fd.dlq has it. */
    public CompletionStage<Void> send(Message<byte[]> msg, String reason) {
        SourceRecord source = msg.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new SourceRecord(m.getTopic(), m.getPartition(), m.getOffset(), m.getKey() == null ? null : m.getKey().toString(), msg.getPayload()))
                .orElseGet(() -> new SourceRecord("unknown", -1, -1, null, msg.getPayload()));
        return CompletableFuture.supplyAsync(() -> queue.send(source, reason), sender).thenCompose(sent -> {
            metrics.counter("featuredrop.dead_letters", "original", sent.whole() ? "whole" : "reference").increment();
            if (sent.attempts() > 1) {
                metrics.counter("featuredrop.dead_letters.retries").increment(sent.attempts() - 1);
            }
            LOG.warnf("%s sent to fd.dlq (%s%s): %s", source.position(), sent.whole() ? "whole" : "as a reference",
                    sent.attempts() > 1 ? ", after " + sent.attempts() + " attempts" : "", io.featuredrop.wire.Excerpt.of(reason, 500));
            return msg.ack();
        });
    }

    @PreDestroy
    void close() {
        sender.shutdownNow();
        queue.close();
    }
}
