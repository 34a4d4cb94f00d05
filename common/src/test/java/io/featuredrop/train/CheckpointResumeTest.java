package io.featuredrop.train;

import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stopping at a checkpoint and resuming gives the same losses as never stopping (weights, optimiser state, data position). */
@Tag("fast")
class CheckpointResumeTest {

    @ParameterizedTest
    @ValueSource(strings = {"expert", "viewmaker"})
    void resumedRunRepeatsTheUninterruptedLosses(String mode, @TempDir Path dir) throws Exception {
        MultiTaskDataset data = Datasets.open("fashion-mnist+mnist");
        float[] uninterrupted = new float[5];
        TrainingCheckpoint.Written written;
        try (LocalSimclrTrainer a = new LocalSimclrTrainer(TestConfigs.tiny(mode, "\"batchSize\":16"), data)) {
            for (int i = 0; i < 3; i++) {
                uninterrupted[i] = a.step().requireOk().loss();
            }
            written = TrainingCheckpoint.write(a, dir);
            for (int i = 3; i < 5; i++) {
                uninterrupted[i] = a.step().requireOk().loss();
            }
        }
        assertEquals(TrainingCheckpoint.sha256(Files.readAllBytes(written.file())), written.sha256());
        // a different seed for initial weights proves the restore overwrites them
        try (LocalSimclrTrainer b = new LocalSimclrTrainer(TestConfigs.tiny(mode, "\"batchSize\":16"), data)) {
            b.step().requireOk();
            assertEquals(3, TrainingCheckpoint.restore(b, written.file()));
            for (int i = 3; i < 5; i++) {
                LocalSimclrTrainer.StepResult r = b.step().requireOk();
                assertEquals(i, r.step());
                assertEquals(uninterrupted[i], r.loss(), 1e-5f, mode + " step " + i);
            }
        }
    }
}
