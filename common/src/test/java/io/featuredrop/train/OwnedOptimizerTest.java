package io.featuredrop.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our optimisers follow torch.optim's update rules (computed by hand here) and restore exactly. */
@Tag("fast")
class OwnedOptimizerTest {

    @Test
    void sgdWithMomentumAndWeightDecayMatchesTorchRule() {
        double lr = 0.1;
        double mu = 0.9;
        double wd = 0.01;
        try (NDManager m = NDManager.newBaseManager(); SgdMomentum sgd = new SgdMomentum(m, lr, mu, wd)) {
            Linear block = block(m);
            double[] w = weights(block);
            double[] buf = new double[w.length];
            for (int step = 0; step < 3; step++) {
                double[] g = backward(block, m, step);
                for (int i = 0; i < w.length; i++) {
                    double d = g[i] + wd * w[i];
                    buf[i] = mu * buf[i] + d;
                    w[i] -= lr * buf[i];
                }
                sgd.step(block.getParameters());
                assertArrayEquals(toFloat(w), block.getParameters().get("weight").getArray().toFloatArray(), 1e-6f, "step " + step);
            }
        }
    }

    @Test
    void adamMatchesTorchRuleAndStateRoundTrips() {
        double lr = 0.01;
        try (NDManager m = NDManager.newBaseManager(); AdamOptimizer adam = new AdamOptimizer(m, lr)) {
            Linear block = block(m);
            double[] w = weights(block);
            double[] mo = new double[w.length];
            double[] v = new double[w.length];
            for (int step = 1; step <= 3; step++) {
                double[] g = backward(block, m, step);
                for (int i = 0; i < w.length; i++) {
                    mo[i] = 0.9 * mo[i] + 0.1 * g[i];
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    double mhat = mo[i] / (1 - Math.pow(0.9, step));
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, step)) + 1e-8;
                    w[i] -= lr * mhat / denom;
                }
                adam.step(block.getParameters());
                assertArrayEquals(toFloat(w), block.getParameters().get("weight").getArray().toFloatArray(), 1e-6f, "step " + step);
            }
            try (AdamOptimizer restored = new AdamOptimizer(m, lr)) {
                restored.importState(block.getParameters(), adam.exportState(), adam.steps());
                assertEquals(adam.steps(), restored.steps());
                assertEquals(adam.exportState(), restored.exportState());
            }
        }
    }

    @Test
    void aNonFiniteGradientRefusesTheWholeStepNamesTheParameterAndClearsTheGradients() {
        try (NDManager m = NDManager.newBaseManager(); AdamOptimizer adam = new AdamOptimizer(m, 0.01)) {
            Linear block = block(m);
            float[] before = block.getParameters().get("weight").getArray().toFloatArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3))), true).singletonOrThrow();
                gc.backward(y.mul(m.create(new float[] {Float.NaN, 1f}, new Shape(1, 2))).sum());
            }
            NonFiniteGradient e = org.junit.jupiter.api.Assertions.assertThrows(NonFiniteGradient.class, () -> adam.step(block.getParameters()));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("weight"), e.getMessage());
            assertEquals(0, adam.steps());
            assertArrayEquals(before, block.getParameters().get("weight").getArray().toFloatArray());
            assertArrayEquals(new float[6], block.getParameters().get("weight").getArray().getGradient().toFloatArray());
            backward(block, m, 1);
            adam.step(block.getParameters());
            assertEquals(1, adam.steps(), "the next finite step goes through");
        }
    }

    /**
     * Regression: clearing a poisoned gradient used to swap its storage for a Java direct buffer
     * (DJL's set(Buffer) is a storage swap); once the garbage collector freed that buffer (8 MB here,
     * so malloc gave it back with munmap), the next backward pass wrote into unmapped memory and the
     * JVM died. The gradient must stay in libtorch's own memory.
     */
    @Test
    void aClearedGradientStaysInLibtorchMemoryAfterTheGarbageCollectorRuns() throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager(); SgdMomentum sgd = new SgdMomentum(m, 0.01, 0.9, 0)) {
            Linear block = Linear.builder().setUnits(1024).optBias(false).build();
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2048));
            NDArray poison = m.ones(new Shape(1, 1024));
            poison.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.NaN);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 2048))), true).singletonOrThrow();
                gc.backward(y.mul(poison).sum());
            }
            org.junit.jupiter.api.Assertions.assertThrows(NonFiniteGradient.class, () -> sgd.step(block.getParameters()));
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(100);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 2048))), true).singletonOrThrow();
                gc.backward(y.sum());
            }
            NDArray g = block.getParameters().get("weight").getArray().getGradient();
            assertEquals(1024 * 2048, g.sum().getFloat(), 0.5, "dL/dW is all ones after a cleared gradient");
            sgd.step(block.getParameters());
            assertEquals(1, sgd.steps());
        }
    }

    private static Linear block(NDManager m) {
        Linear block = Linear.builder().setUnits(2).optBias(false).build();
        block.initialize(m, DataType.FLOAT32, new Shape(1, 3));
        block.getParameters().get("weight").getArray().set(new float[] {0.5f, -0.25f, 1f, 2f, -1f, 0.125f});
        return block;
    }

    private static double[] weights(Linear block) {
        float[] f = block.getParameters().get("weight").getArray().toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Loss = sum(c * (W x)) with x = ones: dL/dW[i][j] = c[i]; c changes with the step. */
    private static double[] backward(Linear block, NDManager m, int step) {
        float[] c = {1f + step, -0.5f * step};
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3))), true).singletonOrThrow();
            gc.backward(y.mul(m.create(c, new Shape(1, 2))).sum());
        }
        return new double[] {c[0], c[0], c[0], c[1], c[1], c[1]};
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
