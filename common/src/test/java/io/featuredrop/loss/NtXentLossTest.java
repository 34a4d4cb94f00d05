package io.featuredrop.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** NT-Xent value and gradient against an independent double-precision computation written here. */
@Tag("fast")
class NtXentLossTest {

    private static final int N = 4;
    private static final int D = 3;
    private static final double T = 0.5;

    @ParameterizedTest
    @EnumSource(NtXentForm.class)
    void valueAndGradientMatchAnIndependentComputation(NtXentForm form) {
        Random random = new Random(3);
        double[] z = new double[2 * N * D];
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextGaussian();
        }
        double expected = reference(z, form);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] zf = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                zf[i] = (float) z[i];
            }
            NDArray z1 = m.create(java.util.Arrays.copyOfRange(zf, 0, N * D), new Shape(N, D));
            NDArray z2 = m.create(java.util.Arrays.copyOfRange(zf, N * D, 2 * N * D), new Shape(N, D));
            z1.setRequiresGradient(true);
            z2.setRequiresGradient(true);
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new NtXentLoss(T, form).compute(z1, z2);
                value = loss.getFloat();
                gc.backward(loss);
            }
            assertEquals(expected, value, 1e-5, "loss value");
            float[] g1 = z1.getGradient().toFloatArray();
            float[] g2 = z2.getGradient().toFloatArray();
            double h = 1e-6;
            for (int i = 0; i < z.length; i++) {
                double[] plus = z.clone();
                double[] minus = z.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (reference(plus, form) - reference(minus, form)) / (2 * h);
                float analytic = i < N * D ? g1[i] : g2[i - N * D];
                assertEquals(numeric, analytic, 1e-4, "d loss / d z[" + i + "]");
            }
        }
    }

    /** Straight from the definitions, in double precision, with no shared code. */
    static double reference(double[] z, NtXentForm form) {
        double[][] u = new double[2 * N][D];
        for (int i = 0; i < 2 * N; i++) {
            double norm = 0;
            for (int d = 0; d < D; d++) {
                norm += z[i * D + d] * z[i * D + d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < D; d++) {
                u[i][d] = z[i * D + d] / norm;
            }
        }
        int anchors = form == NtXentForm.PAPER ? N : 2 * N;
        double total = 0;
        for (int i = 0; i < anchors; i++) {
            int positive = (i + N) % (2 * N);
            double denominator = 0;
            for (int j = 0; j < 2 * N; j++) {
                if (form == NtXentForm.SYMMETRIC && j == i) {
                    continue;
                }
                denominator += Math.exp(dot(u[i], u[j]) / T);
            }
            total += -(dot(u[i], u[positive]) / T - Math.log(denominator));
        }
        double loss = total / anchors;
        return form == NtXentForm.PAPER ? loss - Math.log(2.0 * N) : loss;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
