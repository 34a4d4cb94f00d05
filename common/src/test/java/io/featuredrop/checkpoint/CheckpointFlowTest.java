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
        Checkpoint mislabelled = new Checkpoint(1, c.runId(), 7, c.kind(), c.uri(), c.sha256(), c.sizeBytes(), c.service(), c.createdAt());
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

        Checkpoint escaping = new Checkpoint(1, c.runId(), 0, c.kind(), "../../etc/passwd", c.sha256(), 1, "x", c.createdAt());
        CheckpointRejected outside = assertThrows(CheckpointRejected.class, () -> store.read(escaping));
        assertTrue(outside.getMessage().contains("leaves the store"), outside.getMessage());
    }
}
