package io.featuredrop.data;

import java.util.SplittableRandom;

/**
 * A dataset whose every item carries one label per downstream task. The added feature (digit,
 * shape, letter) is drawn from the random source passed in, so the same (split, index, random
 * source) always gives the same item and a fresh source gives a fresh overlay, as in the paper.
 */
public interface MultiTaskDataset {

    DatasetInfo info();

    int size(Split split);

    /**
     * Writes item {@code index} of {@code split} into {@code image} at {@code offset} (C*H*W floats in
     * [0, 1], channel planes one after another) and returns its labels, one per task in the order of
     * {@link DatasetInfo#tasks()}.
     */
    int[] item(Split split, int index, SplittableRandom random, float[] image, int offset);

    /** Values per image: channels * height * width. */
    default int imageSize() {
        DatasetInfo info = info();
        return info.channels() * info.height() * info.width();
    }
}
