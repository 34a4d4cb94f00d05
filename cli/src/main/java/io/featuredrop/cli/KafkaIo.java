package io.featuredrop.cli;

import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunStatus;
import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.StatusFold;
import io.featuredrop.topics.KafkaClientSettings;
import io.featuredrop.topics.TopicReplay;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The CLI's Kafka client side: publish run configs as CloudEvents, read the status history. Every
 * client takes its security settings from {@link KafkaClientSettings} (the services' {@code KAFKA_*}
 * variables), so the CLI works against a SASL/SCRAM broker as the services do.
 */
final class KafkaIo {

    private KafkaIo() {
    }

    /** True when a broker answers at {@code bootstrap} within a few seconds. */
    static boolean reachable(String bootstrap) {
        Properties p = KafkaClientSettings.forBootstrap(bootstrap).clientProperties();
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Publishes a normalised config keyed by runId, as a binary-mode CloudEvent. */
    static void publishRun(String bootstrap, RunConfig config) {
        publishToRuns(bootstrap, config.runId(), JsonEvents.encode(config), "io.featuredrop.RunConfig");
    }

    /** Publishes a CANCEL command for {@code runId} on fd.runs. */
    static void publishCancel(String bootstrap, String runId) {
        publishToRuns(bootstrap, runId, io.featuredrop.config.RunCommand.cancel(runId), "io.featuredrop.RunCommand");
    }

    private static void publishToRuns(String bootstrap, String runId, byte[] value, String type) {
        Properties p = KafkaClientSettings.forBootstrap(bootstrap).clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.RUNS, runId, value);
            EventHeaders.forRunsRecord(type, "featuredrop/cli").forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + Topics.RUNS + " for run " + runId + " on "
                    + KafkaClientSettings.forBootstrap(bootstrap).describe()
                    + " (is the broker up? `featuredrop broker status`): " + e.getMessage(), e);
        }
    }

    private static KafkaConsumer<String, byte[]> statusConsumer(String bootstrap) {
        // a run's lifecycle and its steps (PROGRESS records read as statuses: the same fields and more)
        return TopicReplay.fromBeginning(KafkaClientSettings.forBootstrap(bootstrap), java.util.List.of(Topics.RUN_STATUS, Topics.RUN_PROGRESS));
    }

    /** The whole status history and each run's latest progress folded into a board (what every service rebuilds on start). */
    static RunBoard readBoard(String bootstrap) {
        StatusFold fold = new StatusFold(new RunBoard());
        TopicReplay.readToEnd(KafkaClientSettings.forBootstrap(bootstrap), Topics.RUN_STATUS, r -> {
            var src = r.headers().lastHeader(EventHeaders.SOURCE);
            fold.accept(r.value(), src == null ? null : new String(src.value(), StandardCharsets.UTF_8), r.partition(), r.offset());
        });
        io.featuredrop.runs.ProgressFold progress = new io.featuredrop.runs.ProgressFold(fold.board());
        TopicReplay.readToEnd(KafkaClientSettings.forBootstrap(bootstrap), Topics.RUN_PROGRESS, r -> progress.accept(r.value(), r.partition(), r.offset()));
        return fold.board();
    }

    /** Every probe result on fd.eval-results, folded as the evaluator folds them. */
    static io.featuredrop.results.ResultsBoard readResults(String bootstrap) {
        io.featuredrop.results.ResultsBoard board = new io.featuredrop.results.ResultsBoard();
        TopicReplay.readToEnd(KafkaClientSettings.forBootstrap(bootstrap), Topics.EVAL_RESULTS, r -> {
            try {
                board.add(JsonEvents.decode(r.value(), io.featuredrop.events.EvalResult.class), r.partition(), r.offset());
            } catch (RuntimeException e) {
                board.skipped(r.partition(), r.offset());
            }
        });
        return board;
    }

    /** Waits for a status of {@code runId} matching {@code wanted}, reading from the beginning. */
    static RunStatus awaitStatus(String bootstrap, String runId, Predicate<RunStatus> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = statusConsumer(bootstrap)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (!runId.equals(r.key())) {
                        continue;
                    }
                    try {
                        RunStatus s = JsonEvents.decode(r.value(), RunStatus.class);
                        if (wanted.test(s)) {
                            return s;
                        }
                    } catch (RuntimeException ignored) {
                        // unreadable statuses are not ours to judge here
                    }
                }
            }
        }
        return null;
    }
}
