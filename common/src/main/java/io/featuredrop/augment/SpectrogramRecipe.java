package io.featuredrop.augment;

/**
 * Expert views for log-mel spectrograms, the audio baseline of the Viewmaker paper (after
 * SpecAugment): a random crop in time stretched back to full length, up to {@code timeMasks} time
 * masks of at most {@code maxTimeMask} frames and {@code frequencyMasks} frequency masks of at most
 * {@code maxFrequencyMask} bands (set to silence), and added Gaussian noise of standard deviation
 * up to {@code noiseStd}, each with its probability.
 */
public record SpectrogramRecipe(double cropProbability, double cropFractionMin, int timeMasks, int maxTimeMask,
                                int frequencyMasks, int maxFrequencyMask, double noiseProbability, double noiseStd) {

    public static SpectrogramRecipe viewmakerPaper() {
        return new SpectrogramRecipe(0.8, 0.6, 2, 10, 2, 8, 0.5, 0.05);
    }
}
