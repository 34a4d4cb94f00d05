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
 * replayed the run history (its {@code featuredrop_replay_caught_up} gauges), before and after
 * progress moved off {@code fd.run-status}: (before) every PROGRESS status of 100 runs of STEPS steps
 * on {@code fd.run-status}, as the services replayed it until issue 17; (after) the lifecycle on
 * {@code fd.run-status} and every PROGRESS on {@code fd.run-progress}, which the broker has compacted
 * (the topic's segments roll fast here, so the log cleaner runs within the benchmark). Both on fresh
 * brokers, back to back, same binary. Skipped in the test suite (a measurement, not a check).
 */
@Tag("system")
class StartupReplayBenchmark {

    @Test
    void startUpAfterAHundredCompletedRuns() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("featuredrop.bench.startup"), "a benchmark: run bash bench/startup-benchmark.sh");
        int steps = Integer.getInteger("featuredrop.bench.steps", 1000);
        Replay before = startUp(100, steps, false);
        Replay after = startUp(100, steps, true);
        System.out.printf("%n| 100 completed runs of %d steps | records replayed | evaluator launch to caught up (s) |%n| --- | --- | --- |%n", steps);
        System.out.printf("| before: every PROGRESS on fd.run-status | %d | %.1f |%n", before.records(), before.seconds());
        System.out.printf("| after: lifecycle on fd.run-status, fd.run-progress compacted | %d | %.1f |%n", after.records(), after.seconds());
        System.out.printf("ratio before/after %.2f%n", before.seconds() / after.seconds());
    }

    record Replay(double seconds, long records) {
    }

    private static Replay startUp(int runs, int steps, boolean progressTopic) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral()) {
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), 6);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            if (progressTopic) {
                // segments roll every 100 ms and the cleaner compacts as soon as a tenth is dirty (the catalog says ten minutes)
                try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                    var topic = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.RUN_PROGRESS);
                    admin.incrementalAlterConfigs(java.util.Map.of(topic, List.of(
                            new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry("segment.ms", "100"),
                                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET),
                            new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry("min.cleanable.dirty.ratio", "0.01"),
                                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
                }
            }
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                for (int r = 0; r < runs; r++) {
                    String id = "done-" + r;
                    String json = "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"expert\",\"steps\":" + Math.max(1, steps) + "}";
                    send(producer, RunStatus.accepted(RunConfigValidator.check(json.getBytes(StandardCharsets.UTF_8)).config(), "augmenter-service"));
                    for (int s = 1; s <= (progressTopic ? steps - 1 : steps); s++) {
                        RunStatus progress = RunStatus.progress(id, "trainer-service", s, 5.0 / s, 3.0);
                        if (progressTopic) {
                            producer.send(new ProducerRecord<>(Topics.RUN_PROGRESS, id, JsonEvents.encode(
                                    io.featuredrop.events.RunProgress.of(progress, 1, new long[] {s}, new double[] {5.0 / s}))));
                        } else {
                            send(producer, progress);
                        }
                    }
                    send(producer, RunStatus.of(id, RunState.COMPLETED, "trainer-service", "trained " + steps + " steps"));
                }
            }
            if (progressTopic) {
                // each run's last step after a pause: a record in every partition closes its last segment
                Thread.sleep(500);
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                    for (int r = 0; r < runs; r++) {
                        String id = "done-" + r;
                        producer.send(new ProducerRecord<>(Topics.RUN_PROGRESS, id, JsonEvents.encode(io.featuredrop.events.RunProgress.of(
                                RunStatus.progress(id, "trainer-service", steps, 5.0 / steps, 3.0), 1, new long[] {steps}, new double[] {5.0 / steps}))));
                    }
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                int left;
                while ((left = io.featuredrop.testing.TestKafka.readAll(broker.bootstrapServers(), Topics.RUN_PROGRESS).size()) > 3 * runs
                        && System.nanoTime() < deadline) {
                    Thread.sleep(2000);
                }
                System.out.printf("fd.run-progress after compaction: %d records (%d published)%n", left, runs * steps);
            }
            Path root = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
            ServiceSpec evaluator = new ServiceSpec("evaluator-service", LocalKafkaBroker.freePorts(1)[0]);
            LocalStack stack = new LocalStack(root, Files.createTempDirectory("featuredrop-bench-startup-"), List.of(evaluator));
            Files.createDirectories(stack.checkpointsDir());
            long t0 = System.nanoTime();
            try {
                stack.start(broker.bootstrapServers(), Duration.ofSeconds(300));
                while (!caughtUp(stack, evaluator, Topics.RUN_STATUS) || !caughtUp(stack, evaluator, Topics.RUN_PROGRESS)) {
                    Thread.sleep(100);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long records = 0;
                for (String line : ScaleOutBenchmark.metrics(stack, evaluator).split("\n")) {
                    if (line.startsWith("featuredrop_replay_records_total") && line.contains("fd.run-")) {
                        records += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                for (String line : Files.readAllLines(stack.logOf(evaluator))) {
                    if (line.contains("caught up with fd.run-")) {
                        System.out.println("  " + line.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1"));
                    }
                }
                return new Replay(seconds, records);
            } finally {
                stack.stop(Duration.ofSeconds(30));
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, RunStatus s) {
        producer.send(new ProducerRecord<>(Topics.RUN_STATUS, s.runId(), JsonEvents.encode(s)));
    }

    private static boolean caughtUp(LocalStack stack, ServiceSpec s, String topic) {
        for (String line : ScaleOutBenchmark.metrics(stack, s).split("\n")) {
            if (line.startsWith("featuredrop_replay_caught_up") && line.contains("\"" + topic + "\"")) {
                return line.trim().endsWith(" 1.0");
            }
        }
        return false;
    }
}
