package io.featuredrop.split;

import io.featuredrop.checkpoint.EncoderSnapshot;
import io.featuredrop.checkpoint.GeneratorSnapshot;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.train.LocalSimclrTrainer;
import io.featuredrop.train.TestConfigs;
import io.featuredrop.train.TrainingCheckpoint;
import io.featuredrop.wire.ViewBatchCodec;
import io.featuredrop.wire.ViewGradientCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split halves, exchanging real encoded events (safetensors bytes, fp32) with one batch in
 * flight, reproduce the single-process trainer bit for bit: every step's loss, and the ENCODER and
 * GENERATOR checkpoint bytes at the end (DESIGN.md section 2: equality at maxInFlight = 1).
 */
@Tag("slow")
class SplitLearningEquivalenceTest {

    private static final int STEPS = 20;

    @ParameterizedTest
    @ValueSource(strings = {"none", "expert", "viewmaker", "viewmaker+expert"})
    void splitHalvesReproduceTheSingleProcessLosses(String mode) throws Exception {
        RunConfig config = TestConfigs.tiny(mode, "\"batchSize\":16");
        MultiTaskDataset data = Datasets.open(config.dataset());
        float[] oracle = new float[STEPS];
        String oracleEncoder;
        String oracleGenerator = null;
        try (LocalSimclrTrainer single = new LocalSimclrTrainer(config, data)) {
            for (int i = 0; i < STEPS; i++) {
                oracle[i] = single.step().requireOk().loss();
            }
            oracleEncoder = TrainingCheckpoint.sha256(EncoderSnapshot.encode(config, single.encoderTrainer(), STEPS));
            if (single.generatorTrainer() != null) {
                oracleGenerator = TrainingCheckpoint.sha256(GeneratorSnapshot.encode(config, single.generatorTrainer(), STEPS));
            }
        }
        float[] split = new float[STEPS];
        try (ViewProducer augmenter = new ViewProducer(config, data); EncoderSide trainer = new EncoderSide(config, data.info())) {
            for (int i = 0; i < STEPS; i++) {
                ViewBatch sent = ViewBatchCodec.decode(ViewBatchCodec.encode(augmenter.next()).value());
                EncoderSide.Outcome out = trainer.train(sent);
                assertTrue(out.ok(), out.failure());
                if (augmenter.needsGradients()) {
                    augmenter.applyGradient(ViewGradientCodec.decode(ViewGradientCodec.encode(out.gradient()).value()));
                }
                split[i] = out.loss();
            }
            assertArrayEquals(oracle, split, 0f, mode + ": losses of every step");
            assertEquals(oracleEncoder, TrainingCheckpoint.sha256(trainer.snapshot()), mode + ": ENCODER checkpoint bytes");
            if (augmenter.needsGradients()) {
                assertEquals(oracleGenerator, TrainingCheckpoint.sha256(augmenter.snapshot()), mode + ": GENERATOR checkpoint bytes");
            }
        }
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
