package io.featuredrop.checkpoint;

import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.probe.CheckpointProbe;
import io.featuredrop.split.EncoderSide;
import io.featuredrop.split.ViewProducer;
import io.featuredrop.train.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's ENCODER checkpoints through a real store on disk: a restored encoder side continues
 * with exactly the losses of one that never stopped; the evaluator's probe reads the same file,
 * refuses altered, missing or mislabelled ones, and scores every task.
 */
@Tag("fast")
class CheckpointFlowTest {

    @TempDir
    Path dir;

    private static final String PROBE = "\"probe\":{\"trainSize\":256,\"testSize\":128,\"epochs\":5,\"features\":\"pooled\"}";

    @Test
    void aRestoredEncoderSideContinuesWithTheSameLosses() throws Exception {
        RunConfig config = TestConfigs.tiny("expert", "\"batchSize\":8," + PROBE);
        MultiTaskDataset data = Datasets.open(config.dataset());
        List<ViewBatch> batches = new ArrayList<>();
        try (ViewProducer augmenter = new ViewProducer(config, data)) {
            for (int i = 0; i < 6; i++) {
                batches.add(augmenter.next());
            }
        }
        float[] straight = new float[6];
        try (EncoderSide side = new EncoderSide(config, data.info())) {
            for (int i = 0; i < 6; i++) {
                straight[i] = side.train(batches.get(i)).loss();
            }
        }
        CheckpointStore store = new CheckpointStore(dir);
        float[] resumed = new float[6];
        Checkpoint written;
        try (EncoderSide side = new EncoderSide(config, data.info())) {
            for (int i = 0; i < 3; i++) {
                resumed[i] = side.train(batches.get(i)).loss();
            }
            written = store.write(config.runId(), CheckpointKind.ENCODER, side.nextStep(), side.snapshot(), "test");
        }
        assertEquals(3, written.step());
        assertEquals("t/encoder-step-00000003.safetensors", written.uri());
        assertEquals(written.step(), store.latest(config.runId(), CheckpointKind.ENCODER).orElseThrow().step());
        try (EncoderSide side = new EncoderSide(config, data.info())) {
            side.restore(store.read(written));
            assertEquals(3, side.nextStep());
            for (int i = 3; i < 6; i++) {
                resumed[i] = side.train(batches.get(i)).loss();
            }
        }
        assertArrayEquals(straight, resumed, "resume is exact");

        // a restarted trainer restores on a fresh thread, where PyTorch's grad mode is on by default
        byte[] bytes = store.read(written);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread fresh = new Thread(() -> {
            try (EncoderSide side = new EncoderSide(config, data.info())) {
                side.restore(bytes);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        fresh.start();
        fresh.join();
        org.junit.jupiter.api.Assertions.assertNull(failure.get(), () -> "restore on a fresh thread: " + failure.get());

        List<EvalResult> results = CheckpointProbe.evaluate(store, written, Map.of("git", "test"));
        assertEquals(List.of("garment", "digit"), results.stream().map(EvalResult::task).toList());
        for (EvalResult r : results) {
            assertEquals(3, r.step());
            assertEquals(written.sha256(), r.checkpointSha256());
            assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, r.toString());
            assertNotNull(r.labelRetention(), "expert views are rendered without a generator");
            assertEquals(256, r.probe().trainSize());
        }
        assertTrue(results.get(0).accuracy() > 0.3, "garment is far above chance (0.1) even after 3 steps: " + results.get(0));
    }

    @Test
    void alteredMissingAndMislabelledCheckpointsAreRejectedWithTheReason() throws Exception {
        RunConfig config = TestConfigs.tiny("expert", "\"batchSize\":8," + PROBE);
        CheckpointStore store = new CheckpointStore(dir);
        Checkpoint c;
        try (EncoderSide side = new EncoderSide(config, Datasets.open(config.dataset()).info())) {
            c = store.write(config.runId(), CheckpointKind.ENCODER, 0, side.snapshot(), "test");
        }
        Checkpoint mislabelled = new Checkpoint(1, c.runId(), 7, c.kind(), c.uri(), c.sha256(), c.sizeBytes(), c.service(), c.createdAt(), c.compute());
        CheckpointRejected wrongStep = assertThrows(CheckpointRejected.class, () -> CheckpointProbe.evaluate(store, mislabelled, Map.of()));
        assertTrue(wrongStep.getMessage().contains("step 0") && wrongStep.getMessage().contains("step 7"), wrongStep.getMessage());

        Path file = store.resolve(c.uri());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        CheckpointRejected altered = assertThrows(CheckpointRejected.class, () -> store.read(c));
        assertTrue(altered.getMessage().contains("sha256"), altered.getMessage());

        Files.delete(file);
        CheckpointRejected missing = assertThrows(CheckpointRejected.class, () -> store.read(c));
        assertTrue(missing.getMessage().contains("not in the store"), missing.getMessage());

        Checkpoint escaping = new Checkpoint(1, c.runId(), 0, c.kind(), "../../etc/passwd", c.sha256(), 1, "x", c.createdAt(), null);
        CheckpointRejected outside = assertThrows(CheckpointRejected.class, () -> store.read(escaping));
        assertTrue(outside.getMessage().contains("leaves the store"), outside.getMessage());
    }

    @Test
    void aViewmakerRunResumedFromACheckpointPairContinuesWithTheSameLosses() throws Exception {
        RunConfig config = TestConfigs.tiny("viewmaker", "\"batchSize\":8," + PROBE);
        MultiTaskDataset data = Datasets.open(config.dataset());
        float[] straight = new float[6];
        try (ViewProducer augmenter = new ViewProducer(config, data); EncoderSide trainer = new EncoderSide(config, data.info())) {
            for (int i = 0; i < 6; i++) {
                EncoderSide.Outcome out = trainer.train(augmenter.next());
                augmenter.applyGradient(out.gradient());
                straight[i] = out.loss();
            }
        }
        float[] resumed = new float[6];
        byte[] generator;
        byte[] encoder;
        io.featuredrop.events.ViewGradient stale;
        try (ViewProducer augmenter = new ViewProducer(config, data); EncoderSide trainer = new EncoderSide(config, data.info())) {
            for (int i = 0; i < 3; i++) {
                EncoderSide.Outcome out = trainer.train(augmenter.next());
                augmenter.applyGradient(out.gradient());
                resumed[i] = out.loss();
            }
            assertEquals(3, augmenter.generatorStep());
            generator = augmenter.snapshot();
            encoder = trainer.snapshot();
            stale = trainer.train(augmenter.next()).gradient(); // step 3 of the old stream, never applied
        }
        try (ViewProducer augmenter = new ViewProducer(config, data); EncoderSide trainer = new EncoderSide(config, data.info())) {
            augmenter.rewind(3, generator);
            trainer.restore(encoder);
            assertEquals(3, io.featuredrop.split.ViewStreamId.startStep(augmenter.streamId()));
            for (int i = 3; i < 6; i++) {
                ViewBatch batch = augmenter.next();
                assertEquals(augmenter.streamId(), batch.batchId());
                EncoderSide.Outcome out = trainer.train(batch);
                if (i == 3) {
                    io.featuredrop.events.ViewGradient old = stale;
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> augmenter.applyGradient(old));
                    assertTrue(e.getMessage().contains("earlier view stream"), e.getMessage());
                }
                augmenter.applyGradient(out.gradient());
                resumed[i] = out.loss();
            }
        }
        assertArrayEquals(straight, resumed, "resume from the pair is exact within a process");

        // the evaluator renders the run's Viewmaker views from the paired generator checkpoint
        CheckpointStore store = new CheckpointStore(dir);
        Checkpoint enc = store.write(config.runId(), CheckpointKind.ENCODER, 3, encoder, "test");
        store.write(config.runId(), CheckpointKind.GENERATOR, 3, generator, "test");
        assertEquals(3, store.resumePoint(config.runId(), true));
        for (EvalResult r : CheckpointProbe.evaluate(store, enc, Map.of())) {
            assertNotNull(r.labelRetention(), "Viewmaker views rendered from the generator checkpoint: " + r);
        }
        try (ViewProducer fresh = new ViewProducer(config, data)) {
            CheckpointRejected missing = assertThrows(CheckpointRejected.class, () -> fresh.rewind(3, null));
            assertTrue(missing.getMessage().contains("no generator checkpoint"), missing.getMessage());
        }
    }
}
