package io.featuredrop.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.TaskInfo;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.probe.ProbeReport;
import io.featuredrop.probe.ProbeSuite;
import io.featuredrop.wire.JsonEvents;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-task ceiling of a multi-task run: the same sizes, seed and probe, but expert views
 * trained on the photos alone (the dataset's base, e.g. {@code fashion-mnist} for
 * {@code fashion-mnist+mnist}), in this process. Its encoder is then probed on the multi-task
 * dataset's own images, as the runs are, so the photo task's distance below it is what training
 * beside the pasted feature costs, not the pasted pixels covering the test photos.
 */
public final class SingleTaskCeiling {

    /** Longest run id the suffix is added to: the validator allows 128 characters. */
    private static final int ID_ROOM = 128 - "-ceiling".length();

    private SingleTaskCeiling() {
    }

    /** The photos-only dataset under {@code dataset} ("fashion-mnist+mnist" gives "fashion-mnist"). */
    public static String photosOf(String dataset) {
        int plus = dataset.indexOf('+');
        return plus < 0 ? dataset : dataset.substring(0, plus);
    }

    /** The config of the ceiling run for {@code multiTask}: expert mode on its photos, everything else kept. */
    public static RunConfig configFor(RunConfig multiTask) {
        String id = multiTask.runId().length() > ID_ROOM ? multiTask.runId().substring(0, ID_ROOM) : multiTask.runId();
        ObjectNode node = JsonEvents.mapper().valueToTree(multiTask);
        node.put("runId", id + "-ceiling").put("dataset", photosOf(multiTask.dataset())).put("mode", AugmentationMode.EXPERT.wireName());
        ConfigCheck check = RunConfigValidator.check(node);
        if (!check.valid()) {
            throw new IllegalArgumentException("no single-task ceiling for " + multiTask.runId() + ": " + check.summary());
        }
        return check.config();
    }

    /**
     * Trains the ceiling run and returns its accuracy on the photo task(s), probed on the multi-task
     * dataset's images with the run's probe settings.
     */
    public static Map<String, Double> measure(RunConfig multiTask) throws IOException {
        RunConfig config = configFor(multiTask);
        MultiTaskDataset photos = Datasets.open(config.dataset());
        MultiTaskDataset scoredOn = Datasets.open(multiTask.dataset());
        List<String> photoTasks = photos.info().tasks().stream().map(TaskInfo::name).toList();
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(config, photos)) {
            while (trainer.nextStep() < config.steps()) {
                LocalSimclrTrainer.StepResult r = trainer.step();
                if (r.failure() != null) {
                    throw new IOException("ceiling run " + config.runId() + " step " + r.step() + ": " + r.failure());
                }
            }
            ProbeSettings settings = config.probe() == null ? ProbeSettings.defaults() : config.probe();
            ProbeReport report = ProbeSuite.evaluate(trainer.encoderTrainer().encoder(), scoredOn, settings, config.seed(), null, trainer.manager());
            Map<String, Double> out = new LinkedHashMap<>();
            report.tasks().stream().filter(t -> photoTasks.contains(t.task())).forEach(t -> out.put(t.task(), t.accuracy()));
            return out;
        }
    }
}
