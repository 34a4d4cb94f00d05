package io.featuredrop.checkpoint;

import ai.djl.ndarray.NDManager;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.WirePrecision;
import io.featuredrop.model.GeneratorSpec;
import io.featuredrop.model.Models;
import io.featuredrop.model.ViewmakerGenerator;
import io.featuredrop.model.WeightInit;
import io.featuredrop.train.GeneratorTrainer;
import io.featuredrop.train.ModelState;
import io.featuredrop.wire.FloatTensor;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.SafetensorsCodec;
import io.featuredrop.wire.TensorFile;
import io.featuredrop.wire.WireFormatException;

import java.nio.charset.StandardCharsets;
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

    /** A generator rebuilt from a checkpoint (weights only), e.g. for export. */
    public record Loaded(RunConfig config, long step, ViewmakerGenerator generator) {
    }

    private GeneratorSnapshot() {
    }

    /** The run's generator with the checkpoint's weights (no optimiser), in {@code manager}. */
    public static Loaded load(byte[] bytes, NDManager manager) throws CheckpointRejected {
        TensorFile file = decode(bytes);
        try {
            RunConfig config = io.featuredrop.wire.JsonEvents.decode(file.meta("config").getBytes(StandardCharsets.UTF_8), RunConfig.class);
            if (file.floats().keySet().stream().noneMatch(k -> k.startsWith("generator/"))) {
                throw new CheckpointRejected("this checkpoint holds no Viewmaker generator (an ENCODER checkpoint? the generator is in the "
                        + "run's GENERATOR checkpoints and in train-local checkpoints)");
            }
            if (!config.mode().usesViewmaker()) {
                throw new CheckpointRejected("run " + config.runId() + " (mode " + config.mode() + ") has no Viewmaker generator");
            }
            DatasetInfo data = io.featuredrop.data.DatasetRegistry.find(config.dataset())
                    .orElseThrow(() -> new IllegalArgumentException("unknown dataset " + config.dataset()));
            // the initial weights are overwritten by the snapshot's right below
            ViewmakerGenerator generator = io.featuredrop.model.Models.generator(
                    io.featuredrop.model.GeneratorSpec.of(config), data, manager, config.seed(), io.featuredrop.model.WeightInit.DJL);
            ModelState.restoreWeights("generator", generator, file.floats());
            return new Loaded(config, file.longTensor("step")[0], generator);
        } catch (RuntimeException e) {
            throw new CheckpointRejected("not a readable generator checkpoint: " + e.getMessage());
        }
    }

    public static byte[] encode(RunConfig config, GeneratorTrainer generator, long nextStep) {
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        ModelState.captureWithSteps("generator", generator.generator(), generator.optimizer(), floats, longs);
        return SafetensorsCodec.encode(ModelState.runFile(config, nextStep, floats, longs), WirePrecision.FP32);
    }

    /** Restores weights and optimiser state into a generator built from the same config; returns the next step. */
    public static long restore(byte[] bytes, GeneratorTrainer generator) throws CheckpointRejected {
        TensorFile file = decode(bytes);
        try {
            ModelState.restoreWithSteps("generator", generator.generator(), generator.optimizer(), file);
            return file.longTensor("step")[0];
        } catch (IllegalArgumentException e) {
            throw new CheckpointRejected("not a generator checkpoint of this run: " + e.getMessage());
        }
    }

    private static TensorFile decode(byte[] bytes) throws CheckpointRejected {
        try {
            return SafetensorsCodec.decode(bytes);
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new CheckpointRejected("not a safetensors file: " + e.getMessage());
        }
    }
}
