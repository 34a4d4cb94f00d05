package io.featuredrop.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.Datasets;
import io.featuredrop.events.RunConfig;
import io.featuredrop.loss.NtXentForm;
import io.featuredrop.loss.NtXentLoss;
import io.featuredrop.train.EncoderTrainer;
import io.featuredrop.train.GeneratorTrainer;
import io.featuredrop.train.GradMode;
import io.featuredrop.train.TestConfigs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Regression test of the fault behind the non-reproducible NaN losses (issue 13, docs/ML.md
 * "Java memory on autograd paths"): a backward pass must not read memory the Java collector can
 * free. The same step is computed twice, once with a full collection and allocation churn between
 * forward and backward; weights and gradients must be bitwise equal.
 */
@Tag("fast")
class JavaMemoryOnAutogradPathTest {

    @Test
    void aViewmakerStepIsUnchangedByACollectionBetweenForwardAndBackward() throws Exception {
        // clampViews: the clamp's bounds are constants on the autograd path too
        for (String[] run : new String[][] {{"viewmaker", ""}, {"viewmaker+expert", ""}, {"viewmaker", ",\"clampViews\":true"}}) {
            String mode = run[0] + run[1];
            RunConfig config = TestConfigs.tiny(run[0], "\"batchSize\":8" + run[1]);
            float[][] quiet = viewmakerStep(config, false);
            float[][] churned = viewmakerStep(config, true);
            assertEquals(quiet.length, churned.length);
            assertArrayEquals(quiet[0], churned[0], 0f, mode + ": loss");
            for (int i = 1; i < quiet.length; i++) {
                assertArrayEquals(quiet[i], churned[i], 0f, mode + ": weights of parameter " + i + " after the step");
            }
        }
    }

    @Test
    void ntXentGradientsAreUnchangedByACollectionBetweenForwardAndBackward() throws Exception {
        for (NtXentForm form : NtXentForm.values()) {
            float[] quiet = lossGradient(form, false);
            float[] churned = lossGradient(form, true);
            assertArrayEquals(quiet, churned, 0f, form + ": dL/dz");
        }
    }

    /** Loss, then every encoder and generator weight after one split step (generator pass, encoder step, generator step). */
    private static float[][] viewmakerStep(RunConfig config, boolean churn) throws Exception {
        DatasetInfo info = Datasets.open(config.dataset()).info();
        List<float[]> out = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderTrainer encoder = EncoderTrainer.forRun(config, info, m);
            GeneratorTrainer generator = GeneratorTrainer.forRun(config, info, m);
            Shape shape = new Shape(2L * config.batchSize(), info.channels(), info.height(), info.width());
            NDArray x = OwnedArrays.of(m, uniform(shape.size(), 11), shape);
            NDArray views = generator.views(x, NoiseSource.seeded(5));
            List<ByteBuffer> held = churn ? JavaMemoryChurn.freeAndReuse() : List.of();
            EncoderTrainer.Result r = encoder.step(views, true);
            org.junit.jupiter.api.Assertions.assertTrue(r.ok(), r.failure());
            List<ByteBuffer> held2 = churn ? JavaMemoryChurn.freeAndReuse() : List.of();
            generator.ascend(views, r.viewGradient());
            java.lang.ref.Reference.reachabilityFence(held);
            java.lang.ref.Reference.reachabilityFence(held2);
            out.add(new float[] {r.loss()});
            for (Pair<String, Parameter> p : encoder.encoder().getParameters()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
            for (Pair<String, Parameter> p : generator.generator().getParameters()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
            encoder.optimizer().close();
            generator.optimizer().close();
        }
        return out.toArray(new float[0][]);
    }

    private static float[] lossGradient(NtXentForm form, boolean churn) throws Exception {
        GradMode.off();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = OwnedArrays.of(m, uniform(16 * 8, 3), new Shape(16, 8));
            z.setRequiresGradient(true);
            List<ByteBuffer> held;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new NtXentLoss(0.07, form).compute(z.get("0:8"), z.get("8:"));
                held = churn ? JavaMemoryChurn.freeAndReuse() : List.of();
                collector.backward(loss);
            }
            java.lang.ref.Reference.reachabilityFence(held);
            return z.getGradient().toFloatArray();
        }
    }

    private static float[] uniform(long n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }
}
