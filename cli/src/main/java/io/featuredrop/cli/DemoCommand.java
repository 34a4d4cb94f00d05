package io.featuredrop.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
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

    @Override
    public Integer call() throws InterruptedException {
        AtomicBoolean stopped = new AtomicBoolean(keep);
        Runnable stopAll = () -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("stopping the stack ...");
                DownCommand.bringDown(local);
            }
        };
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
            System.out.println(allDone ? "All four runs trained through the real broker and the three services."
                    : "Not every run completed (see the table and the service logs in " + local.stateDir + "/logs).");
            System.out.println("Not yet in this build: checkpoints and per-task probe results from the evaluator (issue 5);");
            System.out.println("`./featuredrop train-local -c CONFIG` gives them for a run in one process.");
            return allDone ? 0 : 1;
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
