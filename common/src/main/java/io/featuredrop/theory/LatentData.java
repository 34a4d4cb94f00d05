package io.featuredrop.theory;

import java.util.SplittableRandom;

/**
 * Samples of the setting: latents s1, s2 ~ N(0, I), each group's class label (argmax of fixed random
 * projections: {@code classes} roughly balanced classes per group), and inputs x = [a s1; b s2; noise].
 */
public final class LatentData {

    private final TheoryConfig config;
    private final double[][][] directions; // [group][class][dim]

    public LatentData(TheoryConfig config) {
        this.config = config;
        SplittableRandom r = new SplittableRandom(config.seed() ^ 0x5EEDL);
        directions = new double[2][config.classes()][];
        for (int g = 0; g < 2; g++) {
            for (int c = 0; c < config.classes(); c++) {
                directions[g][c] = gaussian(r, g == 0 ? config.d1() : config.d2());
            }
        }
    }

    /** A held-out sample: latents, labels and clean inputs (noise drawn once). */
    public record Sample(double[][][] latents, int[][] labels, double[][] inputs) {
    }

    public Sample sample(int n, SplittableRandom r) {
        double[][][] latents = new double[2][n][];
        int[][] labels = new int[2][n];
        double[][] inputs = new double[n][];
        for (int i = 0; i < n; i++) {
            latents[0][i] = gaussian(r, config.d1());
            latents[1][i] = gaussian(r, config.d2());
            labels[0][i] = label(0, latents[0][i]);
            labels[1][i] = label(1, latents[1][i]);
            inputs[i] = input(latents[0][i], latents[1][i], r);
        }
        return new Sample(latents, labels, inputs);
    }

    public int label(int group, double[] s) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < directions[group].length; c++) {
            double score = NtXentLinear.dot(directions[group][c], s);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /** x = [a s1 ; b s2 ; noise * xi] with fresh xi. */
    public double[] input(double[] s1, double[] s2, SplittableRandom r) {
        double[] x = new double[config.inputDim()];
        for (int j = 0; j < s1.length; j++) {
            x[j] = config.a() * s1[j];
        }
        for (int j = 0; j < s2.length; j++) {
            x[config.d1() + j] = config.b() * s2[j];
        }
        for (int j = 0; j < config.dn(); j++) {
            x[config.d1() + config.d2() + j] = config.noise() * r.nextGaussian();
        }
        return x;
    }

    static double[] gaussian(SplittableRandom r, int d) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = r.nextGaussian();
        }
        return v;
    }
}
