package io.featuredrop.probe;

import io.featuredrop.model.OwnedArrays;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.featuredrop.events.ProbeSettings;

import java.util.SplittableRandom;

/**
 * Multinomial logistic regression on standardised frozen features (the paper's linear probe): one
 * linear layer, cross-entropy, SGD with momentum 0.9 in mini-batches of 128, the learning rate cut
 * tenfold at 60% and 80% of the epochs. Standardisation statistics come from the training features.
 */
public final class LinearProbe implements AutoCloseable {

    public static final String SOLVER = "softmax regression, SGD momentum 0.9, batch 128, lr x0.1 at 60%/80% of epochs";
    private static final int BATCH = 128;

    private final NDManager manager;
    private final float[] mean;
    private final float[] scale;
    private final NDArray weight;
    private final NDArray bias;
    private final int classes;

    private LinearProbe(NDManager manager, float[] mean, float[] scale, NDArray weight, NDArray bias, int classes) {
        this.manager = manager;
        this.mean = mean;
        this.scale = scale;
        this.weight = weight;
        this.bias = bias;
        this.classes = classes;
    }

    public static LinearProbe fit(NDManager parent, Features train, int[] labels, int classes, ProbeSettings settings, long seed) {
        io.featuredrop.train.GradMode.off();
        int n = train.count();
        int dim = train.dim();
        float[] mean = new float[dim];
        float[] scale = new float[dim];
        standardisation(train, mean, scale);
        NDManager manager = parent.newSubManager();
        NDArray x = io.featuredrop.model.OwnedArrays.of(manager, standardise(train, mean, scale), new Shape(n, dim));
        NDArray y = io.featuredrop.model.OwnedArrays.of(manager, labels).oneHot(classes);
        NDArray w = manager.zeros(new Shape(dim, classes));
        NDArray b = manager.zeros(new Shape(classes));
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        NDArray vw = manager.zeros(w.getShape());
        NDArray vb = manager.zeros(b.getShape());
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            float lr = (float) (settings.learningRate()
                    * (epoch >= 0.8 * settings.epochs() ? 0.01 : epoch >= 0.6 * settings.epochs() ? 0.1 : 1.0));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < n; from += BATCH) {
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + BATCH));
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray index = io.featuredrop.model.OwnedArrays.of(manager, idx);
                    NDArray xb = x.get(new NDIndex("{}", index));
                    NDArray yb = y.get(new NDIndex("{}", index));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = xb.matMul(w).add(b);
                        NDArray loss = OwnedArrays.div(logits.logSoftmax(1).mul(yb).sum(), -idx.length);
                        collector.backward(loss);
                    }
                    for (NDArray[] pv : new NDArray[][] {{w, vw}, {b, vb}}) {
                        NDArray g = pv[0].getGradient();
                        OwnedArrays.muli(pv[1], 0.9f).addi(g);
                        pv[0].subi(OwnedArrays.mul(pv[1], lr));
                        g.subi(g);
                    }
                }
            }
        }
        x.close();
        y.close();
        return new LinearProbe(manager, mean, scale, w, b, classes);
    }

    public int[] predict(Features features) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray x = io.featuredrop.model.OwnedArrays.of(scratch, standardise(features, mean, scale), new Shape(features.count(), features.dim()));
            NDArray argmax = x.matMul(weight).add(bias).argMax(1).toType(DataType.INT32, false);
            return argmax.toIntArray();
        }
    }

    /** Top-1 accuracy on {@code features} against {@code labels}. */
    public double accuracy(Features features, int[] labels) {
        int[] predicted = predict(features);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return predicted.length == 0 ? 0 : (double) correct / predicted.length;
    }

    public int classes() {
        return classes;
    }

    private static void standardisation(Features f, float[] mean, float[] scale) {
        int n = f.count();
        int dim = f.dim();
        double[] sum = new double[dim];
        double[] sq = new double[dim];
        float[] v = f.values();
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                double x = v[i * dim + d];
                sum[d] += x;
                sq[d] += x * x;
            }
        }
        for (int d = 0; d < dim; d++) {
            double m = sum[d] / n;
            double var = Math.max(0, sq[d] / n - m * m);
            mean[d] = (float) m;
            scale[d] = (float) (1.0 / Math.sqrt(var + 1e-6));
        }
    }

    private static float[] standardise(Features f, float[] mean, float[] scale) {
        int dim = f.dim();
        float[] v = f.values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int d = i % dim;
            out[i] = (v[i] - mean[d]) * scale[d];
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
