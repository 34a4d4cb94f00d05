package io.featuredrop.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.featuredrop.loss.NtXentForm;
import io.featuredrop.loss.NtXentLoss;
import io.featuredrop.model.OwnedArrays;
import io.featuredrop.train.GradMode;

/**
 * The same loss and gradient as {@link NtXentLinear}, by DJL autograd through the system's
 * {@link NtXentLoss}: an independent check of the hand-derived gradient, and the baseline that
 * shows why the theory runs on plain arrays (per-op native calls dominate at these sizes).
 */
public final class DjlNtXentLinear {

    private DjlNtXentLinear() {
    }

    public static NtXentLinear.Value evaluate(double[][] w, double[][] views1, double[][] views2, double temperature) {
        GradMode.off();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray wa = OwnedArrays.of(m, flat(w), new Shape(w.length, w[0].length));
            wa.setRequiresGradient(true);
            NDArray x1 = OwnedArrays.of(m, flat(views1), new Shape(views1.length, views1[0].length));
            NDArray x2 = OwnedArrays.of(m, flat(views2), new Shape(views2.length, views2[0].length));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new NtXentLoss(temperature, NtXentForm.PAPER).compute(x1.matMul(wa.transpose()), x2.matMul(wa.transpose()));
                double value = loss.getFloat();
                gc.backward(loss);
                float[] g = wa.getGradient().toFloatArray();
                double[][] grad = new double[w.length][w[0].length];
                for (int o = 0; o < w.length; o++) {
                    for (int j = 0; j < w[0].length; j++) {
                        grad[o][j] = g[o * w[0].length + j];
                    }
                }
                return new NtXentLinear.Value(value, grad);
            }
        }
    }

    private static float[] flat(double[][] a) {
        float[] out = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i * a[0].length + j] = (float) a[i][j];
            }
        }
        return out;
    }
}
