package io.featuredrop.system;

import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.topics.TopicProvisioner;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Start-up after 100 completed runs (issue 17, bounded start-up), run by
 * {@code bash bench/startup-benchmark.sh}: how long the evaluator takes from launch until it has
 * replayed {@code fd.run-status} (its {@code featuredrop_replay_caught_up} gauge), when the topic holds
 * every PROGRESS status of 100 runs of STEPS steps (the design today), and when it holds only their
 * lifecycle (ACCEPTED, COMPLETED: what a restart reads once progress has its own compacted topic).
 * Both on fresh brokers, back to back. Skipped in the test suite (a measurement, not a check).
 */
@Tag("system")
class StartupReplayBenchmark {

    @Test
    void startUpAfterAHundredCompletedRuns() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("featuredrop.bench.startup"), "a benchmark: run bash bench/startup-benchmark.sh");
        int steps = Integer.getInteger("featuredrop.bench.steps", 1000);
        double withProgress = startUp(100, steps);
        double lifecycleOnly = startUp(100, 0);
        System.out.printf("%n| fd.run-status holds (100 completed runs) | records | evaluator launch to caught up (s) |%n| --- | --- | --- |%n");
        System.out.printf("| every PROGRESS of %d steps per run (today) | %d | %.1f |%n", steps, 100 * (steps + 2), withProgress);
        System.out.printf("| lifecycle only (ACCEPTED, COMPLETED) | %d | %.1f |%n", 200, lifecycleOnly);
        System.out.printf("ratio %.2f%n", withProgress / lifecycleOnly);
    }

    private static double startUp(int runs, int steps) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral()) {
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), 6);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                for (int r = 0; r < runs; r++) {
                    String id = "done-" + r;
                    String json = "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"expert\",\"steps\":" + Math.max(1, steps) + "}";
                    send(producer, RunStatus.accepted(RunConfigValidator.check(json.getBytes(StandardCharsets.UTF_8)).config(), "augmenter-service"));
                    for (int s = 1; s <= steps; s++) {
                        send(producer, RunStatus.progress(id, "trainer-service", s, 5.0 / s, 3.0));
                    }
                    send(producer, RunStatus.of(id, RunState.COMPLETED, "trainer-service", "trained " + steps + " steps"));
                }
            }
            Path root = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
            ServiceSpec evaluator = new ServiceSpec("evaluator-service", LocalKafkaBroker.freePorts(1)[0]);
            LocalStack stack = new LocalStack(root, Files.createTempDirectory("featuredrop-bench-startup-"), List.of(evaluator));
            Files.createDirectories(stack.checkpointsDir());
            long t0 = System.nanoTime();
            try {
                stack.start(broker.bootstrapServers(), Duration.ofSeconds(300));
                while (!caughtUp(stack, evaluator)) {
                    Thread.sleep(100);
                }
                return (System.nanoTime() - t0) / 1e9;
            } finally {
                stack.stop(Duration.ofSeconds(30));
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, RunStatus s) {
        producer.send(new ProducerRecord<>(Topics.RUN_STATUS, s.runId(), JsonEvents.encode(s)));
    }

    private static boolean caughtUp(LocalStack stack, ServiceSpec s) {
        for (String line : stack.get(s, "/q/metrics").split("\n")) {
            if (line.startsWith("featuredrop_replay_caught_up") && line.contains("fd.run-status")) {
                return line.trim().endsWith(" 1.0");
            }
        }
        return false;
    }
}
