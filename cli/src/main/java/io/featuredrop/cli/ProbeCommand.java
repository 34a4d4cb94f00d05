package io.featuredrop.cli;

import ai.djl.ndarray.NDManager;
import io.featuredrop.augment.ExpertViews;
import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.EncoderSnapshot;
import io.featuredrop.checkpoint.GeneratorSnapshot;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.probe.ProbeReport;
import io.featuredrop.probe.ProbeSuite;
import io.featuredrop.train.GeneratorTrainer;
import io.featuredrop.train.ViewRenderer;
import io.featuredrop.wire.JsonEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Probe a train-local checkpoint (it holds the encoder and, in Viewmaker modes, the generator) under a named protocol: "
                + "clean (the probe fits clean training images) or paper (it fits the run's own views, pre-pool features, 100 epochs); "
                + "test images are clean either way. Prints accuracy and kept per task; --json writes them.")
final class ProbeCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "a train-local checkpoint file (DIR/checkpoints/<run>-step-N.safetensors)")
    Path checkpoint;

    @Option(names = "--protocol", defaultValue = "paper", description = "clean or paper (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--features", description = "pooled or prepool (default: the protocol's, prepool)")
    String features;

    @Option(names = "--probe-train", description = "training images of the probe (default: the protocol's, capped by the dataset)")
    Integer trainSize;

    @Option(names = "--probe-test", description = "test images (default: the protocol's, capped by the dataset)")
    Integer testSize;

    @Option(names = "--probe-epochs", description = "epochs (default: the protocol's)")
    Integer epochs;

    @Option(names = "--json", description = "write the results as JSON to this file")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!List.of(ProbeSettings.CLEAN, ProbeSettings.PAPER).contains(protocol)) {
            System.err.println("featuredrop probe: --protocol must be clean or paper, was " + protocol);
            return 2;
        }
        if (features != null && !List.of(ProbeSettings.POOLED, ProbeSettings.PREPOOL).contains(features)) {
            System.err.println("featuredrop probe: --features must be pooled or prepool, was " + features);
            return 2;
        }
        if (!Files.isRegularFile(checkpoint)) {
            System.err.println("featuredrop probe: no checkpoint file " + checkpoint);
            return 2;
        }
        byte[] bytes = Files.readAllBytes(checkpoint);
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderSnapshot.Loaded loaded = EncoderSnapshot.load(bytes, manager);
            RunConfig config = loaded.config();
            MultiTaskDataset dataset = Datasets.open(config.dataset());
            GeneratorTrainer generator = null;
            if (config.mode().usesViewmaker()) {
                generator = GeneratorTrainer.forRun(config, dataset.info(), manager);
                GeneratorSnapshot.restore(bytes, generator);
            }
            ViewRenderer views = ViewRenderer.of(config.mode(), ExpertViews.forDataset(dataset.info()), generator, manager);
            ProbeSettings d = ProbeSettings.defaults(protocol);
            ProbeSettings settings = new ProbeSettings(protocol, features != null ? features : d.features(), d.trainOn(),
                    Math.min(trainSize != null ? trainSize : d.trainSize(), dataset.info().trainSize()),
                    Math.min(testSize != null ? testSize : d.testSize(), dataset.info().testSize()), epochs != null ? epochs : d.epochs(),
                    d.learningRate());
            ProbeReport report = ProbeSuite.evaluate(loaded.encoder(), dataset, settings, config.seed(), views, manager);
            System.out.printf("%s step %d (%s, seed %d), protocol %s: %s features, probe fitted on %s images, %d train / %d test, %d epochs, %.1f s%n",
                    config.runId(), loaded.step(), config.mode().wireName(), config.seed(), protocol, report.features(), report.trainedOn(),
                    report.trainSize(), report.testSize(), report.epochs(), report.seconds());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("runId", config.runId());
            out.put("step", loaded.step());
            out.put("mode", config.mode().wireName());
            out.put("seed", config.seed());
            out.put("probe", settings);
            Map<String, Map<String, Double>> tasks = new LinkedHashMap<>();
            report.tasks().forEach(t -> {
                System.out.printf("  %-12s accuracy %.4f  kept %.4f%n", t.task(), t.accuracy(), t.labelRetention());
                tasks.put(t.task(), Map.of("accuracy", t.accuracy(), "kept", t.labelRetention()));
            });
            out.put("tasks", tasks);
            if (json != null) {
                Files.write(json, JsonEvents.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
            }
            return 0;
        } catch (CheckpointRejected e) {
            System.err.println("featuredrop probe: " + e.getMessage());
            return 2;
        }
    }
}
