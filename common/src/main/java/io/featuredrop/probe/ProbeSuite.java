package io.featuredrop.probe;

import ai.djl.ndarray.NDManager;
import io.featuredrop.data.BatchSampler;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.ItemBatch;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.model.ResNetEncoder;
import io.featuredrop.train.ViewRenderer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Linear probes for every task of a dataset on one frozen encoder: features are extracted once
 * (clean training images, or views when the settings say so; clean test images), one probe per
 * task is fitted, and, given the run's views, each probe is also applied to views of the test
 * images (label destruction). Which items and overlays are used is a function of the seed only, so
 * every checkpoint of a run is scored on the same images.
 */
public final class ProbeSuite {

    private ProbeSuite() {
    }

    public static ProbeReport evaluate(ResNetEncoder encoder, MultiTaskDataset dataset, ProbeSettings settings, long seed,
                                       ViewRenderer views, NDManager manager) {
        return evaluate(new TorchFeatureExtractor(encoder, manager), dataset, settings, seed, views, manager);
    }

    /** As above with features from {@code extractor} (PyTorch, or the encoder's ONNX export on ONNX Runtime). */
    public static ProbeReport evaluate(FeatureExtractor extractor, MultiTaskDataset dataset, ProbeSettings settings, long seed,
                                       ViewRenderer views, NDManager manager) {
        long t0 = System.nanoTime();
        DatasetInfo info = dataset.info();
        boolean pooled = ProbeSettings.POOLED.equals(settings.features());
        ItemBatch train = items(dataset, Split.TRAIN, Math.min(settings.trainSize(), dataset.size(Split.TRAIN)), seed);
        ItemBatch test = items(dataset, Split.TEST, Math.min(settings.testSize(), dataset.size(Split.TEST)), seed);
        float[] trainImages = train.images();
        boolean onViews = ProbeSettings.VIEWS.equals(settings.trainOn());
        if (onViews) {
            if (views == null) {
                throw new IllegalArgumentException("probe.trainOn=views needs the run's views");
            }
            trainImages = views.render(trainImages, train.count(), train.channels(), train.height(), train.width(), BatchSampler.mix(seed, 11));
        }
        Features trainF = extractor.extract(trainImages, train.count(), train.channels(), train.height(), train.width(), pooled);
        Features testF = extractor.extract(test.images(), test.count(), test.channels(), test.height(), test.width(), pooled);
        Features viewF = null;
        if (views != null) {
            float[] testViews = views.render(test.images(), test.count(), test.channels(), test.height(), test.width(), BatchSampler.mix(seed, 13));
            viewF = extractor.extract(testViews, test.count(), test.channels(), test.height(), test.width(), pooled);
        }
        List<TaskAccuracy> out = new ArrayList<>();
        for (int t = 0; t < info.tasks().size(); t++) {
            int classes = info.tasks().get(t).numClasses();
            try (LinearProbe probe = LinearProbe.fit(manager, trainF, train.labels()[t], classes, settings, BatchSampler.mix(seed, t))) {
                double acc = probe.accuracy(testF, test.labels()[t]);
                double retention = viewF == null ? Double.NaN : probe.accuracy(viewF, test.labels()[t]);
                out.add(new TaskAccuracy(info.tasks().get(t).name(), classes, acc, retention, 1.0 / classes));
            }
        }
        return new ProbeReport(out, pooled ? ProbeSettings.POOLED : ProbeSettings.PREPOOL, onViews ? ProbeSettings.VIEWS : ProbeSettings.CLEAN,
                LinearProbe.SOLVER, train.count(), test.count(), settings.epochs(), (System.nanoTime() - t0) / 1e9);
    }

    /** The first {@code n} items of a split with overlays drawn from a seed-derived source per item. */
    public static ItemBatch items(MultiTaskDataset dataset, Split split, int n, long seed) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        long salt = BatchSampler.mix(seed, split.ordinal() + 101);
        return ItemBatch.load(dataset, split, indices, i -> new SplittableRandom(BatchSampler.mix(salt, i)));
    }
}
