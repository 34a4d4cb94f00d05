package io.featuredrop.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of a dataset's training photos (overlays not included,
 * as the paper normalises with the photo dataset's usual constants). The encoder subtracts the
 * mean and divides by the standard deviation at its input, so views are normalised after the
 * Viewmaker and at the end of the expert recipe, as in the paper; views on the wire stay in [0, 1].
 */
public record InputStatistics(double[] mean, double[] std) {

    public InputStatistics {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, was " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    public int channels() {
        return mean.length;
    }

    /** Mean and (population) standard deviation per channel of n C x H x W images. */
    public static InputStatistics measure(float[] images, int n, int channels, int height, int width) {
        double[] mean = new double[channels];
        double[] std = new double[channels];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    double v = images[base + p];
                    sum += v;
                    sumSq += v * v;
                }
            }
            double count = (double) n * plane;
            mean[c] = sum / count;
            std[c] = Math.sqrt(Math.max(sumSq / count - mean[c] * mean[c], 0));
        }
        return new InputStatistics(mean, std);
    }
}
