package io.featuredrop.split;

import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.train.LocalSimclrTrainer;
import io.featuredrop.train.TestConfigs;
import io.featuredrop.wire.ViewBatchCodec;
import io.featuredrop.wire.ViewGradientCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split halves, exchanging real encoded events (safetensors bytes, fp32) with one batch in
 * flight, reproduce the single-process trainer's loss sequence by {@link LossSequences}' criterion.
 */
class SplitLearningEquivalenceTest {

    private static final int STEPS = 20;

    @ParameterizedTest
    @ValueSource(strings = {"expert", "viewmaker", "viewmaker+expert"})
    void splitHalvesReproduceTheSingleProcessLosses(String mode) throws Exception {
        RunConfig config = TestConfigs.tiny(mode, "\"batchSize\":16");
        MultiTaskDataset data = Datasets.open(config.dataset());
        float[] oracle = new float[STEPS];
        try (LocalSimclrTrainer single = new LocalSimclrTrainer(config, data)) {
            for (int i = 0; i < STEPS; i++) {
                oracle[i] = single.step().loss();
            }
        }
        float[] split = new float[STEPS];
        try (ViewProducer augmenter = new ViewProducer(config, data); EncoderSide trainer = new EncoderSide(config, data.info())) {
            for (int i = 0; i < STEPS; i++) {
                ViewBatch sent = ViewBatchCodec.decode(ViewBatchCodec.encode(augmenter.next()).value());
                EncoderSide.Outcome out = trainer.train(sent);
                if (augmenter.needsGradients()) {
                    augmenter.applyGradient(ViewGradientCodec.decode(ViewGradientCodec.encode(out.gradient()).value()));
                }
                split[i] = out.loss();
            }
        }
        LossSequences.assertMatch(mode, oracle, split);
    }


    @Test
    void duplicatesTrainNothingAndGapsAreRefused() throws Exception {
        RunConfig config = TestConfigs.tiny("viewmaker", "\"batchSize\":8");
        MultiTaskDataset data = Datasets.open(config.dataset());
        try (ViewProducer augmenter = new ViewProducer(config, data); EncoderSide trainer = new EncoderSide(config, data.info())) {
            ViewBatch first = augmenter.next();
            EncoderSide.Outcome out = trainer.train(first);
            EncoderSide.BatchRefused dup = assertThrows(EncoderSide.BatchRefused.class, () -> trainer.train(first));
            assertTrue(dup.duplicate(), dup.getMessage());
            assertEquals(1, trainer.nextStep());
            augmenter.applyGradient(out.gradient());
            assertThrows(IllegalStateException.class, () -> augmenter.applyGradient(out.gradient()), "a gradient is applied once");
            augmenter.next();
            ViewBatch third = augmenter.next();
            EncoderSide.BatchRefused gap = assertThrows(EncoderSide.BatchRefused.class, () -> trainer.train(third));
            assertTrue(!gap.duplicate() && gap.getMessage().contains("before step 1"), gap.getMessage());
        }
    }
}
