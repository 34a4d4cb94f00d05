package io.featuredrop.probe;

import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.onnx.EncoderExport;
import io.featuredrop.onnx.OnnxModelFile;
import io.featuredrop.split.EncoderSide;
import io.featuredrop.split.ViewProducer;
import io.featuredrop.train.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluator's two ways to probe a checkpoint agree: features from the rebuilt encoder on PyTorch
 * and from its ONNX export on ONNX Runtime give the same accuracies; the export lands beside the
 * checkpoint, every result names its feature engine, and retention deletes the export with the checkpoint.
 */
@Tag("fast")
class ProbeEnginesTest {

    @TempDir
    Path dir;

    @Test
    void pytorchAndOnnxRuntimeProbesAgreeAndTheExportLiesBesideTheCheckpoint() throws Exception {
        RunConfig config = TestConfigs.tiny("expert", "\"batchSize\":8,\"probe\":{\"trainSize\":256,\"testSize\":128,\"epochs\":5,\"features\":\"pooled\"}");
        MultiTaskDataset data = Datasets.open(config.dataset());
        CheckpointStore store = new CheckpointStore(dir);
        Checkpoint written;
        try (ViewProducer augmenter = new ViewProducer(config, data); EncoderSide side = new EncoderSide(config, data.info())) {
            for (int i = 0; i < 3; i++) {
                ViewBatch batch = augmenter.next();
                side.train(batch);
            }
            written = store.write(config.runId(), CheckpointKind.ENCODER, side.nextStep(), side.snapshot(), "test");
        }
        List<EvalResult> torch = CheckpointProbe.evaluate(store, written, Map.of(), new CheckpointProbe.Options(FeatureEngine.PYTORCH, false));
        Path onnx = store.resolve(CheckpointStore.onnxUri(written.uri()));
        assertFalse(Files.exists(onnx), "no export unless asked");
        List<EvalResult> ort = CheckpointProbe.evaluate(store, written, Map.of(), new CheckpointProbe.Options(FeatureEngine.ONNXRUNTIME, true));
        assertEquals(2, torch.size());
        for (int t = 0; t < torch.size(); t++) {
            assertEquals(torch.get(t).task(), ort.get(t).task());
            // features agree to ~1e-6; the probe's SGD sees the same numbers up to that, so at most one test image may flip
            assertEquals(torch.get(t).accuracy(), ort.get(t).accuracy(), 1.0 / 128 + 1e-9, torch.get(t).task());
            assertEquals(torch.get(t).labelRetention(), ort.get(t).labelRetention(), 1.0 / 128 + 1e-9, torch.get(t).task());
            assertEquals("pytorch", torch.get(t).provenance().get("features.engine"));
            assertEquals("onnxruntime", ort.get(t).provenance().get("features.engine"));
            assertEquals(CheckpointStore.onnxUri(written.uri()), ort.get(t).provenance().get("onnx.file"));
        }
        assertEquals("t/encoder-step-00000003.onnx", CheckpointStore.onnxUri(written.uri()));
        assertTrue(Files.exists(onnx), "the export lies beside the checkpoint");
        Map<String, String> meta = OnnxModelFile.metadata(OnnxModelFile.read(onnx));
        assertEquals(config.runId(), meta.get("featuredrop.run_id"));
        assertEquals("3", meta.get("featuredrop.step"));
        assertEquals(List.of(EncoderExport.FEATURES, EncoderExport.PREPOOL_FEATURES, EncoderExport.EMBEDDING),
                OnnxModelFile.read(onnx).getGraph().getOutputList().stream().map(v -> v.getName()).toList());

        store.delete(store.list(config.runId(), CheckpointKind.ENCODER).get(0));
        assertFalse(Files.exists(onnx), "retention deletes the export with its checkpoint");
        assertFalse(Files.exists(store.resolve(written.uri())));
    }

    @Test
    void anUnknownFeatureEngineIsRefusedByName() {
        assertEquals(FeatureEngine.ONNXRUNTIME, FeatureEngine.parse("onnxruntime"));
        assertEquals(FeatureEngine.PYTORCH, FeatureEngine.parse(" PyTorch "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureEngine.parse("tensorrt"));
        assertTrue(e.getMessage().contains("tensorrt") && e.getMessage().contains("pytorch, onnxruntime"), e.getMessage());
    }
}
