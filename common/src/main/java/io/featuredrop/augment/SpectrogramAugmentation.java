package io.featuredrop.augment;

import java.util.SplittableRandom;

/**
 * {@link SpectrogramRecipe} views of C x F x T spectrogram images in [0, 1] (rows: mel bands,
 * columns: frames), plain Java. The crop keeps a random stretch of {@code cropFractionMin}..1 of
 * the frames and resamples it linearly to T frames; masks set whole columns (time) or rows
 * (frequency) to 0, the image's silence; noise is clamped back into [0, 1].
 */
public final class SpectrogramAugmentation implements ExpertViews {

    private final SpectrogramRecipe recipe;

    public SpectrogramAugmentation(SpectrogramRecipe recipe) {
        this.recipe = recipe;
    }

    public SpectrogramRecipe recipe() {
        return recipe;
    }

    @Override
    public void apply(float[] src, int srcOff, float[] dst, int dstOff, int channels, int height, int width, SplittableRandom random) {
        int plane = height * width;
        double length = width;
        double start = 0;
        if (random.nextDouble() < recipe.cropProbability()) {
            length = width * (recipe.cropFractionMin() + (1 - recipe.cropFractionMin()) * random.nextDouble());
            start = random.nextDouble() * (width - length);
        }
        double scale = length / width;
        for (int t = 0; t < width; t++) {
            double f = Math.min(Math.max(start + (t + 0.5) * scale - 0.5, 0), width - 1);
            int t0 = (int) f;
            int t1 = Math.min(t0 + 1, width - 1);
            float w = (float) (f - t0);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int row = srcOff + c * plane + y * width;
                    dst[dstOff + c * plane + y * width + t] = src[row + t0] * (1 - w) + src[row + t1] * w;
                }
            }
        }
        for (int m = 0; m < recipe.timeMasks(); m++) {
            int size = random.nextInt(recipe.maxTimeMask() + 1);
            int from = random.nextInt(width - size + 1);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int t = from; t < from + size; t++) {
                        dst[dstOff + c * plane + y * width + t] = 0f;
                    }
                }
            }
        }
        for (int m = 0; m < recipe.frequencyMasks(); m++) {
            int size = random.nextInt(recipe.maxFrequencyMask() + 1);
            int from = random.nextInt(height - size + 1);
            for (int c = 0; c < channels; c++) {
                java.util.Arrays.fill(dst, dstOff + c * plane + from * width, dstOff + c * plane + (from + size) * width, 0f);
            }
        }
        if (random.nextDouble() < recipe.noiseProbability()) {
            double std = recipe.noiseStd() * random.nextDouble();
            for (int i = 0; i < channels * plane; i++) {
                double v = dst[dstOff + i] + std * gaussian(random);
                dst[dstOff + i] = (float) Math.min(1, Math.max(0, v));
            }
        }
    }

    /** A standard normal draw (Box-Muller) from the view's own source, so views stay pure functions of the seed. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
