package io.featuredrop.probe;

import ai.djl.ndarray.NDManager;
import io.featuredrop.data.BatchSampler;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.ItemBatch;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;
import io.featuredrop.events.ProbeSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw-pixel control: the same linear probe as {@link ProbeSuite} (same training and test items,
 * same overlays for a seed, same {@link LinearProbe} and settings), fitted on the pixels themselves
 * with no encoder. An encoder whose probe does not beat this row has learned nothing a linear
 * read-out of the image could not already find. Always fitted on clean images, also under the paper's
 * protocol (probe trained on the run's views): a control has no run, so no views; its report says
 * {@code trainedOn = clean}.
 */
public final class RawPixelProbe {

    /** The features name this control reports, beside {@link ProbeSettings#POOLED} and {@link ProbeSettings#PREPOOL}. */
    public static final String RAW_PIXELS = "raw-pixels";

    private RawPixelProbe() {
    }

    public static ProbeReport evaluate(MultiTaskDataset dataset, ProbeSettings settings, long seed, NDManager manager) {
        long t0 = System.nanoTime();
        DatasetInfo info = dataset.info();
        ItemBatch train = ProbeSuite.items(dataset, Split.TRAIN, Math.min(settings.trainSize(), dataset.size(Split.TRAIN)), seed);
        ItemBatch test = ProbeSuite.items(dataset, Split.TEST, Math.min(settings.testSize(), dataset.size(Split.TEST)), seed);
        Features trainF = pixels(train);
        Features testF = pixels(test);
        List<TaskAccuracy> out = new ArrayList<>();
        for (int t = 0; t < info.tasks().size(); t++) {
            int classes = info.tasks().get(t).numClasses();
            // the same probe seed per task as ProbeSuite, so the control differs from an encoder's row only in its features
            try (LinearProbe probe = LinearProbe.fit(manager, trainF, train.labels()[t], classes, settings, BatchSampler.mix(seed, t))) {
                out.add(new TaskAccuracy(info.tasks().get(t).name(), classes, probe.accuracy(testF, test.labels()[t]), Double.NaN, 1.0 / classes));
            }
        }
        return new ProbeReport(out, RAW_PIXELS, ProbeSettings.CLEAN, LinearProbe.SOLVER, train.count(), test.count(), settings.epochs(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Each image's C*H*W values as its feature vector (LinearProbe standardises them per pixel). */
    static Features pixels(ItemBatch items) {
        return new Features(items.count(), items.imageSize(), items.images());
    }
}
