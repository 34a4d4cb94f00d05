package io.featuredrop.system;

import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.data.Datasets;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.TopicProvisioner;
import io.featuredrop.topics.Topics;
import io.featuredrop.train.LocalSimclrTrainer;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The proof of DESIGN.md section 2: a run through Kafka (augmenter streams views, trainer steps and
 * returns view gradients, augmenter steps the generator) reproduces the single-process trainer's
 * loss sequence, for expert and for Viewmaker mode (same seed, one batch in flight, fp32, one
 * thread: the services inherit OMP_NUM_THREADS=1 from the test JVM). Expert: exactly; Viewmaker:
 * step 0 exactly, later steps within the run-to-run noise envelope of the reference itself
 * ({@link io.featuredrop.split.LossSequences}).
 */
class DistributedTrainingTest {

    private static final int STEPS = 20;
    static LocalKafkaBroker broker;
    static LocalStack stack;

    static final Map<String, float[]> ORACLE = new java.util.HashMap<>();

    static float[] oracle(String id, String mode) throws Exception {
        RunConfig config = RunConfigValidator.check(config(id, mode).getBytes(StandardCharsets.UTF_8)).config();
        float[] losses = new float[STEPS];
        try (LocalSimclrTrainer oracle = new LocalSimclrTrainer(config, Datasets.open(config.dataset()))) {
            for (int i = 0; i < STEPS; i++) {
                losses[i] = oracle.step().loss();
            }
        }
        return losses;
    }

    @BeforeAll
    static void startEverything() throws Exception {
        // the single-process losses first, in this JVM (1 thread, as the services)
        ORACLE.put("eq-expert", oracle("eq-expert", "expert"));
        ORACLE.put("eq-viewmaker", oracle("eq-viewmaker", "viewmaker"));
        broker = LocalKafkaBroker.startEphemeral();
        TopicProvisioner.ensureTopics(broker.bootstrapServers(), 2);
        int[] ports = LocalKafkaBroker.freePorts(3);
        Path root = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
        stack = new LocalStack(root, Files.createTempDirectory("featuredrop-stack-"), List.of(new ServiceSpec("augmenter-service", ports[0]),
                new ServiceSpec("trainer-service", ports[1]), new ServiceSpec("evaluator-service", ports[2])));
        stack.start(broker.bootstrapServers(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.stop(Duration.ofSeconds(30));
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static String config(String runId, String mode) {
        return "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":" + STEPS
                + ",\"batchSize\":16,\"seed\":7,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                + "\"maxInFlight\":1,\"wirePrecision\":\"fp32\"}";
    }

    @Test
    void runsThroughKafkaReproduceTheSingleProcessLosses() throws Exception {
        Map<String, String> runs = Map.of("eq-expert", "expert", "eq-viewmaker", "viewmaker");
        runs.forEach((id, mode) -> TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id,
                config(id, mode).getBytes(StandardCharsets.UTF_8), Map.of()));
        List<RunStatus> statuses = TestKafka.readUntil(broker.bootstrapServers(), Topics.RUN_STATUS, Duration.ofSeconds(300),
                        rs -> rs.stream().map(r -> JsonEvents.decode(r.value(), RunStatus.class))
                                .filter(s -> s.state() == RunState.COMPLETED || s.state() == RunState.FAILED).count() >= runs.size())
                .stream().map(r -> JsonEvents.decode(r.value(), RunStatus.class)).toList();
        for (Map.Entry<String, String> run : runs.entrySet()) {
            String id = run.getKey();
            List<RunStatus> mine = statuses.stream().filter(s -> s.runId().equals(id)).toList();
            assertEquals(RunState.COMPLETED, mine.get(mine.size() - 1).state(), id + ": " + mine.get(mine.size() - 1));
            List<RunStatus> progress = mine.stream().filter(s -> s.state() == RunState.PROGRESS)
                    .sorted(Comparator.comparing(RunStatus::step)).toList();
            assertEquals(STEPS, progress.size(), id + ": one PROGRESS per step");
            float[] expectedLosses = ORACLE.get(id);
            float[] kafka = new float[STEPS];
            for (int i = 0; i < STEPS; i++) {
                assertEquals(i + 1, progress.get(i).step());
                kafka[i] = progress.get(i).loss().floatValue();
                System.out.printf("%s step %d: kafka %.7f single process %.7f%n", id, i, kafka[i], expectedLosses[i]);
            }
            io.featuredrop.split.LossSequences.assertMatch(run.getValue(), expectedLosses, kafka);
        }
    }

    @Test
    void garbageOnTheTensorTopicsGoesToTheDeadLetterTopicAndServicesKeepWorking() throws Exception {
        TestKafka.publish(broker.bootstrapServers(), Topics.VIEWS, "nobody", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, Map.of());
        TestKafka.publish(broker.bootstrapServers(), Topics.VIEW_GRADIENTS, "nobody", "not safetensors".getBytes(StandardCharsets.UTF_8), Map.of());
        List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readUntil(broker.bootstrapServers(), Topics.DLQ, Duration.ofSeconds(60),
                rs -> rs.stream().filter(r -> "nobody".equals(r.key())).count() >= 2);
        List<String> reasons = dlq.stream().filter(r -> "nobody".equals(r.key()))
                .map(r -> TestKafka.header(r, "dead-letter-reason")).toList();
        assertEquals(2, reasons.size(), reasons.toString());
        reasons.forEach(reason -> org.junit.jupiter.api.Assertions.assertTrue(reason.contains("unreadable"), reason));
        for (ServiceSpec s : stack.services()) {
            org.junit.jupiter.api.Assertions.assertTrue(stack.ready(s), s.name() + " still ready after garbage");
        }
    }
}
