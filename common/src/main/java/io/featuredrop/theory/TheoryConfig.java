package io.featuredrop.theory;

/**
 * The linear contrastive setting (docs/THEORY.md): inputs x = [a * s1 ; b * s2 ; noise * xi] with
 * latent groups s1 (d1 dims, task 1), s2 (d2 dims, task 2) and isotropic noise (dn dims), all
 * standard normal; a linear encoder z = W x with {@code width} outputs, W drawn N(0, initScale^2 / D);
 * full-batch-free SGD on fresh batches of {@code batch} pairs with the NT-Xent loss of the rest of the
 * system (paper form, {@code temperature}).
 */
public record TheoryConfig(int d1, int d2, int dn, double a, double b, double noise, int width, int batch, double temperature,
                           double learningRate, int steps, int logEvery, double initScale, int classes, long seed) {

    public TheoryConfig {
        if (d1 < 1 || d2 < 1 || dn < 0 || width < 1 || batch < 2 || steps < 1 || logEvery < 1 || classes < 2) {
            throw new IllegalArgumentException("dimensions, width, batch (>= 2), steps, logEvery and classes (>= 2) must be positive");
        }
        if (!(a > 0) || !(b > 0) || !(noise >= 0) || !(temperature > 0) || !(learningRate > 0) || !(initScale > 0)) {
            throw new IllegalArgumentException("a, b, temperature, learningRate and initScale must be > 0, noise >= 0");
        }
    }

    /** The default regime: group 1 twice as strong and able to fill the encoder on its own (width = d1 < d1 + d2). */
    public static TheoryConfig defaults() {
        return new TheoryConfig(8, 8, 8, 2.0, 1.0, 0.3, 8, 64, 0.5, 0.05, 1500, 50, 0.1, 4, 0);
    }

    public int inputDim() {
        return d1 + d2 + dn;
    }

    public TheoryConfig withSeed(long s) {
        return new TheoryConfig(d1, d2, dn, a, b, noise, width, batch, temperature, learningRate, steps, logEvery, initScale, classes, s);
    }

    public TheoryConfig withStrengths(double newA, double newB) {
        return new TheoryConfig(d1, d2, dn, newA, newB, noise, width, batch, temperature, learningRate, steps, logEvery, initScale, classes, seed);
    }

    public TheoryConfig withWidth(int w) {
        return new TheoryConfig(d1, d2, dn, a, b, noise, w, batch, temperature, learningRate, steps, logEvery, initScale, classes, seed);
    }

    public TheoryConfig withSteps(int s) {
        return new TheoryConfig(d1, d2, dn, a, b, noise, width, batch, temperature, learningRate, s, logEvery, initScale, classes, seed);
    }
}
