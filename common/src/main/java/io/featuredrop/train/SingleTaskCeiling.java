package io.featuredrop.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.data.Datasets;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.RunConfig;
import io.featuredrop.wire.JsonEvents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The single-task ceiling of a multi-task run: the same sizes, seed and probe, but expert views on
 * the photos alone (the dataset's base, e.g. {@code fashion-mnist} for {@code fashion-mnist+mnist}),
 * trained in this process. It bounds what the photo task can reach when no pasted feature competes,
 * so suppression shows as the distance below it.
 */
public final class SingleTaskCeiling {

    private SingleTaskCeiling() {
    }

    /** The photos-only dataset under {@code dataset} ("fashion-mnist+mnist" gives "fashion-mnist"). */
    public static String photosOf(String dataset) {
        int plus = dataset.indexOf('+');
        return plus < 0 ? dataset : dataset.substring(0, plus);
    }

    /** The config of the ceiling run for {@code multiTask}: expert mode on its photos, everything else kept. */
    public static RunConfig configFor(RunConfig multiTask) {
        ObjectNode node = JsonEvents.mapper().valueToTree(multiTask);
        node.put("runId", multiTask.runId() + "-ceiling").put("dataset", photosOf(multiTask.dataset()))
                .put("mode", AugmentationMode.EXPERT.wireName());
        ConfigCheck check = RunConfigValidator.check(node);
        if (!check.valid()) {
            throw new IllegalArgumentException("no single-task ceiling for " + multiTask.runId() + ": " + check.summary());
        }
        return check.config();
    }

    /** Trains the ceiling run in a scratch folder (deleted afterwards) and returns its final accuracy per task. */
    public static Map<String, Double> measure(RunConfig multiTask) throws IOException {
        RunConfig config = configFor(multiTask);
        Path scratch = Files.createTempDirectory("featuredrop-ceiling-");
        try {
            LocalExperiment.Result r = LocalExperiment.run(config, Datasets.open(config.dataset()),
                    new LocalExperiment.Options(scratch, Integer.MAX_VALUE, false, false), line -> { });
            if (r.failed()) {
                throw new IOException("ceiling run " + config.runId() + " failed: " + r.failure());
            }
            Map<String, Double> out = new LinkedHashMap<>();
            r.last().tasks().forEach(t -> out.put(t.task(), t.accuracy()));
            return out;
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
