package io.featuredrop.cli;

import io.featuredrop.events.RunConfig;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.probe.ProbeReport;
import io.featuredrop.report.AccuracyTable;
import io.featuredrop.report.LossCurve;
import io.featuredrop.train.LocalExperiment;
import io.featuredrop.wire.JsonEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train-local", mixinStandardHelpOptions = true,
        description = "Run a whole experiment in this JVM (no Kafka): probe the random encoder, train, checkpoint, probe every task. "
                + "Writes loss.csv, loss.png, results.json and checkpoints/ to the output folder; resumes from its newest checkpoint.")
final class TrainLocalCommand implements Callable<Integer> {

    @Mixin
    RunConfigFile runConfig;

    @Option(names = "--out", description = "output folder (default reports/<runId>)")
    Path out;

    @Option(names = "--log-every", defaultValue = "20", description = "steps between progress lines (default ${DEFAULT-VALUE})")
    int logEvery;

    @Option(names = "--no-floor", description = "skip probing the randomly initialised encoder")
    boolean noFloor;

    @Option(names = "--fresh", description = "ignore checkpoints already in the output folder")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        RunConfig run = runConfig.validOrNull();
        if (run == null) {
            return 2;
        }
        MultiTaskDataset dataset = Datasets.open(run.dataset());
        Path dir = out != null ? out : Path.of("reports", run.runId());
        LocalExperiment.Result r = LocalExperiment.run(run, dataset,
                new LocalExperiment.Options(dir, Math.max(1, logEvery), !noFloor, !fresh), System.out::println);
        LossCurve.writeCsv(r.losses(), r.firstStep(), dir.resolve("loss.csv"));
        LossCurve.writePng(r.config().runId() + " (" + r.config().mode().wireName() + ")", r.losses(), r.firstStep(), dir.resolve("loss.png"));
        Files.writeString(dir.resolve("results.json"), JsonEvents.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
        if (r.failed()) {
            System.err.println("FAILED: " + r.failure());
            return 1;
        }
        Map<String, ProbeReport> rows = new LinkedHashMap<>();
        if (r.initial() != null) {
            rows.put("random init", r.initial());
        }
        rows.put(r.config().mode().wireName() + " @" + r.config().steps(), r.last());
        System.out.printf("%.2f steps/s; probes: %s features, %s, %d train / %d test images, %d epochs%n",
                r.stepsPerSecond(), r.last().features(), r.last().trainedOn(), r.last().trainSize(), r.last().testSize(), r.last().epochs());
        System.out.print(AccuracyTable.render(rows));
        System.out.println("wrote " + dir);
        return 0;
    }
}
