package io.featuredrop.probe;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.checkpoint.EncoderSnapshot;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.onnx.CheckpointExport;
import io.featuredrop.onnx.EncoderExport;
import io.featuredrop.onnx.OnnxFeatureExtractor;
import io.featuredrop.onnx.OnnxModelFile;
import io.featuredrop.train.ViewRenderer;
import onnx.Onnx.ModelProto;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the evaluator does with one {@code ENCODER} checkpoint: verify the file against the event's
 * sha256, rebuild the run's encoder from it, fit one linear probe per task of the run's dataset
 * (settings from the run config) and turn each into an {@link EvalResult}. The label-destruction
 * diagnostic renders the run's own views: the expert recipe, or in Viewmaker modes the generator of
 * the paired GENERATOR checkpoint (same run and step; the augmenter writes it at the same moment, so
 * it is waited for briefly). Without it {@code labelRetention} is null.
 */
public final class CheckpointProbe {

    private CheckpointProbe() {
    }

    /**
     * How the probe's features are extracted, and whether the encoder's ONNX export is written beside
     * the checkpoint ({@code encoder-step-N.onnx}; retention deletes it with the checkpoint).
     */
    public record Options(FeatureEngine engine, boolean writeOnnx) {
        public static final Options DEFAULT = new Options(FeatureEngine.PYTORCH, false);
    }

    public static List<EvalResult> evaluate(CheckpointStore store, Checkpoint checkpoint, Map<String, String> provenance)
            throws CheckpointRejected {
        return evaluate(store, checkpoint, provenance, Options.DEFAULT);
    }

    public static List<EvalResult> evaluate(CheckpointStore store, Checkpoint checkpoint, Map<String, String> provenance, Options options)
            throws CheckpointRejected {
        if (checkpoint.kind() != CheckpointKind.ENCODER) {
            throw new IllegalArgumentException("only ENCODER checkpoints are probed, got " + checkpoint.kind());
        }
        byte[] bytes = store.read(checkpoint);
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderSnapshot.Loaded loaded = EncoderSnapshot.load(bytes, manager);
            RunConfig config = loaded.config();
            if (!config.runId().equals(checkpoint.runId()) || loaded.step() != checkpoint.step()) {
                throw new CheckpointRejected("checkpoint file holds run " + config.runId() + " step " + loaded.step()
                        + ", the event announces run " + checkpoint.runId() + " step " + checkpoint.step());
            }
            MultiTaskDataset dataset = open(config);
            ProbeSettings settings = config.probe() == null ? ProbeSettings.defaults() : config.probe();
            ViewRenderer views = RunViews.at(store, config, dataset, checkpoint.step(), GENERATOR_WAIT, manager).orElse(null);
            Map<String, String> withWriter = new java.util.LinkedHashMap<>(provenance);
            ModelProto onnx = options.writeOnnx() || options.engine() == FeatureEngine.ONNXRUNTIME
                    ? EncoderExport.model(loaded.encoder(), CheckpointExport.info(config, loaded.step())) : null;
            if (options.writeOnnx()) {
                String uri = CheckpointStore.onnxUri(checkpoint.uri());
                try {
                    OnnxModelFile.write(onnx, store.resolve(uri));
                    withWriter.put("onnx.file", uri);
                } catch (IOException | RuntimeException e) {
                    // the probe does not depend on the file; the result says it is missing and why
                    withWriter.put("onnx.file", "not written: " + e.getMessage());
                }
            }
            OnnxFeatureExtractor onnxRuntime = null;
            if (options.engine() == FeatureEngine.ONNXRUNTIME) {
                try {
                    onnxRuntime = new OnnxFeatureExtractor(onnx.toByteArray(), JniUtils.getNumThreads());
                } catch (OnnxModelFile.MalformedOnnxModel | RuntimeException | LinkageError e) {
                    // no ONNX Runtime here (natives missing, a broken install): the probe still runs, on PyTorch, and says why
                    withWriter.put("features.fallback", "onnxruntime unavailable, features from pytorch: " + e);
                }
            }
            ProbeReport report;
            if (onnxRuntime != null) {
                try (OnnxFeatureExtractor extractor = onnxRuntime) {
                    report = ProbeSuite.evaluate(extractor, dataset, settings, config.seed(), views, manager);
                }
            } else {
                report = ProbeSuite.evaluate(loaded.encoder(), dataset, settings, config.seed(), views, manager);
            }
            withWriter.put("features.engine", onnxRuntime != null ? FeatureEngine.ONNXRUNTIME.settingName() : FeatureEngine.PYTORCH.settingName());
            ProbeSettings used = new ProbeSettings(settings.protocolName(), report.features(), report.trainedOn(), report.trainSize(), report.testSize(),
                    report.epochs(), settings.learningRate());
            Instant now = Instant.now();
            if (checkpoint.compute() != null) {
                // the trainer's engine and threads: the checkpoint's bits depend on them
                checkpoint.compute().forEach((k, v) -> withWriter.put("trainer." + k, v));
            }
            return report.tasks().stream().map(t -> new EvalResult(EvalResult.SCHEMA_VERSION, config.runId(), checkpoint.step(),
                    t.task(), t.classes(), t.accuracy(), Double.isNaN(t.labelRetention()) ? null : t.labelRetention(), used,
                    report.solver(), checkpoint.sha256(), Map.copyOf(withWriter), now)).toList();
        }
    }

    /** How long a Viewmaker checkpoint's probe waits for its paired generator checkpoint to appear. */
    static final java.time.Duration GENERATOR_WAIT = java.time.Duration.ofSeconds(15);

    private static MultiTaskDataset open(RunConfig config) throws CheckpointRejected {
        try {
            return Datasets.open(config.dataset());
        } catch (IOException e) {
            throw new CheckpointRejected("dataset " + config.dataset() + " cannot be opened here: " + e.getMessage());
        }
    }
}
