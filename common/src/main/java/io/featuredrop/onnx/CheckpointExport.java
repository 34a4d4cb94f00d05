package io.featuredrop.onnx;

import ai.djl.ndarray.NDManager;
import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.EncoderSnapshot;
import io.featuredrop.checkpoint.GeneratorSnapshot;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.events.RunConfig;
import onnx.Onnx.ModelProto;

/**
 * ONNX models from checkpoint files: the encoder of an ENCODER checkpoint (or of a {@code train-local}
 * checkpoint, which holds both networks) and the Viewmaker of a GENERATOR one. The weights are read
 * into a scratch manager, copied into the model and released.
 */
public final class CheckpointExport {

    private CheckpointExport() {
    }

    public static ModelProto encoder(byte[] checkpoint) throws CheckpointRejected {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderSnapshot.Loaded loaded = EncoderSnapshot.load(checkpoint, manager);
            return EncoderExport.model(loaded.encoder(), info(loaded.config(), loaded.step()));
        }
    }

    public static ModelProto generator(byte[] checkpoint) throws CheckpointRejected {
        try (NDManager manager = NDManager.newBaseManager()) {
            GeneratorSnapshot.Loaded loaded = GeneratorSnapshot.load(checkpoint, manager);
            return GeneratorExport.model(loaded.generator(), info(loaded.config(), loaded.step()));
        }
    }

    /** The export metadata of a run's network at a checkpoint step. */
    public static ExportInfo info(RunConfig config, long step) {
        DatasetInfo data = DatasetRegistry.find(config.dataset())
                .orElseThrow(() -> new IllegalArgumentException("unknown dataset " + config.dataset()));
        return new ExportInfo(config.runId(), step, config.dataset(), config.mode().wireName(), data.channels(), data.height(), data.width());
    }
}
