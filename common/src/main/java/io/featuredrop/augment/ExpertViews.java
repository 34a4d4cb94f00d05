package io.featuredrop.augment;

import io.featuredrop.data.DatasetInfo;

import java.util.SplittableRandom;

/**
 * The hand-designed views of a modality, one image at a time, every random choice taken from the
 * given source (a view is a pure function of image and seed): the SimCLR recipe on photos
 * ({@link ExpertAugmentation}), SpecAugment-style masking, time crops and noise on spectrograms
 * ({@link SpectrogramAugmentation}).
 */
public interface ExpertViews {

    /** Writes a view of {@code src[srcOff..]} (C x H x W in [0, 1]) into {@code dst[dstOff..]} (may not alias). */
    void apply(float[] src, int srcOff, float[] dst, int dstOff, int channels, int height, int width, SplittableRandom random);

    /** The expert views of a dataset's modality. */
    static ExpertViews forDataset(DatasetInfo info) {
        return info.modality() == DatasetInfo.Modality.SPECTROGRAM
                ? new SpectrogramAugmentation(SpectrogramRecipe.viewmakerPaper())
                : new ExpertAugmentation(ExpertRecipe.simclr());
    }
}
