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
import io.featuredrop.topics.Topics;
import io.featuredrop.train.LocalSimclrTrainer;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The proof of DESIGN.md section 2: a run through Kafka (augmenter streams views, trainer steps and
 * returns view gradients, augmenter steps the generator) reproduces the single-process trainer's
 * loss sequence in every mode (same seed, one batch in flight, fp32, one thread: the services
 * inherit OMP_NUM_THREADS=1 from the test JVM): every step within 1e-5 relative
 * ({@link io.featuredrop.testing.LossSequences}), Viewmaker modes included.
 */
@Tag("system")
class DistributedTrainingTest {

    private static final int STEPS = 20;
    /** Probes small enough for a test (the evaluator probes every checkpoint of every run here). */
    static final String TINY_PROBE = "\"probe\":{\"trainSize\":256,\"testSize\":128,\"epochs\":5,\"features\":\"pooled\"}";
    static SystemStack system;
    static LocalKafkaBroker broker;
    static LocalStack stack;

    static final Map<String, float[]> ORACLE = new java.util.HashMap<>();
    static final Map<String, String> RUNS = Map.of("eq-none", "none", "eq-expert", "expert", "eq-viewmaker", "viewmaker",
            "eq-viewmaker-expert", "viewmaker+expert");
    static final Map<String, String> FAULT_RUNS = Map.of("fault-ex", "expert", "fault-vm", "viewmaker", "fault-vmx", "viewmaker+expert");
    /** The expert run is several times faster per step: more steps, so all are mid-run at every kill. */
    static final Map<String, Integer> FAULT_STEPS = Map.of("fault-ex", 300, "fault-vm", 40, "fault-vmx", 40);

    private static String faultConfig(String id, String mode) {
        return "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":" + FAULT_STEPS.get(id)
                + ",\"checkpointEvery\":10,\"batchSize\":16,\"seed\":5,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                + "\"maxInFlight\":" + ("expert".equals(mode) ? 2 : 1) + "," + TINY_PROBE + "}";
    }

    /** The loss of every step of {@code configJson} trained in this JVM without interruption. */
    static float[] oracle(String configJson) throws Exception {
        RunConfig config = RunConfigValidator.check(configJson.getBytes(StandardCharsets.UTF_8)).config();
        float[] losses = new float[(int) config.steps()];
        try (LocalSimclrTrainer oracle = new LocalSimclrTrainer(config, Datasets.open(config.dataset()))) {
            for (int i = 0; i < losses.length; i++) {
                LocalSimclrTrainer.StepResult r = oracle.step();
                if (r.failed()) {
                    throw new AssertionError(config.runId() + " in one process: " + r.failure());
                }
                losses[i] = r.loss();
            }
        }
        return losses;
    }

    @BeforeAll
    static void startEverything() throws Exception {
        // the single-process losses first, in this JVM (1 thread, as the services)
        FAULT_RUNS.forEach((id, mode) -> {
            try {
                ORACLE.put(id, oracle(faultConfig(id, mode)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RUNS.forEach((id, mode) -> {
            try {
                ORACLE.put(id, oracle(config(id, mode)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        system = SystemStack.start();
        broker = system.broker;
        stack = system.stack;
    }

    @AfterAll
    static void stopEverything() {
        if (system != null) {
            system.close();
        }
    }

    private static String config(String runId, String mode) {
        return "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":" + STEPS
                + ",\"batchSize\":16,\"seed\":7,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                + "\"maxInFlight\":1,\"wirePrecision\":\"fp32\"," + TINY_PROBE + "}";
    }

    @Test
    void runsThroughKafkaReproduceTheSingleProcessLosses() throws Exception {
        Map<String, String> runs = RUNS;
        runs.forEach((id, mode) -> TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id,
                config(id, mode).getBytes(StandardCharsets.UTF_8), Map.of()));
        List<RunStatus> statuses = TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY, Duration.ofSeconds(300),
                        rs -> rs.stream().map(r -> JsonEvents.decode(r.value(), RunStatus.class))
                                .filter(s -> runs.containsKey(s.runId()))
                                .filter(s -> s.state() == RunState.COMPLETED || s.state() == RunState.FAILED).count() >= runs.size())
                .stream().map(r -> JsonEvents.decode(r.value(), RunStatus.class)).toList();
        for (Map.Entry<String, String> run : runs.entrySet()) {
            String id = run.getKey();
            List<RunStatus> mine = statuses.stream().filter(s -> s.runId().equals(id)).toList();
            RunStatus end = mine.stream().filter(s -> s.state().isTerminal()).findFirst().orElseThrow();
            assertEquals(RunState.COMPLETED, end.state(), id + ": " + end);
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
            io.featuredrop.testing.LossSequences.assertMatch(id + " (" + run.getValue() + ")", expectedLosses, kafka);
        }
    }

    /**
     * Audio through the three services: a tiny Viewmaker run on spoken-digits+noise (64x64 log-mel
     * spectrograms, the audio budget) streams, trains with view gradients going back, is probed on
     * both tasks (digit, background) with its own views for "kept", and its view grid renders.
     */
    @Test
    void aSpokenDigitsRunTrainsThroughTheServicesAndIsProbedOnBothTasks() throws Exception {
        String id = "audio-vm";
        String config = "{\"runId\":\"" + id + "\",\"dataset\":\"spoken-digits+noise\",\"mode\":\"viewmaker\",\"steps\":4,"
                + "\"checkpointEvery\":4,\"batchSize\":8,\"seed\":2,\"encoderWidth\":4,\"generatorWidth\":4,\"generatorBlocks\":1,"
                + "\"probe\":{\"trainSize\":64,\"testSize\":32,\"epochs\":2,\"features\":\"pooled\"}}";
        TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id, config.getBytes(StandardCharsets.UTF_8), Map.of());
        List<io.featuredrop.events.EvalResult> results = TestKafka.readUntil(broker.bootstrapServers(), Topics.EVAL_RESULTS,
                        Duration.ofSeconds(240), rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 2)
                .stream().filter(r -> id.equals(r.key()))
                .map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.EvalResult.class)).toList();
        assertEquals(List.of("digit", "noise"), results.stream().map(io.featuredrop.events.EvalResult::task).sorted().toList(), results.toString());
        for (io.featuredrop.events.EvalResult r : results) {
            assertEquals(4, r.step());
            org.junit.jupiter.api.Assertions.assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, r.toString());
            org.junit.jupiter.api.Assertions.assertNotNull(r.labelRetention(), "the run's Viewmaker views rendered: " + r);
        }
        RunStatus done = TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY, Duration.ofSeconds(60),
                        rs -> statuses(rs, id).stream().anyMatch(s -> s.state() == RunState.COMPLETED))
                .stream().map(r -> JsonEvents.decode(r.value(), RunStatus.class)).filter(s -> id.equals(s.runId()))
                .filter(s -> s.state() == RunState.COMPLETED).findFirst().orElseThrow();
        assertEquals("trained 4 steps", done.reason(), done.toString());
        com.fasterxml.jackson.databind.JsonNode grid = JsonEvents.mapper().readTree(stack.get(stack.services().get(2), "/api/runs/" + id + "/views?step=4&n=2"));
        assertEquals(64, grid.get("height").asInt());
        assertEquals(64, grid.get("width").asInt());
        assertEquals(4, grid.get("rows").size(), "image, two views, |delta|");
        assertEquals(2 * 64 * 64, grid.get("rows").get(1).size());
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

    @Test
    void everyCheckpointIsProbedOnEveryTaskAndBadCheckpointsAreDeadLettered() throws Exception {
        String id = "eval-expert";
        String config = "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"expert\",\"steps\":10,"
                + "\"checkpointEvery\":2,\"batchSize\":16,\"seed\":3,\"encoderWidth\":8," + TINY_PROBE + "}";
        TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id, config.getBytes(StandardCharsets.UTF_8), Map.of());
        List<io.featuredrop.events.EvalResult> results = TestKafka.readUntil(broker.bootstrapServers(), Topics.EVAL_RESULTS,
                        Duration.ofSeconds(240), rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 10)
                .stream().filter(r -> id.equals(r.key()))
                .map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.EvalResult.class)).toList();
        List<io.featuredrop.events.Checkpoint> checkpoints = TestKafka.readUntil(broker.bootstrapServers(), Topics.CHECKPOINTS,
                        Duration.ofSeconds(30), rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 5)
                .stream().filter(r -> id.equals(r.key()))
                .map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.Checkpoint.class)).toList();
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L), checkpoints.stream().map(io.featuredrop.events.Checkpoint::step).toList(), "checkpoint steps");
        for (io.featuredrop.events.Checkpoint c : checkpoints) {
            assertEquals(io.featuredrop.events.CheckpointKind.ENCODER, c.kind());
            List<io.featuredrop.events.EvalResult> mine = results.stream().filter(r -> r.step() == c.step()).toList();
            assertEquals(List.of("digit", "garment"), mine.stream().map(io.featuredrop.events.EvalResult::task).sorted().toList(),
                    "one result per task for step " + c.step() + ": " + mine);
            mine.forEach(r -> {
                assertEquals(c.sha256(), r.checkpointSha256());
                org.junit.jupiter.api.Assertions.assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, r.toString());
                org.junit.jupiter.api.Assertions.assertNotNull(r.labelRetention(), "expert views rendered: " + r);
                // the evaluator's defaults: features from the encoder's ONNX export on ONNX Runtime, the export written beside
                assertEquals("onnxruntime", r.provenance().get("features.engine"), r.toString());
                assertEquals(io.featuredrop.checkpoint.CheckpointStore.onnxUri(c.uri()), r.provenance().get("onnx.file"), r.toString());
            });
        }
        assertEquals(10, results.size(), "no checkpoint evaluated twice: " + results);
        double garment = results.stream().filter(r -> r.task().equals("garment")).mapToDouble(io.featuredrop.events.EvalResult::accuracy).max().orElse(0);
        org.junit.jupiter.api.Assertions.assertTrue(garment > 0.3, "garment probe far above chance (0.1): " + results);
        // retention (evaluator default: the newest 3 and the best step per task stay)
        java.util.Set<Long> prunable = io.featuredrop.checkpoint.CheckpointRetention.prunable(
                checkpoints.stream().map(io.featuredrop.events.Checkpoint::step).toList(), results, 3);
        io.featuredrop.checkpoint.CheckpointStore store = new io.featuredrop.checkpoint.CheckpointStore(stack.checkpointsDir());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Long> kept;
        do {
            Thread.sleep(200);
            kept = store.list(id, io.featuredrop.events.CheckpointKind.ENCODER).stream().map(io.featuredrop.checkpoint.CheckpointStore.Stored::step).toList();
        } while (kept.stream().anyMatch(prunable::contains) && System.nanoTime() < deadline);
        List<Long> expectedKept = checkpoints.stream().map(io.featuredrop.events.Checkpoint::step).filter(st -> !prunable.contains(st)).toList();
        assertEquals(expectedKept, kept, "store after retention (prunable " + prunable + ")");
        for (io.featuredrop.events.Checkpoint c : checkpoints) {
            // every kept checkpoint has its ONNX export beside it, readable; a pruned one lost both
            java.nio.file.Path onnx = store.resolve(io.featuredrop.checkpoint.CheckpointStore.onnxUri(c.uri()));
            assertEquals(!prunable.contains(c.step()), java.nio.file.Files.exists(onnx), onnx.toString());
            if (java.nio.file.Files.exists(onnx)) {
                assertEquals(Long.toString(c.step()), io.featuredrop.onnx.OnnxModelFile.metadata(io.featuredrop.onnx.OnnxModelFile.read(onnx))
                        .get("featuredrop.step"));
            }
        }
        String rest = stack.get(stack.services().get(2), "/api/results/" + id);
        org.junit.jupiter.api.Assertions.assertTrue(rest.contains("\"garment\"") && rest.contains(checkpoints.get(1).sha256()), rest);

        // an announced checkpoint whose file does not match its sha256 is refused with the reason
        io.featuredrop.events.Checkpoint forged = new io.featuredrop.events.Checkpoint(1, id, 7, io.featuredrop.events.CheckpointKind.ENCODER,
                checkpoints.get(4).uri(), "00".repeat(32), 1, "nobody", java.time.Instant.now(), null);
        TestKafka.publish(broker.bootstrapServers(), Topics.CHECKPOINTS, "forged-" + id, JsonEvents.encode(forged), Map.of());
        List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readUntil(broker.bootstrapServers(), Topics.DLQ, Duration.ofSeconds(60),
                rs -> rs.stream().anyMatch(r -> ("forged-" + id).equals(r.key())));
        String reason = dlq.stream().filter(r -> ("forged-" + id).equals(r.key())).map(r -> TestKafka.header(r, "dead-letter-reason"))
                .findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertTrue(reason.contains("sha256"), reason);
    }

    @Test
    void cancelStopsARunningRunOnEveryService() throws Exception {
        String id = "cancel-me";
        String config = "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"expert\",\"steps\":5000,"
                + "\"checkpointEvery\":5000,\"batchSize\":16,\"maxInFlight\":2,\"seed\":1,\"encoderWidth\":8," + TINY_PROBE + "}";
        TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id, config.getBytes(StandardCharsets.UTF_8), Map.of());
        TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY, Duration.ofSeconds(120), rs -> statuses(rs, id).stream()
                .anyMatch(s -> s.state() == RunState.PROGRESS && s.step() >= 3));
        TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id, io.featuredrop.config.RunCommand.cancel(id), Map.of());
        List<RunStatus> mine = statuses(TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY, Duration.ofSeconds(60),
                rs -> statuses(rs, id).stream().anyMatch(s -> s.state() == RunState.CANCELLED)), id);
        RunStatus cancelled = mine.stream().filter(s -> s.state() == RunState.CANCELLED).findFirst().orElseThrow();
        assertEquals("augmenter-service", cancelled.service());
        Thread.sleep(4000); // anything still in flight lands
        long progressThen = statuses(TestKafka.readAll(broker.bootstrapServers(), TestKafka.RUN_HISTORY), id)
                .stream().filter(s -> s.state() == RunState.PROGRESS).count();
        Thread.sleep(4000);
        List<RunStatus> later = statuses(TestKafka.readAll(broker.bootstrapServers(), TestKafka.RUN_HISTORY), id);
        assertEquals(progressThen, later.stream().filter(s -> s.state() == RunState.PROGRESS).count(), "training stopped after CANCELLED");
        org.junit.jupiter.api.Assertions.assertTrue(progressThen < 5000);
        org.junit.jupiter.api.Assertions.assertTrue(later.stream().noneMatch(s -> s.state() == RunState.COMPLETED), later.toString());
    }

    /**
     * kill -9 of the trainer, then the augmenter, then the evaluator, each restarted, in the middle
     * of an expert, a Viewmaker and a Viewmaker+expert run: all complete with exactly the configured steps, every step's
     * loss (re-trained ones included) equals the uninterrupted single-process run's within 1e-5
     * relative, and every ENCODER checkpoint step has exactly one result per task.
     */
    @Test
    void runsSurviveKillNineOfEveryServiceAndCompleteExactly() throws Exception {
        Map<String, String> runs = FAULT_RUNS;
        Map<String, Integer> stepsOf = FAULT_STEPS;
        runs.forEach((id, mode) -> TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id,
                faultConfig(id, mode).getBytes(StandardCharsets.UTF_8), Map.of()));
        int[] killAt = {15, 28};
        for (int i = 0; i < 3; i++) {
            int at = i < killAt.length ? killAt[i] : 0;
            TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY, Duration.ofSeconds(240), rs -> statuses(rs, "fault-vm").stream()
                    .anyMatch(st -> st.state() == RunState.PROGRESS && st.step() >= at));
            ServiceSpec victim = List.of(stack.services().get(1), stack.services().get(0), stack.services().get(2)).get(i);
            org.junit.jupiter.api.Assertions.assertTrue(stack.kill(victim), victim.name() + " was running");
            System.out.println("killed " + victim.name() + " (-9)");
            stack.start(broker.bootstrapServers(), Duration.ofSeconds(120));
        }
        List<ConsumerRecord<String, byte[]>> all = TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY, Duration.ofSeconds(400),
                rs -> runs.keySet().stream().allMatch(id -> statuses(rs, id).stream().anyMatch(st -> st.state().isTerminal())));
        for (String id : runs.keySet()) {
            List<RunStatus> mine = statuses(all, id);
            RunStatus end = mine.stream().filter(st -> st.state().isTerminal()).findFirst().orElseThrow();
            assertEquals(RunState.COMPLETED, end.state(), id + ": " + end);
            int steps = stepsOf.get(id);
            assertEquals("trained " + steps + " steps", end.reason());
            java.util.Set<Long> trained = new java.util.TreeSet<>();
            mine.stream().filter(st -> st.state() == RunState.PROGRESS).forEach(st -> trained.add(st.step()));
            assertEquals(steps, trained.size(), id + ": every step 1.." + steps + " trained: " + trained);
            assertEquals(steps, trained.stream().mapToLong(Long::longValue).max().orElse(0), id + ": nothing beyond the configured steps");
            org.junit.jupiter.api.Assertions.assertTrue(mine.stream().anyMatch(st -> st.state() == RunState.REWIND), id + " was rewound");
        }
        // every PROGRESS, re-trained steps after a kill included, has the loss of the uninterrupted single-process run
        for (String id : runs.keySet()) {
            float[] uninterrupted = ORACLE.get(id);
            List<RunStatus> progress = statuses(all, id).stream().filter(st -> st.state() == RunState.PROGRESS).toList();
            float[] got = new float[progress.size()];
            float[] expected = new float[progress.size()];
            for (int k = 0; k < got.length; k++) {
                got[k] = progress.get(k).loss().floatValue();
                expected[k] = uninterrupted[progress.get(k).step().intValue() - 1];
            }
            io.featuredrop.testing.LossSequences.assertMatch(id + " PROGRESS record", expected, got);
        }
        for (String id : runs.keySet()) {
            java.util.Set<Long> encoderSteps = new java.util.TreeSet<>();
            TestKafka.readAll(broker.bootstrapServers(), Topics.CHECKPOINTS).stream().filter(r -> id.equals(r.key()))
                    .map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.Checkpoint.class))
                    .filter(c -> c.kind() == io.featuredrop.events.CheckpointKind.ENCODER).forEach(c -> encoderSteps.add(c.step()));
            java.util.Set<Long> expectedSteps = new java.util.TreeSet<>();
            for (long st = 10; st <= stepsOf.get(id); st += 10) {
                expectedSteps.add(st);
            }
            assertEquals(expectedSteps, encoderSteps, id + " checkpoint steps");
            List<io.featuredrop.events.EvalResult> results = TestKafka.readUntil(broker.bootstrapServers(), Topics.EVAL_RESULTS,
                            Duration.ofSeconds(120), rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 2L * encoderSteps.size())
                    .stream().filter(r -> id.equals(r.key())).map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.EvalResult.class)).toList();
            Thread.sleep(3000);
            results = TestKafka.readAll(broker.bootstrapServers(), Topics.EVAL_RESULTS).stream().filter(r -> id.equals(r.key()))
                    .map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.EvalResult.class)).toList();
            java.util.Set<String> keys = new java.util.HashSet<>();
            results.forEach(r -> org.junit.jupiter.api.Assertions.assertTrue(keys.add(r.step() + "/" + r.task()), "one result per task and step: " + r));
            assertEquals(2 * encoderSteps.size(), keys.size(), id + ": " + keys);
        }
        for (ServiceSpec s : stack.services()) {
            org.junit.jupiter.api.Assertions.assertTrue(stack.ready(s), s.name() + " ready after the restarts");
        }
        // the evaluator draws the Viewmaker run's views from its generator checkpoint of the last step
        String grid = stack.get(stack.services().get(2), "/api/runs/fault-vm/views?step=40&n=4");
        org.junit.jupiter.api.Assertions.assertTrue(grid.contains("\"mode\":\"viewmaker\"") && grid.contains("view 2"), grid.substring(0, 200));
    }

    static List<RunStatus> statuses(List<ConsumerRecord<String, byte[]>> records, String runId) {
        return records.stream().filter(r -> runId.equals(r.key())).map(r -> JsonEvents.decode(r.value(), RunStatus.class)).toList();
    }
}
