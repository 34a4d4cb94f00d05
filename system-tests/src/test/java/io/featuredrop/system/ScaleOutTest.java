package io.featuredrop.system;

import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.process.ServiceInstance;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.RunPartitions;
import io.featuredrop.topics.TopicProvisioner;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out (issue 17): two replicas of each service share a sweep of six runs over six partitions;
 * mid-sweep a third replica of each service joins (a cooperative rebalance moves some runs to them), and
 * later one original replica of each service is killed with -9 (its runs move to the survivors).
 * Every run still completes with exactly its configured steps, every PROGRESS loss (re-trained steps
 * included) equals the same run trained alone in one process, every ENCODER checkpoint has exactly one
 * result per task, and the records show that no run was ever streamed or trained by two replicas at once.
 */
@Tag("system")
class ScaleOutTest {

    private static final int PARTITIONS = 6;
    private static final Map<String, Integer> STEPS = Map.of("expert", 100, "none", 100, "viewmaker", 40, "viewmaker+expert", 40);
    private static final List<String> MODES = List.of("viewmaker", "expert", "viewmaker+expert", "none", "viewmaker", "expert");

    private static String config(String runId, String mode) {
        return "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":" + STEPS.get(mode)
                + ",\"checkpointEvery\":10,\"batchSize\":16,\"seed\":11,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                + "\"maxInFlight\":1,\"wirePrecision\":\"fp32\"," + DistributedTrainingTest.TINY_PROBE + "}";
    }

    /** Six run ids, one in each partition, so the sweep spreads over every partition there is. */
    private static Map<String, String> sweep() {
        Map<String, String> runs = new LinkedHashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; runs.size() < PARTITIONS; i++) {
            String id = "scale-" + i;
            if (taken.add(RunPartitions.of(id, PARTITIONS))) {
                runs.put(id, MODES.get(runs.size()));
            }
        }
        return runs;
    }

    @Test
    void replicasShareASweepThroughRebalancesAndKillsAndEveryRunIsExact() throws Exception {
        Map<String, String> runs = sweep();
        Map<String, float[]> alone = new HashMap<>();
        for (Map.Entry<String, String> run : runs.entrySet()) {
            alone.put(run.getKey(), DistributedTrainingTest.oracle(config(run.getKey(), run.getValue())));
        }
        List<String> names = List.of("augmenter-service", "trainer-service", "evaluator-service");
        try (LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral()) {
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), PARTITIONS);
            Path root = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
            Path state = Files.createTempDirectory("featuredrop-scale-");
            int[] ports = LocalKafkaBroker.freePorts(9);
            List<ServiceSpec> originals = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                originals.add(new ServiceSpec(names.get(i / 2), ports[i], 1 + i % 2));
            }
            List<ServiceSpec> joiners = List.of(new ServiceSpec("augmenter-service", ports[6], 3), new ServiceSpec("trainer-service", ports[7], 3),
                    new ServiceSpec("evaluator-service", ports[8], 3));
            LocalStack first = new LocalStack(root, state, originals);
            Set<String> killed = new HashSet<>();
            LocalStack second = new LocalStack(root, state, joiners);
            Files.createDirectories(first.checkpointsDir());
            try {
                first.start(broker.bootstrapServers(), Duration.ofSeconds(180));
                runs.forEach((id, mode) -> TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id,
                        config(id, mode).getBytes(StandardCharsets.UTF_8), Map.of()));
                awaitViewmakerStep(broker, runs, 5);
                second.start(broker.bootstrapServers(), Duration.ofSeconds(180));
                String joinedEvaluator = instanceId(second.pidOf(joiners.get(2)).orElseThrow().pid());
                Set<String> joined = Set.of(instanceId(second.pidOf(joiners.get(0)).orElseThrow().pid()),
                        instanceId(second.pidOf(joiners.get(1)).orElseThrow().pid()));
                System.out.println("a third augmenter, trainer and evaluator joined");
                // the joiners have taken runs over (their records are on the topics) before anyone is killed
                List<ConsumerRecord<String, byte[]>> byJoiners = TestKafka.readUntil(broker.bootstrapServers(), List.of(Topics.VIEWS, Topics.RUN_PROGRESS),
                        Duration.ofSeconds(300), rs -> joined.stream().allMatch(j -> rs.stream().anyMatch(r -> j.equals(TestKafka.header(r, ServiceInstance.HEADER)))));
                assertTrue(joined.stream().allMatch(j -> byJoiners.stream().anyMatch(r -> j.equals(TestKafka.header(r, ServiceInstance.HEADER)))),
                        "the augmenter and trainer that joined took runs over: " + joined);
                long killedAt = System.currentTimeMillis();
                for (ServiceSpec victim : List.of(originals.get(0), originals.get(2), originals.get(4))) {
                    first.pidOf(victim).ifPresent(h -> killed.add(instanceId(h.pid())));
                    assertTrue(first.kill(victim), victim.instance() + " was running");
                    System.out.println("killed " + victim.instance() + " (-9)");
                }
                List<ConsumerRecord<String, byte[]>> statuses = TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY,
                        Duration.ofSeconds(900), rs -> runs.keySet().stream().allMatch(id -> DistributedTrainingTest.statuses(rs, id).stream()
                                .anyMatch(st -> st.state().isTerminal())));
                assertRunsExact(runs, alone, statuses);
                assertOneResultPerTaskAndCheckpoint(broker, runs, joinedEvaluator);
                assertNoRunWorkedOnByTwoReplicasAtOnce(broker, runs, statuses, killed, killedAt, joined);
            } catch (Exception | Error e) {
                for (ServiceSpec s : originals) {
                    System.out.println("---- " + s.instance() + "\n" + LocalKafkaBroker.tail(first.logOf(s), 30));
                }
                throw e;
            } finally {
                second.stop(Duration.ofSeconds(30));
                first.stop(Duration.ofSeconds(30));
            }
        }
    }

    private static void awaitViewmakerStep(LocalKafkaBroker broker, Map<String, String> runs, long step) {
        String vm = runs.entrySet().stream().filter(e -> e.getValue().equals("viewmaker")).findFirst().orElseThrow().getKey();
        TestKafka.readUntil(broker.bootstrapServers(), TestKafka.RUN_HISTORY, Duration.ofSeconds(400), rs -> DistributedTrainingTest.statuses(rs, vm)
                .stream().anyMatch(st -> st.state() == RunState.PROGRESS && st.step() >= step));
    }

    private static void assertRunsExact(Map<String, String> runs, Map<String, float[]> alone, List<ConsumerRecord<String, byte[]>> all) {
        for (String id : runs.keySet()) {
            List<RunStatus> mine = DistributedTrainingTest.statuses(all, id);
            RunStatus end = mine.stream().filter(st -> st.state().isTerminal()).findFirst().orElseThrow();
            int steps = STEPS.get(runs.get(id));
            assertEquals(RunState.COMPLETED, end.state(), id + ": " + end);
            assertEquals("trained " + steps + " steps", end.reason());
            Set<Long> trained = new TreeSet<>();
            List<RunStatus> progress = mine.stream().filter(st -> st.state() == RunState.PROGRESS).toList();
            progress.forEach(st -> trained.add(st.step()));
            assertEquals(steps, trained.size(), id + ": every step 1.." + steps + " trained: " + trained);
            assertEquals(steps, trained.stream().mapToLong(Long::longValue).max().orElse(0), id + ": nothing beyond the configured steps");
            float[] got = new float[progress.size()];
            float[] expected = new float[progress.size()];
            for (int k = 0; k < got.length; k++) {
                got[k] = progress.get(k).loss().floatValue();
                expected[k] = alone.get(id)[progress.get(k).step().intValue() - 1];
            }
            io.featuredrop.testing.LossSequences.assertMatch(id + " (" + runs.get(id) + ") PROGRESS record", expected, got);
        }
    }

    private static void assertOneResultPerTaskAndCheckpoint(LocalKafkaBroker broker, Map<String, String> runs, String joinedEvaluator)
            throws InterruptedException {
        Map<String, Set<Long>> encoderSteps = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(broker.bootstrapServers(), Topics.CHECKPOINTS)) {
            Checkpoint c = JsonEvents.decode(r.value(), Checkpoint.class);
            if (runs.containsKey(c.runId()) && c.kind() == CheckpointKind.ENCODER) {
                encoderSteps.computeIfAbsent(c.runId(), k -> new TreeSet<>()).add(c.step());
            }
        }
        long expected = encoderSteps.values().stream().mapToLong(s -> 2L * s.size()).sum();
        TestKafka.readUntil(broker.bootstrapServers(), Topics.EVAL_RESULTS, Duration.ofSeconds(300),
                rs -> rs.stream().filter(r -> runs.containsKey(r.key())).count() >= expected);
        Thread.sleep(3000); // a duplicate, if any, lands
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(broker.bootstrapServers(), Topics.EVAL_RESULTS)) {
            if (runs.containsKey(r.key())) {
                EvalResult e = JsonEvents.decode(r.value(), EvalResult.class);
                assertTrue(seen.add(e.runId() + "/" + e.step() + "/" + e.task()), "one result per task and checkpoint: " + e);
            }
        }
        for (String id : runs.keySet()) {
            Set<Long> steps = new TreeSet<>();
            for (long st = 10; st <= STEPS.get(runs.get(id)); st += 10) {
                steps.add(st);
            }
            assertEquals(steps, encoderSteps.get(id), id + " checkpoint steps");
        }
        assertEquals(expected, seen.size(), "every checkpoint probed on both tasks");
        Set<String> evaluators = new TreeSet<>();
        TestKafka.readAll(broker.bootstrapServers(), Topics.EVAL_RESULTS).stream().filter(r -> runs.containsKey(r.key()))
                .forEach(r -> evaluators.add(TestKafka.header(r, ServiceInstance.HEADER)));
        System.out.println("results published by " + evaluators);
        assertTrue(evaluators.contains(joinedEvaluator), "the evaluator that joined (" + joinedEvaluator + ") probed some checkpoints: " + evaluators);
    }

    /** A replica's unbroken run of records for one run: who, and the create times of its first and last record. */
    record Block(String instance, long first, long last) {
    }

    /**
     * For each run, the replicas that produced its views (augmenters) and its PROGRESS records
     * (trainers), in the order the records are on their partition: each replica's records form one
     * unbroken block, so two replicas never worked on the run at the same time. Handovers are told
     * apart by time: the joiners (augmenter, trainer) took runs over before the kill, and some run of
     * a killed replica went on with another replica only after the kill.
     */
    private static void assertNoRunWorkedOnByTwoReplicasAtOnce(LocalKafkaBroker broker, Map<String, String> runs,
                                                                List<ConsumerRecord<String, byte[]>> statuses, Set<String> killed,
                                                                long killedAt, Set<String> joined) {
        List<ConsumerRecord<String, byte[]>> views = TestKafka.readAll(broker.bootstrapServers(), Topics.VIEWS);
        boolean movedAfterKill = false;
        Set<String> tookOverBeforeKill = new HashSet<>();
        for (String id : runs.keySet()) {
            List<ConsumerRecord<String, byte[]>> byView = views.stream().filter(r -> id.equals(r.key())).toList();
            List<ConsumerRecord<String, byte[]>> byStep = statuses.stream().filter(r -> id.equals(r.key()))
                    .filter(r -> JsonEvents.decode(r.value(), RunStatus.class).state() == RunState.PROGRESS).toList();
            List<Block> augmenterBlocks = blocks(id + " views", byView);
            List<Block> trainerBlocks = blocks(id + " PROGRESS", byStep);
            System.out.printf("%s (%s): streamed by %s, trained by %s%n", id, runs.get(id), augmenterBlocks.stream().map(Block::instance).toList(),
                    trainerBlocks.stream().map(Block::instance).toList());
            for (List<Block> blocks : List.of(augmenterBlocks, trainerBlocks)) {
                for (int i = 0; i < blocks.size(); i++) {
                    Block b = blocks.get(i);
                    if (joined.contains(b.instance()) && b.first() < killedAt) {
                        tookOverBeforeKill.add(b.instance());
                    }
                    if (i + 1 < blocks.size() && killed.contains(b.instance()) && blocks.get(i + 1).first() >= killedAt) {
                        movedAfterKill = true; // a killed replica's run, taken up by a survivor once it was dead
                    }
                }
            }
        }
        assertEquals(joined, tookOverBeforeKill, "each joiner took runs over before the kill");
        assertTrue(movedAfterKill, "a killed replica's run went on with a survivor after the kill (killed " + killed + ")");
    }

    /** The {@code fd-instance} header of a local replica with this pid ({@link ServiceInstance}). */
    private static String instanceId(long pid) {
        return ServiceInstance.id().substring(0, ServiceInstance.id().lastIndexOf('/') + 1) + pid;
    }

    /** The blocks of {@code records} by producing replica, in order; fails if a replica's records are interleaved with another's. */
    private static List<Block> blocks(String what, List<ConsumerRecord<String, byte[]>> records) {
        List<Block> order = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String p = TestKafka.header(r, ServiceInstance.HEADER);
            assertTrue(p != null, what + ": every record names its replica");
            Block last = order.isEmpty() ? null : order.get(order.size() - 1);
            if (last != null && last.instance().equals(p)) {
                order.set(order.size() - 1, new Block(p, last.first(), r.timestamp()));
            } else {
                assertTrue(order.stream().noneMatch(b -> b.instance().equals(p)),
                        what + ": " + p + " worked on the run again after another replica had: " + order);
                order.add(new Block(p, r.timestamp(), r.timestamp()));
            }
        }
        return order;
    }
}
