package io.featuredrop.train;

import io.featuredrop.events.WirePrecision;
import io.featuredrop.wire.FloatTensor;
import io.featuredrop.wire.SafetensorsCodec;
import io.featuredrop.wire.TensorFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A single-process run's state at a step boundary as one safetensors file: encoder and (Viewmaker
 * modes) generator weights, both optimisers' state, the next step (the data position) and the run
 * config. Restoring it and continuing gives the same losses as never stopping. Written atomically
 * (temp file + move); the sha256 of the bytes is returned for the checkpoint event.
 */
public final class TrainingCheckpoint {

    public record Written(Path file, String sha256, long step, long bytes) {
    }

    private TrainingCheckpoint() {
    }

    public static Written write(LocalSimclrTrainer trainer, Path dir) throws IOException {
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        ModelState.captureWithSteps("encoder", trainer.encoderTrainer().encoder(), trainer.encoderTrainer().optimizer(), floats, longs);
        if (trainer.generatorTrainer() != null) {
            ModelState.captureWithSteps("generator", trainer.generatorTrainer().generator(), trainer.generatorTrainer().optimizer(), floats, longs);
        }
        byte[] bytes = SafetensorsCodec.encode(ModelState.runFile(trainer.config(), trainer.nextStep(), floats, longs), WirePrecision.FP32);
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("%s-step-%08d.safetensors", trainer.config().runId(), trainer.nextStep()));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Written(file, sha256(bytes), trainer.nextStep(), bytes.length);
    }

    /** Loads {@code file} into a trainer built from the same config; returns the restored next step. */
    public static long restore(LocalSimclrTrainer trainer, Path file) throws IOException {
        TensorFile tf = SafetensorsCodec.decode(Files.readAllBytes(file));
        ModelState.restoreWithSteps("encoder", trainer.encoderTrainer().encoder(), trainer.encoderTrainer().optimizer(), tf);
        if (trainer.generatorTrainer() != null) {
            ModelState.restoreWithSteps("generator", trainer.generatorTrainer().generator(), trainer.generatorTrainer().optimizer(), tf);
        }
        long step = tf.longTensor("step")[0];
        trainer.restoreStep(step);
        return step;
    }

    public static String sha256(byte[] bytes) {
        return io.featuredrop.wire.Excerpt.sha256(bytes);
    }
}
