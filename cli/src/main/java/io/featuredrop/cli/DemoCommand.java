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

    @Option(names = "--steps", defaultValue = "300", description = "steps per run (default: ${DEFAULT-VALUE})")
    int steps;

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
    public Integer call() {
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
                        .put("steps", steps).put("batchSize", 128).put("generatorWidth", 16).put("seed", 0);
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
            RunBoard board = KafkaIo.readBoard(local.bootstrap());
            List<RunView> mine = runIds.stream().map(id -> board.get(id).orElseThrow()).toList();
            System.out.println();
            System.out.println(StatusTable.render(mine));
            System.out.println();
            System.out.println("All four runs went through the real broker, were accepted by the augmenter, and are followed by");
            System.out.println("the trainer and the evaluator (checked on GET /api/runs/{runId} of each).");
            System.out.println("Not yet in this build: view streaming, training, checkpoints and per-task probe results");
            System.out.println("(the distributed experiment); the runs stay ACCEPTED.");
            return 0;
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
