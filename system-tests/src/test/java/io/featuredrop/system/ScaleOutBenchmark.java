package io.featuredrop.system;

import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.RunState;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.TopicProvisioner;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scale-out benchmark (issue 17), run by {@code bash bench/scale-benchmark.sh}: the wall time of
 * one sweep (six runs: three expert, three Viewmaker; every checkpoint probed) with one and with two
 * replicas of each service on this machine, back to back on fresh brokers; then, from the figures
 * measured in those runs (bytes per step on the broker, steps/s per trainer, checkpoint size, probe
 * seconds), what 8 trainers on 64 partitions would ask of the broker, the checkpoint store and the
 * evaluators. Skipped in the test suite (it is a measurement, not a check).
 */
@Tag("system")
class ScaleOutBenchmark {

    private static final int PARTITIONS = 6;

    private static String config(String runId, String mode, int steps) {
        return "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":" + steps
                + ",\"checkpointEvery\":" + steps / 2 + ",\"batchSize\":64,\"seed\":1,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                + "\"maxInFlight\":" + (mode.equals("expert") ? 2 : 1) + ",\"probe\":{\"trainSize\":1000,\"testSize\":500,\"epochs\":10,\"features\":\"pooled\"}}";
    }

    record Sweep(int replicas, double seconds, double viewBytesPerStep, double gradientBytesPerStep, double stepsPerSecondPerTrainer,
                 double checkpointBytes, double probeSeconds, int checkpoints) {
    }

    @Test
    void sweepWallTimeWithOneAndTwoReplicasPerService() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("featuredrop.bench.scale"), "a benchmark: run bash bench/scale-benchmark.sh");
        int steps = Integer.getInteger("featuredrop.bench.steps", 60);
        List<Sweep> sweeps = new ArrayList<>();
        for (int replicas : new int[] {1, 2}) {
            sweeps.add(sweep(replicas, steps));
        }
        System.out.println();
        System.out.println("| replicas per service | sweep wall (s) | ratio to 1 replica |");
        System.out.println("| --- | --- | --- |");
        for (Sweep s : sweeps) {
            System.out.printf("| %d | %.0f | %.2f |%n", s.replicas(), s.seconds(), s.seconds() / sweeps.get(0).seconds());
        }
        Sweep m = sweeps.get(0);
        System.out.printf("%nmeasured (1 replica): views %.0f B/step, view gradients %.0f B/step (Viewmaker modes), %.2f steps/s per trainer replica,"
                + " checkpoint %.0f B, probe %.1f s per checkpoint (%d checkpoints)%n", m.viewBytesPerStep(), m.gradientBytesPerStep(),
                m.stepsPerSecondPerTrainer(), m.checkpointBytes(), m.probeSeconds(), m.checkpoints());
        // 8 trainers, 64 partitions: each trainer owns 8 partitions and trains one batch at a time, so the
        // sweep's step rate is 8 x one trainer's rate (measured here on a shared CPU; 20 steps/s for a GPU trainer
        // is an assumption, not a measurement); what each shared part must then carry:
        int trainers = 8;
        for (double rate : new double[] {m.stepsPerSecondPerTrainer(), 20.0}) {
            double stepsPerSecond = trainers * rate;
            double brokerIn = stepsPerSecond * (m.viewBytesPerStep() + m.gradientBytesPerStep());
            double checkpointsPerSecond = stepsPerSecond / (steps / 2.0);
            double storeBytes = checkpointsPerSecond * 2 * m.checkpointBytes(); // ENCODER + GENERATOR
            double evaluators = checkpointsPerSecond * m.probeSeconds();
            System.out.printf("8 trainers at %.2f steps/s each: broker in %.1f MB/s (x replication for disk and out), store %.2f MB/s,"
                    + " evaluator replicas busy: %.2f (checkpoint every %d steps)%n", rate, brokerIn / 1e6, storeBytes / 1e6, evaluators, steps / 2);
        }
    }

    private static Sweep sweep(int replicas, int steps) throws Exception {
        List<String> names = List.of("augmenter-service", "trainer-service", "evaluator-service");
        try (LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral()) {
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), PARTITIONS);
            Path root = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
            int[] ports = LocalKafkaBroker.freePorts(3 * replicas);
            List<ServiceSpec> specs = new ArrayList<>();
            for (int i = 0; i < 3 * replicas; i++) {
                specs.add(new ServiceSpec(names.get(i / replicas), ports[i], replicas == 1 ? 0 : 1 + i % replicas));
            }
            LocalStack stack = new LocalStack(root, Files.createTempDirectory("featuredrop-bench-scale-"), specs);
            Files.createDirectories(stack.checkpointsDir());
            try {
                stack.start(broker.bootstrapServers(), Duration.ofSeconds(180));
                Map<String, String> runs = new java.util.LinkedHashMap<>();
                for (int i = 0; i < 6; i++) {
                    runs.put("bench-" + replicas + "-" + i, i % 2 == 0 ? "expert" : "viewmaker");
                }
                long t0 = System.nanoTime();
                runs.forEach((id, mode) -> TestKafka.publish(broker.bootstrapServers(), Topics.RUNS, id,
                        config(id, mode, steps).getBytes(StandardCharsets.UTF_8), Map.of()));
                TestKafka.readUntil(broker.bootstrapServers(), Topics.EVAL_RESULTS, Duration.ofMinutes(60),
                        rs -> rs.stream().filter(r -> runs.containsKey(r.key())).map(r -> JsonEvents.decode(r.value(), EvalResult.class))
                                .filter(e -> e.step() == steps).count() >= 2L * runs.size());
                double seconds = (System.nanoTime() - t0) / 1e9;
                List<ConsumerRecord<String, byte[]>> statuses = TestKafka.readAll(broker.bootstrapServers(), TestKafka.RUN_HISTORY);
                for (String id : runs.keySet()) {
                    if (DistributedTrainingTest.statuses(statuses, id).stream().noneMatch(s -> s.state() == RunState.COMPLETED)) {
                        throw new AssertionError(id + " did not complete");
                    }
                }
                // the trainers' throughput: steps trained over the time from the first to the last PROGRESS of the sweep
                List<io.featuredrop.events.RunStatus> progress = statuses.stream().filter(r -> runs.containsKey(r.key()))
                        .map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.RunStatus.class)).filter(s -> s.state() == RunState.PROGRESS).toList();
                java.time.Instant first = progress.stream().map(io.featuredrop.events.RunStatus::at).min(java.util.Comparator.naturalOrder()).orElseThrow();
                java.time.Instant last = progress.stream().map(io.featuredrop.events.RunStatus::at).max(java.util.Comparator.naturalOrder()).orElseThrow();
                double rate = progress.size() / Math.max(1e-3, Duration.between(first, last).toMillis() / 1e3) / replicas;
                double views = TestKafka.readAll(broker.bootstrapServers(), Topics.VIEWS).stream().filter(r -> runs.containsKey(r.key()))
                        .mapToLong(r -> r.serializedValueSize()).average().orElse(0);
                List<ConsumerRecord<String, byte[]>> grads = TestKafka.readAll(broker.bootstrapServers(), Topics.VIEW_GRADIENTS);
                double gradients = grads.stream().filter(r -> runs.containsKey(r.key())).mapToLong(r -> r.serializedValueSize()).average().orElse(0);
                List<Checkpoint> cps = TestKafka.readAll(broker.bootstrapServers(), Topics.CHECKPOINTS).stream()
                        .map(r -> JsonEvents.decode(r.value(), Checkpoint.class)).filter(c -> runs.containsKey(c.runId())).toList();
                double cpBytes = cps.stream().mapToLong(Checkpoint::sizeBytes).average().orElse(0);
                double probe = probeSeconds(stack, specs.stream().filter(s -> s.name().equals("evaluator-service")).toList());
                System.out.printf("%d replica(s) per service: sweep of %d runs x %d steps, every checkpoint probed, in %.0f s%n",
                        replicas, runs.size(), steps, seconds);
                return new Sweep(replicas, seconds, views, gradients, rate, cpBytes, probe, cps.size());
            } finally {
                stack.stop(Duration.ofSeconds(30));
            }
        }
    }

    /** Mean probe seconds per checkpoint over the evaluators, from their {@code featuredrop_evaluator_probe_seconds} timers. */
    private static double probeSeconds(LocalStack stack, List<ServiceSpec> evaluators) {
        double sum = 0;
        double count = 0;
        for (ServiceSpec e : evaluators) {
            for (String line : metrics(stack, e).split("\n")) {
                if (line.startsWith("featuredrop_evaluator_probe_seconds_sum")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("featuredrop_evaluator_probe_seconds_count")) {
                    count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The service's Prometheus text (LocalStack.get asks for JSON, which /q/metrics does not serve). */
    static String metrics(LocalStack stack, ServiceSpec s) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    stack.baseUri(s).resolve("/q/metrics")).header("Accept", "text/plain").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
