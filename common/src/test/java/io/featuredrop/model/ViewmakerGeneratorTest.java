package io.featuredrop.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewmakerGeneratorTest {

    private static final int N = 3;

    @Test
    void viewsHaveTheInputShapeAndSpendExactlyTheBudgetPerExample() {
        for (int channels : new int[] {1, 3}) {
            int side = channels == 1 ? 28 : 32;
            try (NDManager m = NDManager.newBaseManager()) {
                ViewmakerGenerator g = generator(m, channels, side, 0.05);
                NDArray x = m.randomUniform(0f, 1f, new Shape(N, channels, side, side));
                NDArray view = g.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                assertEquals(x.getShape(), view.getShape());
                float[] delta = view.sub(x).abs().toFloatArray();
                int per = channels * side * side;
                for (int i = 0; i < N; i++) {
                    double mean = 0;
                    for (int k = 0; k < per; k++) {
                        mean += delta[i * per + k];
                    }
                    mean /= per;
                    // delta * eps / (mean|delta| + 1e-4): mean |delta| is eps up to the 1e-4 guard
                    assertEquals(0.05, mean, 0.05 * 0.01, "example " + i + " mean |delta|");
                }
            }
        }
    }

    @Test
    void gradientsReachEveryGeneratorParameter() {
        try (NDManager m = NDManager.newBaseManager()) {
            ViewmakerGenerator g = generator(m, 1, 28, 0.05);
            NDArray x = m.randomUniform(0f, 1f, new Shape(N, 1, 28, 28));
            NDArray target = m.randomUniform(-1f, 1f, new Shape(N, 1, 28, 28));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray view = g.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                gc.backward(view.mul(target).sum());
            }
            int checked = 0;
            for (Pair<String, Parameter> p : g.getParameters()) {
                NDArray grad = p.getValue().getArray().getGradient();
                assertTrue(grad.abs().sum().getFloat() > 0, "no gradient reached " + p.getKey());
                checked++;
            }
            assertTrue(checked > 20, "expected the whole network's parameters, saw " + checked);
        }
    }

    @Test
    void twoPassesGiveDifferentViewsAndASeededSourceRepeatsThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            ViewmakerGenerator g = generator(m, 1, 28, 0.05);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(N, 1, 28, 28));
            g.useNoise(NoiseSource.seeded(1));
            float[] a = g.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] b = g.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            g.useNoise(NoiseSource.seeded(1));
            float[] again = g.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                diff += Math.abs(a[i] - b[i]);
            }
            assertTrue(diff / a.length > 1e-3, "two passes should draw different noise, mean |a-b| = " + diff / a.length);
            assertArrayEquals(a, again, 1e-6f);
        }
    }

    @Test
    void reflectionPadMirrorsWithoutTheEdge() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
            float[] padded = ImageOps.reflectionPad(x, 1).toFloatArray();
            // PyTorch ReflectionPad2d(1) of [[1,2,3],[4,5,6],[7,8,9]]
            assertArrayEquals(new float[] {5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5}, padded);
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                    ImageOps.upsampleNearest(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2)), 2).toFloatArray());
        }
    }

    @Test
    void instanceNormNormalisesEachExampleChannelThenScalesAndShifts() {
        try (NDManager m = NDManager.newBaseManager()) {
            InstanceNorm norm = new InstanceNorm();
            norm.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 5));
            norm.getParameters().get("gamma").getArray().set(new float[] {1f, 2f, -0.5f});
            norm.getParameters().get("beta").getArray().set(new float[] {0f, 1f, 3f});
            NDArray x = m.randomNormal(0f, 3f, new Shape(2, 3, 4, 5), DataType.FLOAT32).add(1f);
            float[] in = x.toFloatArray();
            float[] out = norm.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] gamma = {1f, 2f, -0.5f};
            float[] beta = {0f, 1f, 3f};
            for (int e = 0; e < 2; e++) {
                for (int c = 0; c < 3; c++) {
                    int from = (e * 3 + c) * 20;
                    double mean = 0;
                    double var = 0;
                    for (int k = 0; k < 20; k++) {
                        mean += in[from + k] / 20.0;
                    }
                    for (int k = 0; k < 20; k++) {
                        var += (in[from + k] - mean) * (in[from + k] - mean) / 20.0;
                    }
                    for (int k = 0; k < 20; k++) {
                        double expected = (in[from + k] - mean) / Math.sqrt(var + 1e-5) * gamma[c] + beta[c];
                        assertEquals(expected, out[from + k], 1e-4, "example " + e + " channel " + c);
                    }
                }
            }
        }
    }

    private static ViewmakerGenerator generator(NDManager m, int channels, int side, double budget) {
        ViewmakerGenerator g = new ViewmakerGenerator(new GeneratorSpec(8, 2, budget, false), channels);
        g.initialize(m, DataType.FLOAT32, new Shape(N, channels, side, side));
        return g;
    }
}
