package io.featuredrop.data;

import java.util.SplittableRandom;

/**
 * The base photos alone, one task (their class), nothing pasted: the single-task ceiling of the
 * multi-task sets (what expert views reach on the photo task when no second feature competes).
 */
public final class PhotoDataset implements MultiTaskDataset {

    private final DatasetInfo info;
    private final ImageSet train;
    private final ImageSet test;

    public PhotoDataset(DatasetInfo info, ImageSet train, ImageSet test) {
        if (info.tasks().size() != 1) {
            throw new IllegalArgumentException(info.name() + ": photos alone have one task, the registry gives " + info.tasks().size());
        }
        OverlayDataset.requireShape(info, train, test);
        this.info = info;
        this.train = train;
        this.test = test;
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public int size(Split split) {
        return base(split).count();
    }

    @Override
    public int[] item(Split split, int index, SplittableRandom random, float[] image, int offset) {
        return new int[] {OverlayDataset.copyPhoto(info, base(split), index, split, image, offset)};
    }

    private ImageSet base(Split split) {
        return split == Split.TRAIN ? train : test;
    }
}
