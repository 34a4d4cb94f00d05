package io.featuredrop.checkpoint;

import ai.djl.ndarray.NDManager;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.WirePrecision;
import io.featuredrop.model.EncoderSpec;
import io.featuredrop.model.Models;
import io.featuredrop.model.ResNetEncoder;
import io.featuredrop.train.EncoderTrainer;
import io.featuredrop.train.ModelState;
import io.featuredrop.wire.FloatTensor;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.SafetensorsCodec;
import io.featuredrop.wire.TensorFile;
import io.featuredrop.wire.WireFormatException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of an {@code ENCODER} checkpoint: encoder weights and optimiser state under
 * {@code encoder/} and {@code encoder.opt/}, the next step, and the run config as metadata. It is
 * the encoder part of the single-process {@link io.featuredrop.train.TrainingCheckpoint}, so the
 * evaluator reads a trainer-service checkpoint and a {@code train-local} one alike.
 */
public final class EncoderSnapshot {

    /** An encoder rebuilt from a checkpoint, ready for probing. */
    public record Loaded(RunConfig config, long step, ResNetEncoder encoder) {
    }

    private EncoderSnapshot() {
    }

    public static byte[] encode(RunConfig config, EncoderTrainer trainer, long nextStep) {
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        ModelState.captureWithSteps("encoder", trainer.encoder(), trainer.optimizer(), floats, longs);
        return SafetensorsCodec.encode(ModelState.runFile(config, nextStep, floats, longs), WirePrecision.FP32);
    }

    /** Restores weights and optimiser state into a trainer built from the same config; returns the next step. */
    public static long restore(byte[] bytes, EncoderTrainer trainer) throws CheckpointRejected {
        TensorFile file = decode(bytes);
        try {
            ModelState.restoreWithSteps("encoder", trainer.encoder(), trainer.optimizer(), file);
            return file.longTensor("step")[0];
        } catch (IllegalArgumentException e) {
            throw new CheckpointRejected("not an encoder checkpoint of this run: " + e.getMessage());
        }
    }

    /** The run's encoder with the checkpoint's weights (no optimiser), in {@code manager}. */
    public static Loaded load(byte[] bytes, NDManager manager) throws CheckpointRejected {
        TensorFile file = decode(bytes);
        try {
            RunConfig config = JsonEvents.decode(file.meta("config").getBytes(java.nio.charset.StandardCharsets.UTF_8), RunConfig.class);
            DatasetInfo data = DatasetRegistry.find(config.dataset())
                    .orElseThrow(() -> new IllegalArgumentException("unknown dataset " + config.dataset()));
            ResNetEncoder encoder = // the initial weights are overwritten by the snapshot's right below, so no re-draw is needed
            Models.encoder(EncoderSpec.of(config), data, manager, config.seed(), io.featuredrop.model.WeightInit.DJL);
            ModelState.restoreWeights("encoder", encoder, file.floats());
            return new Loaded(config, file.longTensor("step")[0], encoder);
        } catch (RuntimeException e) {
            throw new CheckpointRejected("not a readable encoder checkpoint: " + e.getMessage());
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
