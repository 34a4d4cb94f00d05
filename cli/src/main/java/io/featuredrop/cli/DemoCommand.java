package io.featuredrop.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.results.ResultsBoard;
import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.RunView;
import io.featuredrop.wire.JsonEvents;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: the real broker and the three services, one run per augmentation mode on
 * fashion-mnist+mnist, and a table of what happened; everything is stopped at the end (also on Ctrl-C).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the broker and the three services, publish one run per augmentation mode on fashion-mnist+mnist, report, stop everything.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    LocalOptions local = new LocalOptions();

    @Option(names = "--steps", defaultValue = "100", description = "steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--timeout", defaultValue = "1800", description = "give up waiting for the runs after this many seconds (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--probe-train", defaultValue = "5000", description = "images each linear probe is fitted on (default: ${DEFAULT-VALUE})")
    int probeTrain;

    @Option(names = "--probe-test", defaultValue = "2000", description = "held-out images each probe is scored on (default: ${DEFAULT-VALUE})")
    int probeTest;

    @Option(names = "--probe-epochs", defaultValue = "50", description = "probe optimiser epochs (default: ${DEFAULT-VALUE})")
    int probeEpochs;

    @Option(names = "--keep", description = "leave the stack running afterwards (stop it with `featuredrop down`)")
    boolean keep;

    /** True once the service lists the run on GET /api/runs/{runId}. */
    private static boolean awaitFollowed(LocalStack stack, ServiceSpec s, String runId, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(stack.baseUri(s).resolve("/api/runs/" + runId)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
                Thread.sleep(200);
            } catch (java.io.IOException e) {
                // not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static void deleteRecursively(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    /** Waits until each run's final step has {@code tasks} results (or the deadline passes). */
    private ResultsBoard awaitResults(List<String> runIds, int tasks, long deadline) throws InterruptedException {
        while (true) {
            ResultsBoard board = KafkaIo.readResults(local.bootstrap());
            boolean done = runIds.stream().allMatch(id -> board.forCheckpoint(id, steps).size() >= tasks);
            if (done || System.nanoTime() > deadline) {
                return board;
            }
            Thread.sleep(5_000);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        AtomicBoolean stopped = new AtomicBoolean(keep);
        Runnable stopAll = () -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("stopping the stack ...");
                DownCommand.bringDown(local);
            }
        };
        // a fresh broker and checkpoint store of its own: services resume every unfinished run they find
        // (nothing is lost on restart), and runs left over from earlier sessions must not share the demo's cores
        local.stateDir = local.stateDir.resolve("demo");
        if (local.broker().status().running()) {
            System.out.println("a demo stack is still running in " + local.stateDir + "; stopping it first");
            DownCommand.bringDown(local);
        }
        try {
            deleteRecursively(local.stateDir);
        } catch (java.io.IOException e) {
            System.err.println("cannot clear " + local.stateDir + ": " + e.getMessage());
            return 1;
        }
        System.out.println("demo state (broker, checkpoints, logs): " + local.stateDir);
        Thread hook = new Thread(stopAll, "featuredrop-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C leaves nothing running
        try {
            LocalStack stack = UpCommand.bringUp(local);
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            List<String> runIds = new ArrayList<>();
            for (AugmentationMode mode : AugmentationMode.values()) {
                String runId = "demo-" + mode.wireName().replace('+', '-') + "-" + stamp;
                ObjectNode cfg = JsonEvents.mapper().createObjectNode()
                        .put("runId", runId).put("dataset", "fashion-mnist+mnist").put("mode", mode.wireName())
                        .put("steps", steps).put("batchSize", 128).put("encoderWidth", 16).put("generatorWidth", 16).put("seed", 0);
                cfg.putObject("probe").put("trainSize", probeTrain).put("testSize", probeTest).put("epochs", probeEpochs);
                ConfigCheck check = RunConfigValidator.check(cfg);
                KafkaIo.publishRun(local.bootstrap(), check.config());
                runIds.add(runId);
                System.out.println("published " + runId);
            }
            for (String runId : runIds) {
                RunStatus s = KafkaIo.awaitStatus(local.bootstrap(), runId,
                        x -> x.state() == RunState.ACCEPTED || x.state() == RunState.REJECTED, Duration.ofSeconds(60));
                if (s == null) {
                    System.err.println("no decision for " + runId + " within 60 s; see the augmenter log");
                    return 1;
                }
            }
            for (ServiceSpec follower : stack.services().subList(1, stack.services().size())) {
                for (String runId : runIds) {
                    if (!awaitFollowed(stack, follower, runId, Duration.ofSeconds(30))) {
                        System.err.println(follower.name() + " does not follow " + runId + "; see " + stack.logOf(follower));
                        return 1;
                    }
                }
            }
            System.out.println("training: the augmenter streams views to the trainer over fd.views (Viewmaker modes get their");
            System.out.println("view gradients back on fd.view-gradients); progress every 15 s:");
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            List<RunView> mine;
            while (true) {
                RunBoard board = KafkaIo.readBoard(local.bootstrap());
                mine = runIds.stream().map(id -> board.get(id).orElseThrow()).toList();
                if (mine.stream().allMatch(r -> r.state().isTerminal()) || System.nanoTime() > deadline) {
                    break;
                }
                StringBuilder line = new StringBuilder("  ");
                for (RunView r : mine) {
                    long done = r.state() == RunState.COMPLETED ? steps : r.latest().step() == null ? 0 : r.latest().step();
                    line.append(String.format("%s %d/%d  ", r.config().mode().wireName(), done, steps));
                }
                System.out.println(line.toString().stripTrailing());
                Thread.sleep(15_000);
            }
            System.out.println();
            System.out.println(StatusTable.render(mine));
            System.out.println();
            boolean allDone = mine.stream().allMatch(r -> r.state() == RunState.COMPLETED);
            if (!allDone) {
                System.out.println("Not every run completed (see the table and the service logs in " + local.stateDir + "/logs).");
                return 1;
            }
            System.out.println("All four runs trained through the real broker and the three services; the evaluator is probing");
            System.out.println("their final checkpoints on every task (fd.checkpoints -> fd.eval-results) ...");
            ResultsBoard results = awaitResults(runIds, io.featuredrop.data.DatasetRegistry.find("fashion-mnist+mnist").orElseThrow().tasks().size(), deadline);
            System.out.println();
            System.out.println(ResultsTable.render(runIds.stream().flatMap(id -> results.run(id).stream()).toList(),
                    KafkaIo.readBoard(local.bootstrap()), true));
            boolean allProbed = runIds.stream().allMatch(id -> results.latestStep(id) == steps);
            if (!allProbed) {
                System.out.println("Not every final checkpoint was probed in time (see " + stack.logOf(stack.services().get(2)) + ").");
            }
            System.out.println("Every checkpoint's results: `featuredrop results --all-steps` (while the broker runs: --keep).");
            return allProbed ? 0 : 1;
        } finally {
            stopAll.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down (Ctrl-C): the hook does the stopping
            }
        }
    }
}
