package io.featuredrop.train;

import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.probe.ProbeReport;
import io.featuredrop.probe.ProbeSuite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A whole experiment in one process ({@code featuredrop train-local}): probes the randomly
 * initialised encoder (the floor), trains for the configured steps with progress lines and
 * checkpoints (resuming from the newest one in the output folder), then probes the final encoder
 * on every task, with the label-destruction diagnostic of the run's views.
 */
public final class LocalExperiment {

    /** How the experiment reports and where it writes. */
    public record Options(Path outDir, int logEvery, boolean probeInitial, boolean resume) {
    }

    /** What came out. {@code failure} is null unless a step's loss or a gradient was not finite. */
    public record Result(RunConfig config, List<Float> losses, long firstStep, ProbeReport initial, ProbeReport last,
                         double stepsPerSecond, List<TrainingCheckpoint.Written> checkpoints, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private LocalExperiment() {
    }

    public static Result run(RunConfig config, MultiTaskDataset dataset, Options options, Consumer<String> log) throws IOException {
        ProbeSettings probe = config.probe() == null ? ProbeSettings.defaults() : config.probe();
        List<Float> losses = new ArrayList<>();
        List<TrainingCheckpoint.Written> checkpoints = new ArrayList<>();
        Path checkpointDir = options.outDir().resolve("checkpoints");
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(config, dataset)) {
            ProbeReport initial = null;
            if (options.probeInitial()) {
                log.accept("probing the randomly initialised encoder (the floor) ...");
                initial = probe(trainer, probe);
            }
            if (options.resume()) {
                Optional<Path> latest = latestCheckpoint(checkpointDir, config.runId());
                if (latest.isPresent()) {
                    long step = TrainingCheckpoint.restore(trainer, latest.get());
                    log.accept("resumed from " + latest.get().getFileName() + " at step " + step);
                }
            }
            long firstStep = trainer.nextStep();
            long t0 = System.nanoTime();
            long windowStart = t0;
            long windowFirst = firstStep;
            while (trainer.nextStep() < config.steps()) {
                LocalSimclrTrainer.StepResult r = trainer.step();
                if (r.failed()) {
                    String why = "step " + r.step() + ": " + r.failure() + "; stopped, last good checkpoint kept";
                    return new Result(config, losses, firstStep, initial, null, 0, checkpoints, why);
                }
                losses.add(r.loss());
                long done = trainer.nextStep();
                if (done % config.checkpointEvery() == 0 || done == config.steps()) {
                    checkpoints.add(TrainingCheckpoint.write(trainer, checkpointDir));
                }
                if (done % options.logEvery() == 0 || done == config.steps()) {
                    long now = System.nanoTime();
                    double rate = (done - windowFirst) / ((now - windowStart) / 1e9);
                    double eta = (config.steps() - done) / Math.max(rate, 1e-9);
                    log.accept(String.format("%s step %d/%d  loss %.4f  %.2f steps/s  eta %.0f s",
                            config.runId(), done, config.steps(), mean(losses, options.logEvery()), rate, eta));
                    windowStart = now;
                    windowFirst = done;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = seconds > 0 ? (trainer.nextStep() - firstStep) / seconds : 0;
            log.accept("probing the trained encoder on every task ...");
            ProbeReport last = probe(trainer, probe);
            return new Result(config, losses, firstStep, initial, last, rate, checkpoints, null);
        }
    }

    /**
     * The floor: the run's randomly initialised encoder (same seed, same weights as every run of that
     * seed at step 0) probed with the run's probe settings on clean images.
     */
    public static ProbeReport probeRandomEncoder(RunConfig config, MultiTaskDataset dataset) {
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(config, dataset)) {
            ProbeSettings settings = config.probe() == null ? ProbeSettings.defaults() : config.probe();
            return ProbeSuite.evaluate(trainer.encoderTrainer().encoder(), trainer.dataset(), settings, config.seed(), null, trainer.manager());
        }
    }

    static ProbeReport probe(LocalSimclrTrainer trainer, ProbeSettings settings) {
        ViewRenderer views = ViewRenderer.of(trainer.config().mode(), trainer.expert(), trainer.generatorTrainer(), trainer.manager());
        return ProbeSuite.evaluate(trainer.encoderTrainer().encoder(), trainer.dataset(), settings, trainer.config().seed(), views, trainer.manager());
    }

    static Optional<Path> latestCheckpoint(Path dir, String runId) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(runId + "-step-") && p.toString().endsWith(".safetensors"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    private static double mean(List<Float> values, int last) {
        int from = Math.max(0, values.size() - last);
        double s = 0;
        for (int i = from; i < values.size(); i++) {
            s += values.get(i);
        }
        return values.size() == from ? Double.NaN : s / (values.size() - from);
    }
}
