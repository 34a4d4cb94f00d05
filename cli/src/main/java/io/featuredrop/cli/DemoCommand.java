package io.featuredrop.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.report.ControlRow;
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
import java.util.Map;
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
        description = "Start the broker and the three services, publish one run per augmentation mode on a multi-task dataset "
                + "(fashion-mnist+mnist unless --dataset), report, stop everything.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    LocalOptions local = new LocalOptions();

    /** The sizes of a demo run; {@link #QUICK} is the default, {@link #FULL} is {@code --full}. */
    record Size(int steps, int encoderWidth, int generatorWidth, int generatorBlocks, int batchSize, int checkpointEvery,
                String probeFeatures, int probeTrain, int probeTest, int probeEpochs) {
        // issue 15: the networks of the PyTorch reference the issue measured (generator 16/32/64 with 3
        // residual blocks, batch 128) at a step count that fits 15 minutes on 2 cores
        // checkpoints (and probes) at the end only: a probe beside a Viewmaker run cost ~30 s of both
        // cores, and 15 minutes has no room for the midpoint
        static final Size QUICK = new Size(300, 16, 16, 3, 128, 300, "pooled", 5000, 2000, 50);
        static final Size FULL = new Size(2000, 16, 16, 3, 128, 250, "pooled", 10000, 5000, 100);
        // issue 18: 64x64 spectrograms cost about 5x the pixels of 28x28 (a Viewmaker step at batch 128 and
        // width 16 ran at 0.1 steps/s here), so the audio demo trains narrower nets on smaller batches
        static final Size QUICK_AUDIO = new Size(150, 8, 8, 2, 64, 150, "pooled", 2160, 720, 50);
        static final Size FULL_AUDIO = new Size(1000, 16, 16, 3, 128, 250, "pooled", 2160, 720, 100);

        static Size of(io.featuredrop.data.DatasetInfo data, boolean full) {
            boolean audio = data.modality() == io.featuredrop.data.DatasetInfo.Modality.SPECTROGRAM;
            return audio ? (full ? FULL_AUDIO : QUICK_AUDIO) : full ? FULL : QUICK;
        }
    }

    /** Views batches the augmenter may send ahead in the modes that take no view gradients (none, expert). */
    static final int AHEAD_WITHOUT_GRADIENTS = 4;

    @Option(names = "--full", description = "the long version: 2,000 steps per run, probes every 250 steps on 10,000 / 5,000 images for 100 epochs (about 2 h on 2 cores)")
    boolean full;

    @Option(names = "--steps", description = "steps per run (default: 300, --full 2000; spoken-digits+noise 150, --full 1000)")
    Integer steps;

    @Option(names = "--seeds", defaultValue = "1",
            description = "seeds per mode; the table shows the mean with its 95%% interval and Viewmaker - expert matched by seed (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "0",
            description = "the first seed; e.g. --seeds 5 --first-seed 3 reports seeds 3-7 when sizes were chosen on seeds 0-2 (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--timeout", description = "give up waiting for the runs after this many seconds (default: 2 h; --full: 8 h per seed, the audio --full being the longest)")
    Integer timeoutSeconds;

    /**
     * How long to wait for the runs: the quick demo takes 15-25 min; --full on images took just over 2 h
     * per seed on 2 cores (2026-12-02: a flat 2 h wait stopped it at step 1,802 of its last run), and
     * the audio --full trains 64x64 Viewmaker steps at about 0.1 steps/s.
     */
    static int defaultTimeoutSeconds(boolean full, int seeds) {
        return full ? 8 * 3600 * Math.max(1, seeds) : 7200;
    }

    @Option(names = "--probe-train", description = "images each linear probe is fitted on (default: 5000, --full 10000)")
    Integer probeTrain;

    @Option(names = "--probe-test", description = "held-out images each probe is scored on (default: 2000, --full 5000)")
    Integer probeTest;

    @Option(names = "--probe-epochs", description = "probe optimiser epochs (default: 50, --full 100)")
    Integer probeEpochs;

    @Option(names = "--no-floor", description = "skip probing the randomly initialised encoder (the floor row; the raw-pixel row is always measured)")
    boolean noFloor;

    @Option(names = "--dataset", defaultValue = "fashion-mnist+mnist",
            description = "the multi-task dataset (default: ${DEFAULT-VALUE}; e.g. spoken-digits+noise, cifar10+mnist)")
    String dataset;

    @Option(names = "--ceiling", description = "also the single-task ceiling row: expert views on the photos alone (fashion-mnist), "
            + "same sizes and seeds, trained in this process beside the services (about 2 min per seed on 2 cores)")
    boolean ceiling;

    @Option(names = "--out", description = "report folder (default: reports/demo-<UTC time>)")
    java.nio.file.Path out;

    @Option(names = "--parallel", defaultValue = "1",
            description = "runs trained at once; later ones wait their turn (0: all at once; default ${DEFAULT-VALUE}, measured faster on 2 cores)")
    int parallel;

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
    private static ResultsBoard awaitResults(String bootstrap, List<String> runIds, int steps, int tasks, long deadline) throws InterruptedException {
        while (true) {
            ResultsBoard board = KafkaIo.readResults(bootstrap);
            boolean done = runIds.stream().allMatch(id -> board.forCheckpoint(id, steps).size() >= tasks);
            if (done || System.nanoTime() > deadline) {
                return board;
            }
            Thread.sleep(5_000);
        }
    }

    /** One progress line per run: step, loss, speed and time left. */
    private static String progress(List<RunView> runs) {
        StringBuilder sb = new StringBuilder();
        for (RunView r : runs) {
            int total = r.config().steps();
            RunStatus l = r.latest();
            long done = r.state() == RunState.COMPLETED ? total : l.step() == null ? 0 : l.step();
            String speed = l.stepsPerSecond() == null || l.stepsPerSecond() <= 0 ? "" : String.format("  %.2f steps/s  eta %3.0f s", l.stepsPerSecond(),
                    (total - done) / l.stepsPerSecond());
            String tail = r.state() == RunState.RUNNING ? speed
                    : r.state().isTerminal() && r.state() != RunState.COMPLETED && l.reason() != null ? "  " + l.reason() : "";
            sb.append(String.format("  %-22s %-9s %5s/%d%s%s%n", r.config().mode().wireName() + " s" + r.config().seed(), r.state(),
                    l.step() == null && r.state() != RunState.COMPLETED ? "-" : Long.toString(done), total,
                    l.loss() == null ? "" : String.format("  loss %7.4f", l.loss()), tail));
        }
        return sb.toString();
    }

    @Override
    public Integer call() throws Exception {
        // the control rows are probed in this JVM while the services train: a share of the cores, as
        // the evaluator gets (read when the PyTorch engine starts, i.e. at the first control)
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(LocalStack.sideThreads()));
        java.util.Optional<io.featuredrop.data.DatasetInfo> data = io.featuredrop.data.DatasetRegistry.find(dataset);
        if (data.isEmpty() || data.get().tasks().size() < 2) {
            System.err.println("--dataset must be a multi-task dataset, one of " + io.featuredrop.data.DatasetRegistry.all().stream()
                    .filter(d -> d.tasks().size() > 1).map(io.featuredrop.data.DatasetInfo::name).toList());
            return 2;
        }
        Size size = Size.of(data.get(), full);
        int runSteps = steps != null ? steps : size.steps();
        if (runSteps < 1 || seeds < 1) {
            System.err.println("--steps and --seeds must be positive");
            return 2;
        }
        if (ceiling && io.featuredrop.data.DatasetRegistry.find(io.featuredrop.train.SingleTaskCeiling.photosOf(dataset)).isEmpty()) {
            System.err.println("--ceiling needs the photos of " + dataset + " alone as a dataset; " + dataset + " has none");
            return 2;
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        java.nio.file.Path reportDir = out != null ? out : java.nio.file.Path.of("reports", "demo-" + stamp);
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
        long started = System.nanoTime();
        try {
            LocalStack stack = UpCommand.bringUp(local);
            List<String> runIds = new ArrayList<>();
            List<io.featuredrop.events.RunConfig> configs = new ArrayList<>();
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                for (AugmentationMode mode : AugmentationMode.values()) {
                    // named as a sweep cell (demo-<time>-<dataset>-<mode>-s<seed>): the dashboard then groups each
                    // demo's runs as one sweep instead of pooling them with other invocations' runs
                    String runId = io.featuredrop.config.SweepGrid.runId("demo-" + stamp, dataset, mode.wireName(), seed);
                    ObjectNode cfg = JsonEvents.mapper().createObjectNode()
                            .put("runId", runId).put("dataset", dataset).put("mode", mode.wireName())
                            .put("steps", runSteps).put("batchSize", size.batchSize()).put("encoderWidth", size.encoderWidth())
                            .put("generatorWidth", size.generatorWidth()).put("generatorBlocks", size.generatorBlocks())
                            .put("checkpointEvery", Math.min(runSteps, size.checkpointEvery())).put("seed", seed)
                            // batches ahead where no gradient comes back (exact: a batch depends only on its step);
                            // measured 2.1 -> 2.8 expert steps/s on 2 cores (docs/BENCHMARKS.md). Viewmaker modes keep 1:
                            // more would recompute views for the moved generator, slower on 2 shared cores
                            .put("maxInFlight", mode.usesViewmaker() ? 1 : AHEAD_WITHOUT_GRADIENTS);
                    cfg.putObject("probe").put("features", size.probeFeatures())
                            .put("trainSize", probeTrain != null ? probeTrain : Math.min(size.probeTrain(), data.get().trainSize()))
                            .put("testSize", probeTest != null ? probeTest : Math.min(size.probeTest(), data.get().testSize()))
                            .put("epochs", probeEpochs != null ? probeEpochs : size.probeEpochs());
                    ConfigCheck check = RunConfigValidator.check(cfg);
                    if (!check.valid()) {
                        System.err.println("demo config invalid: " + check.summary());
                        return 2;
                    }
                    runIds.add(runId);
                    configs.add(check.config());
                }
            }
            // the control rows, per seed and probed like the runs (overlapping training): each seed's encoder before any step
            // (the floor) and the raw pixels with no encoder
            List<io.featuredrop.events.RunConfig> firstOfEachSeed = configs.stream()
                    .collect(java.util.stream.Collectors.toMap(io.featuredrop.events.RunConfig::seed, c -> c, (a, b) -> a, java.util.LinkedHashMap::new))
                    .values().stream().toList();
            java.util.concurrent.CompletableFuture<List<ControlRow>> controlRows =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> controls(firstOfEachSeed, !noFloor, ceiling));
            int parallel = this.parallel > 0 ? this.parallel : runIds.size();
            System.out.printf("%d runs, %d at a time: the augmenter streams views to the trainer over fd.views (Viewmaker modes get%n",
                    runIds.size(), Math.min(parallel, runIds.size()));
            System.out.printf("their view gradients back on fd.view-gradients); checkpoints every %d steps are probed by the evaluator.%n",
                    configs.get(0).checkpointEvery());
            System.out.println("Dashboard: " + stack.baseUri(stack.services().get(2)) + "  (progress every 30 s below)");
            int waitSeconds = timeoutSeconds != null ? timeoutSeconds : defaultTimeoutSeconds(full, seeds);
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            java.util.ArrayDeque<io.featuredrop.events.RunConfig> queued = new java.util.ArrayDeque<>(configs);
            List<String> published = new ArrayList<>();
            List<RunView> mine;
            long lastPrint = 0;
            while (true) {
                RunBoard board = KafkaIo.readBoard(local.bootstrap());
                long active = published.stream().filter(id -> board.get(id).map(r -> !r.state().isTerminal()).orElse(true)).count();
                while (active < parallel && !queued.isEmpty()) {
                    io.featuredrop.events.RunConfig next = queued.poll();
                    KafkaIo.publishRun(local.bootstrap(), next);
                    published.add(next.runId());
                    active++;
                    RunStatus s = KafkaIo.awaitStatus(local.bootstrap(), next.runId(),
                            x -> x.state() == RunState.ACCEPTED || x.state() == RunState.REJECTED, Duration.ofSeconds(60));
                    if (s == null || s.state() != RunState.ACCEPTED) {
                        System.err.println(s == null ? "no decision for " + next.runId() + " within 60 s; see the augmenter log"
                                : next.runId() + " " + s.state() + ": " + s.reason());
                        return 1;
                    }
                    System.out.println("published " + next.runId() + ": ACCEPTED");
                    if (published.size() == 1) {
                        for (ServiceSpec follower : stack.services().subList(1, stack.services().size())) {
                            if (!awaitFollowed(stack, follower, next.runId(), Duration.ofSeconds(30))) {
                                System.err.println(follower.name() + " does not follow " + next.runId() + "; see " + stack.logOf(follower));
                                return 1;
                            }
                        }
                    }
                }
                RunBoard now = KafkaIo.readBoard(local.bootstrap());
                mine = published.stream().map(id -> now.get(id).orElseThrow()).toList();
                boolean finished = queued.isEmpty() && mine.stream().allMatch(r -> r.state().isTerminal());
                if (finished || System.nanoTime() > deadline) {
                    break;
                }
                if (System.nanoTime() - lastPrint > 29_000_000_000L) {
                    lastPrint = System.nanoTime();
                    System.out.printf("[%4.0f s]%s%n%s", (System.nanoTime() - started) / 1e9, queued.isEmpty() ? "" : "  queued: " + queued.size(), progress(mine));
                }
                Thread.sleep(5_000);
            }
            if (!queued.isEmpty()) {
                System.out.println("Timed out after " + waitSeconds + " s with " + queued.size() + " runs not started (--timeout).");
                return 1;
            }
            System.out.println();
            System.out.println(StatusTable.render(mine));
            System.out.println();
            boolean allDone = mine.stream().allMatch(r -> r.state() == RunState.COMPLETED);
            if (mine.stream().anyMatch(r -> !r.state().isTerminal())) {
                System.out.println("Timed out after " + waitSeconds + " s (--timeout) with runs still training: "
                        + mine.stream().filter(r -> !r.state().isTerminal()).map(RunView::runId).toList());
            }
            if (!allDone) {
                System.out.println("Not every run completed (reasons in the table; service logs in " + local.stateDir + "/logs);"
                        + " the table and report below cover the completed ones.");
            }
            List<String> completed = mine.stream().filter(r -> r.state() == RunState.COMPLETED).map(RunView::runId).toList();
            if (completed.isEmpty()) {
                return 1;
            }
            List<String> tasks = data.get().tasks().stream()
                    .map(io.featuredrop.data.TaskInfo::name).toList();
            System.out.println("All runs trained through the real broker and the three services; waiting for the evaluator to probe");
            System.out.println("their final checkpoints on every task (fd.checkpoints -> fd.eval-results) ...");
            ResultsBoard results = awaitResults(local.bootstrap(), completed, runSteps, tasks.size(), deadline);
            List<ControlRow> controls = controlRows.get();
            List<io.featuredrop.events.EvalResult> shown = completed.stream().flatMap(id -> results.run(id).stream()).toList();
            RunBoard board = KafkaIo.readBoard(local.bootstrap());
            List<RunView> runs = completed.stream().map(id -> board.get(id).orElseThrow()).toList();
            System.out.println();
            System.out.println(SummaryTable.render(io.featuredrop.report.ModeSummary.of(runs, shown), tasks, controls));
            System.out.println();
            boolean allProbed = completed.stream().allMatch(id -> results.latestStep(id) == runSteps);
            if (!allProbed) {
                System.out.println("Not every final checkpoint was probed in time (see " + stack.logOf(stack.services().get(2)) + ").");
            }
            double minutes = (System.nanoTime() - started) / 60e9;
            String note = String.format("%d runs (%s), %d steps each, batch %d, encoder width %d, generator width %d / %d blocks, %s; "
                            + "probes: %s features, %d train / %d test images, %d epochs. %s, %d cores, %.1f min wall. Made by `featuredrop demo`.",
                    runIds.size(), "none, expert, viewmaker, viewmaker+expert", runSteps, size.batchSize(), size.encoderWidth(), size.generatorWidth(),
                    size.generatorBlocks(), seeds == 1 ? "seed " + firstSeed : "seeds " + firstSeed + "-" + (firstSeed + seeds - 1),
                    configs.get(0).probe().features(), configs.get(0).probe().trainSize(), configs.get(0).probe().testSize(),
                    configs.get(0).probe().epochs(), Instant.now().toString().substring(0, 10), Runtime.getRuntime().availableProcessors(), minutes);
            java.nio.file.Path html = ReportFolder.write(local.bootstrap(), stack.baseUri(stack.services().get(2)), completed, controls,
                    "featuredrop demo " + stamp, note, reportDir);
            System.out.println("Report: " + html.toAbsolutePath() + " (results.csv, results.json, accuracy and view PNGs beside it)");
            System.out.printf("Demo took %.1f min.%n", minutes);
            return allProbed && allDone ? 0 : 1;
        } finally {
            stopAll.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down (Ctrl-C): the hook does the stopping
            }
        }
    }

    /**
     * The control rows of the seeds the runs use, each seed probed with that seed's items and probe settings, so a
     * run can be matched with its own seed's controls: the floor (when asked), the raw pixels, and the single-task ceiling (when asked). A control that
     * fails on one seed is left out whole rather than shown over fewer seeds than the runs.
     */
    private static List<ControlRow> controls(List<io.featuredrop.events.RunConfig> oneConfigPerSeed, boolean withFloor, boolean withCeiling) {
        List<ControlRow> out = new ArrayList<>();
        if (withFloor) {
            bySeed(oneConfigPerSeed, DemoCommand::floorOf).ifPresent(floor -> out.add(new ControlRow(ControlRow.FLOOR, floor)));
        }
        bySeed(oneConfigPerSeed, DemoCommand::rawPixelsOf).ifPresent(raw -> out.add(new ControlRow(ControlRow.RAW_PIXELS, raw)));
        if (withCeiling) {
            bySeed(oneConfigPerSeed, DemoCommand::ceilingOf).ifPresent(top -> out.add(new ControlRow(ControlRow.CEILING, top)));
        }
        return out;
    }

    private static Map<String, Double> ceilingOf(io.featuredrop.events.RunConfig config) {
        try {
            return io.featuredrop.train.SingleTaskCeiling.measure(config);
        } catch (Exception e) {
            System.err.println("ceiling row skipped: " + e.getMessage());
            return Map.of();
        }
    }

    /** One control's accuracies per seed; empty when it fails (an empty map) on any seed. */
    private static java.util.Optional<Map<Long, Map<String, Double>>> bySeed(List<io.featuredrop.events.RunConfig> oneConfigPerSeed,
            java.util.function.Function<io.featuredrop.events.RunConfig, Map<String, Double>> measure) {
        Map<Long, Map<String, Double>> perSeed = new java.util.LinkedHashMap<>();
        for (io.featuredrop.events.RunConfig c : oneConfigPerSeed) {
            Map<String, Double> m = measure.apply(c);
            if (m.isEmpty()) {
                return java.util.Optional.empty();
            }
            perSeed.put(c.seed(), m);
        }
        return perSeed.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(perSeed);
    }

    private static Map<String, Double> rawPixelsOf(io.featuredrop.events.RunConfig config) {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            io.featuredrop.probe.ProbeReport r = io.featuredrop.probe.RawPixelProbe.evaluate(io.featuredrop.data.Datasets.open(config.dataset()),
                    config.probe() == null ? io.featuredrop.events.ProbeSettings.defaults() : config.probe(), config.seed(), manager);
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            r.tasks().forEach(t -> out.put(t.task(), t.accuracy()));
            return out;
        } catch (Exception e) {
            System.err.println("raw-pixel row skipped: " + e.getMessage());
            return Map.of();
        }
    }

    private static Map<String, Double> floorOf(io.featuredrop.events.RunConfig config) {
        try {
            io.featuredrop.probe.ProbeReport r = io.featuredrop.train.LocalExperiment.probeRandomEncoder(config,
                    io.featuredrop.data.Datasets.open(config.dataset()));
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            r.tasks().forEach(t -> out.put(t.task(), t.accuracy()));
            return out;
        } catch (Exception e) {
            System.err.println("floor row skipped: " + e.getMessage());
            return Map.of();
        }
    }
}
