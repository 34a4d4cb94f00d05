package io.featuredrop.data;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Items of one batch: images N x C x H x W (floats in [0, 1]) and labels[task][item].
 *
 * @param indices dataset indices of the items
 */
public record ItemBatch(int count, int channels, int height, int width, float[] images, int[][] labels, int[] indices) {

    /** Loads {@code indices} of {@code split}; item {@code i} draws its overlay from {@code randoms.apply(i)}. */
    public static ItemBatch load(MultiTaskDataset dataset, Split split, int[] indices, IntFunction<SplittableRandom> randoms) {
        DatasetInfo info = dataset.info();
        int n = indices.length;
        int size = dataset.imageSize();
        float[] images = new float[n * size];
        int[][] labels = new int[info.tasks().size()][n];
        for (int i = 0; i < n; i++) {
            int[] itemLabels = dataset.item(split, indices[i], randoms.apply(i), images, i * size);
            for (int t = 0; t < itemLabels.length; t++) {
                labels[t][i] = itemLabels[t];
            }
        }
        return new ItemBatch(n, info.channels(), info.height(), info.width(), images, labels, indices.clone());
    }

    /** Training batch of step {@code step}, exactly as every service computes it. */
    public static ItemBatch trainingStep(MultiTaskDataset dataset, BatchSampler sampler, long step) {
        return load(dataset, Split.TRAIN, sampler.indices(step), slot -> sampler.itemRandom(step, slot));
    }

    public int imageSize() {
        return channels * height * width;
    }
}
