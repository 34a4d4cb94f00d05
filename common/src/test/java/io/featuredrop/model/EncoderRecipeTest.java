package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.InputStatistics;
import io.featuredrop.loss.NtXentForm;
import io.featuredrop.loss.NtXentLoss;
import io.featuredrop.train.EncoderTrainer;
import io.featuredrop.train.GradMode;
import io.featuredrop.train.SgdMomentum;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's recipe pieces in the networks: PyTorch's default initialisation, input normalisation, one pass per view. */
@Tag("fast")
class EncoderRecipeTest {

    private static final InputStatistics STATS = new InputStatistics(new double[] {0.3}, new double[] {0.4});
    private static final DatasetInfo DATA = new DatasetInfo("t", 1, 12, 12, 1, 1, List.of(), 0.05, STATS, "test");

    @Test
    void pytorchInitDrawsWeightsAndBiasesWithinOneOverSqrtFanIn() {
        try (NDManager m = NDManager.newBaseManager()) {
            ViewmakerGenerator g = Models.generator(new GeneratorSpec(4, 1, 0.05, false), DATA, m, 3, WeightInit.PYTORCH);
            ViewmakerGenerator again = Models.generator(new GeneratorSpec(4, 1, 0.05, false), DATA, m, 3, WeightInit.PYTORCH);
            ViewmakerGenerator djl = Models.generator(new GeneratorSpec(4, 1, 0.05, false), DATA, m, 3, WeightInit.DJL);
            List<Pair<String, Parameter>> params = new java.util.ArrayList<>();
            g.getParameters().forEach(params::add);
            List<Pair<String, Parameter>> same = new java.util.ArrayList<>();
            again.getParameters().forEach(same::add);
            List<Pair<String, Parameter>> dj = new java.util.ArrayList<>();
            djl.getParameters().forEach(dj::add);
            int checked = 0;
            double fanIn = 0;
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i).getValue();
                float[] v = p.getArray().toFloatArray();
                assertArrayEquals(v, same.get(i).getValue().getArray().toFloatArray(), "same seed, same draw: " + params.get(i).getKey());
                if (p.getType() == Parameter.Type.WEIGHT) {
                    long[] s = p.getArray().getShape().getShape();
                    fanIn = s[1] * s[2] * s[3];
                }
                if (p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS) {
                    double bound = 1 / Math.sqrt(fanIn);
                    double max = 0;
                    for (float x : v) {
                        assertTrue(Math.abs(x) <= bound + 1e-7, params.get(i).getKey() + ": " + x + " beyond " + bound);
                        max = Math.max(max, Math.abs(x));
                    }
                    assertTrue(v.length < 8 || max > 0.6 * bound, params.get(i).getKey() + " uses its range: max " + max + " of " + bound);
                    checked++;
                }
                if (p.getType() == Parameter.Type.BIAS) {
                    float[] zeros = dj.get(i).getValue().getArray().toFloatArray();
                    assertEquals(0f, zeros[0], "DJL's default leaves biases at 0");
                    assertNotEquals(0f, v[0], "pytorch draws biases too");
                }
            }
            assertTrue(checked >= 10, "weights and biases of every conv: " + checked);
        }
    }

    @Test
    void normalisingEncoderSeesWhatAPlainOneSeesOnStandardisedImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            GradMode.off();
            ResNetEncoder normalising = Models.encoder(new EncoderSpec("resnet-small", 4, 16, false, true), DATA, m, 5, WeightInit.PYTORCH);
            ResNetEncoder plain = Models.encoder(new EncoderSpec("resnet-small", 4, 16, false, false), DATA, m, 5, WeightInit.PYTORCH);
            float[] x = random(3 * 144, 1);
            float[] standardised = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                standardised[i] = (float) ((x[i] - 0.3) / 0.4);
            }
            ParameterStore store = new ParameterStore(m, false);
            float[] a = normalising.features(store, OwnedArrays.of(m, x, new Shape(3, 1, 12, 12)), false).toFloatArray();
            float[] b = plain.features(store, OwnedArrays.of(m, standardised, new Shape(3, 1, 12, 12)), false).toFloatArray();
            assertArrayEquals(b, a, 1e-4f);
        }
    }

    @Test
    void separatePassesNormaliseEachViewWithItsOwnBatchStatistics() {
        float[] views = random(2 * 6 * 144, 2);
        for (int i = views.length / 2; i < views.length; i++) {
            views[i] = 3 * views[i] + 1; // the second view's statistics differ from the first's
        }
        float separate = loss(views, true, false);
        float joint = loss(views, false, false);
        float halvesByHand = loss(views, true, true);
        assertEquals(halvesByHand, separate, 1e-5f, "two passes = each half encoded on its own");
        assertNotEquals(joint, separate, 1e-4f, "one joint pass shares batch statistics between the views");
    }

    /** The first step's loss; {@code byHand}: encode each half with its own forward call, here in the test. */
    private static float loss(float[] views, boolean separate, boolean byHand) {
        try (NDManager m = NDManager.newBaseManager()) {
            GradMode.off();
            ResNetEncoder encoder = Models.encoder(new EncoderSpec("resnet-small", 4, 16, false, true), DATA, m, 9, WeightInit.PYTORCH);
            NtXentLoss ntXent = new NtXentLoss(0.07, NtXentForm.PAPER);
            NDArray v = OwnedArrays.of(m, views, new Shape(12, 1, 12, 12));
            if (byHand) {
                ParameterStore store = new ParameterStore(m, false);
                try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray z1 = encoder.forward(store, new NDList(v.get("0:6")), true).singletonOrThrow();
                    NDArray z2 = encoder.forward(store, new NDList(v.get("6:")), true).singletonOrThrow();
                    return ntXent.compute(z1, z2).getFloat();
                }
            }
            EncoderTrainer trainer = new EncoderTrainer(encoder, new SgdMomentum(m, 0.03, 0.9, 1e-4), ntXent, m, separate);
            return trainer.step(v, true).loss();
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }
}
