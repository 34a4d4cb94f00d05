package io.featuredrop.train;

import io.featuredrop.events.WirePrecision;
import io.featuredrop.wire.FloatTensor;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.SafetensorsCodec;
import io.featuredrop.wire.TensorFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        ModelState.capture("encoder", trainer.encoderTrainer().encoder(), trainer.encoderTrainer().optimizer(), floats);
        Map<String, long[]> longs = new LinkedHashMap<>();
        longs.put("step", new long[] {trainer.nextStep()});
        longs.put("encoder.opt.steps", new long[] {trainer.encoderTrainer().optimizer().steps()});
        if (trainer.generatorTrainer() != null) {
            ModelState.capture("generator", trainer.generatorTrainer().generator(), trainer.generatorTrainer().optimizer(), floats);
            longs.put("generator.opt.steps", new long[] {trainer.generatorTrainer().optimizer().steps()});
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("runId", trainer.config().runId());
        meta.put("config", JsonEvents.mapper().writeValueAsString(trainer.config()));
        byte[] bytes = SafetensorsCodec.encode(new TensorFile(floats, longs, meta), WirePrecision.FP32);
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
        ModelState.restore("encoder", trainer.encoderTrainer().encoder(), trainer.encoderTrainer().optimizer(), tf.floats(),
                tf.longTensor("encoder.opt.steps")[0]);
        if (trainer.generatorTrainer() != null) {
            ModelState.restore("generator", trainer.generatorTrainer().generator(), trainer.generatorTrainer().optimizer(), tf.floats(),
                    tf.longTensor("generator.opt.steps")[0]);
        }
        long step = tf.longTensor("step")[0];
        trainer.restoreStep(step);
        return step;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
