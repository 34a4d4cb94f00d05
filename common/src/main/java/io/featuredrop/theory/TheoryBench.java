package io.featuredrop.theory;

import java.util.SplittableRandom;

/**
 * Loss-and-gradient evaluations per second at the theory's sizes: plain Java arrays
 * ({@link NtXentLinear}) against DJL autograd on the PyTorch engine ({@link DjlNtXentLinear}),
 * same inputs, measured back to back in one process.
 */
public final class TheoryBench {

    /** Evaluations per second of each implementation. */
    public record Rates(double plainJava, double djl) {
        public double ratio() {
            return plainJava / djl;
        }
    }

    private TheoryBench() {
    }

    public static Rates measure(TheoryConfig c, int evaluations) {
        SplittableRandom r = new SplittableRandom(c.seed());
        double[][] w = matrix(r, c.width(), c.inputDim());
        double[][] v1 = matrix(r, c.batch(), c.inputDim());
        double[][] v2 = matrix(r, c.batch(), c.inputDim());
        for (int i = 0; i < Math.max(5, evaluations / 10); i++) { // warm-up (JIT, engine start)
            NtXentLinear.evaluate(w, v1, v2, c.temperature());
            DjlNtXentLinear.evaluate(w, v1, v2, c.temperature());
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < evaluations; i++) {
            NtXentLinear.evaluate(w, v1, v2, c.temperature());
        }
        double plain = evaluations / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        for (int i = 0; i < evaluations; i++) {
            DjlNtXentLinear.evaluate(w, v1, v2, c.temperature());
        }
        double djl = evaluations / ((System.nanoTime() - t0) / 1e9);
        return new Rates(plain, djl);
    }

    private static double[][] matrix(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return m;
    }
}
