package io.featuredrop.checkpoint;

import io.featuredrop.events.RunConfig;
import io.featuredrop.events.WirePrecision;
import io.featuredrop.train.GeneratorTrainer;
import io.featuredrop.train.ModelState;
import io.featuredrop.wire.FloatTensor;
import io.featuredrop.wire.SafetensorsCodec;
import io.featuredrop.wire.TensorFile;
import io.featuredrop.wire.WireFormatException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a {@code GENERATOR} checkpoint (augmenter, Viewmaker modes): generator weights and
 * Adam state under {@code generator/} and {@code generator.opt/}, the data position (the next step:
 * a batch is a pure function of seed and step) and the run config; the generator part of the
 * single-process {@link io.featuredrop.train.TrainingCheckpoint}. Paired with the ENCODER
 * checkpoint of the same step, it is the point a crashed run resumes from.
 */
public final class GeneratorSnapshot {

    private GeneratorSnapshot() {
    }

    public static byte[] encode(RunConfig config, GeneratorTrainer generator, long nextStep) {
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        ModelState.captureWithSteps("generator", generator.generator(), generator.optimizer(), floats, longs);
        return SafetensorsCodec.encode(ModelState.runFile(config, nextStep, floats, longs), WirePrecision.FP32);
    }

    /** Restores weights and optimiser state into a generator built from the same config; returns the next step. */
    public static long restore(byte[] bytes, GeneratorTrainer generator) throws CheckpointRejected {
        TensorFile file;
        try {
            file = SafetensorsCodec.decode(bytes);
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new CheckpointRejected("not a safetensors file: " + e.getMessage());
        }
        try {
            ModelState.restoreWithSteps("generator", generator.generator(), generator.optimizer(), file);
            return file.longTensor("step")[0];
        } catch (IllegalArgumentException e) {
            throw new CheckpointRejected("not a generator checkpoint of this run: " + e.getMessage());
        }
    }
}
