package io.featuredrop.augment;

/**
 * The SimCLR expert recipe (the paper's image baseline): random resized crop, horizontal flip,
 * colour jitter with probability, grayscale with probability, Gaussian blur with probability.
 * On 1-channel images saturation, hue and grayscale have no meaning and are skipped, leaving
 * brightness and contrast.
 */
public record ExpertRecipe(double cropScaleMin, double cropScaleMax, double flipProbability,
                           double jitterProbability, double brightness, double contrast, double saturation, double hue,
                           double grayscaleProbability, double blurProbability, double blurSigmaMin, double blurSigmaMax) {

    public static ExpertRecipe simclr() {
        return new ExpertRecipe(0.2, 1.0, 0.5, 0.8, 0.4, 0.4, 0.4, 0.1, 0.2, 0.5, 0.1, 2.0);
    }
}
