package io.featuredrop.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.model.EncoderSpec;
import io.featuredrop.model.GeneratorSpec;
import io.featuredrop.model.Models;
import io.featuredrop.model.NoiseSource;
import io.featuredrop.model.OwnedArrays;
import io.featuredrop.model.ResNetEncoder;
import io.featuredrop.model.ViewmakerGenerator;
import io.featuredrop.model.WeightInit;
import io.featuredrop.probe.Features;
import io.featuredrop.probe.TorchFeatureExtractor;
import io.featuredrop.train.GradMode;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported ONNX models compute what the DJL networks compute: for random inputs, ONNX Runtime's
 * outputs equal DJL PyTorch's within 1e-4 for every encoder preset (both architectures, with and
 * without the projection head and input normalisation, grey 28x28 and colour 32x32) and for the
 * Viewmaker generator (same noise fed to both), at more than one batch size.
 */
@Tag("fast")
class OnnxExportTest {

    static final double TOLERANCE = 1e-4;
    static final DatasetInfo GREY = DatasetRegistry.find("fashion-mnist+mnist").orElseThrow();
    static final DatasetInfo COLOUR = DatasetRegistry.find("cifar10+mnist").orElseThrow();

    @Test
    void everyEncoderPresetMatchesDjlOnOnnxRuntime() throws Exception {
        int checked = 0;
        for (String architecture : new String[] {"resnet-small", "resnet18"}) {
            for (boolean head : new boolean[] {false, true}) {
                for (boolean normalize : new boolean[] {true, false}) {
                    for (DatasetInfo data : new DatasetInfo[] {GREY, COLOUR}) {
                        String what = architecture + (head ? " +head" : "") + (normalize ? " normalised" : "") + " " + data.name();
                        encoderParity(new EncoderSpec(architecture, 4, 8, head, normalize), data, what);
                        checked++;
                    }
                }
            }
        }
        assertEquals(16, checked);
    }

    private static void encoderParity(EncoderSpec spec, DatasetInfo data, String what) throws Exception {
        GradMode.off();
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetEncoder encoder = Models.encoder(spec, data, m, 7, WeightInit.PYTORCH);
            randomizeBatchNormStatistics(encoder, new SplittableRandom(3));
            ModelProto model = EncoderExport.model(encoder, info(data));
            try (OnnxSession onnx = new OnnxSession(model.toByteArray(), what, 1)) {
                for (int n : new int[] {1, 5}) {
                    float[] images = uniform(n * data.channels() * data.height() * data.width(), n);
                    long[] shape = {n, data.channels(), data.height(), data.width()};
                    Map<String, float[]> got = onnx.run(Map.of(EncoderExport.INPUT, new OnnxSession.Input(images, shape)));
                    NDArray x = OwnedArrays.of(m, images, new Shape(shape));
                    ParameterStore store = new ParameterStore(m, false);
                    assertClose(encoder.features(store, x, true).toFloatArray(), got.get(EncoderExport.FEATURES), what + " pooled, batch " + n);
                    assertClose(encoder.features(store, x, false).toFloatArray(), got.get(EncoderExport.PREPOOL_FEATURES), what + " prepool, batch " + n);
                    assertClose(encoder.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray(), got.get(EncoderExport.EMBEDDING),
                            what + " embedding, batch " + n);
                }
            }
        }
    }

    @Test
    void theFeatureExtractorsAgreeChunkByChunk() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetEncoder encoder = Models.encoder(new EncoderSpec("resnet-small", 4, 8, false, true), GREY, m, 1, WeightInit.PYTORCH);
            randomizeBatchNormStatistics(encoder, new SplittableRandom(5));
            int n = 300; // more than one chunk of 256
            float[] images = uniform(n * 28 * 28, 9);
            try (OnnxFeatureExtractor onnx = new OnnxFeatureExtractor(EncoderExport.model(encoder, info(GREY)).toByteArray(), 1)) {
                for (boolean pooled : new boolean[] {true, false}) {
                    Features expected = new TorchFeatureExtractor(encoder, m).extract(images, n, 1, 28, 28, pooled);
                    Features got = onnx.extract(images, n, 1, 28, 28, pooled);
                    assertEquals(expected.dim(), got.dim());
                    assertClose(expected.values(), got.values(), pooled ? "pooled" : "prepool");
                }
            }
        }
    }

    @Test
    void theViewmakerGeneratorMatchesDjlGivenTheSameNoise() throws Exception {
        for (DatasetInfo data : new DatasetInfo[] {GREY, COLOUR}) {
            for (boolean clamp : new boolean[] {false, true}) {
                generatorParity(new GeneratorSpec(4, 2, 0.05, clamp), data, data.name() + (clamp ? " clamped" : ""));
            }
            generatorParity(new GeneratorSpec(4, 1, 1.0, false), data, data.name() + " budget 1");
        }
    }

    private static void generatorParity(GeneratorSpec spec, DatasetInfo data, String what) throws Exception {
        GradMode.off();
        try (NDManager m = NDManager.newBaseManager()) {
            ViewmakerGenerator g = Models.generator(spec, data, m, 11, WeightInit.PYTORCH);
            ModelProto model = GeneratorExport.model(g, info(data));
            assertEquals(1 + spec.residualBlocks() + 1, model.getGraph().getInputCount(), "images + one noise input per noise channel");
            int n = 3;
            int c = data.channels();
            int h = data.height();
            int w = data.width();
            float[] images = uniform(n * c * h * w, 21);
            Map<String, OnnxSession.Input> inputs = new LinkedHashMap<>();
            inputs.put(GeneratorExport.INPUT, new OnnxSession.Input(images, n, c, h, w));
            List<float[]> noise = new ArrayList<>();
            for (int i = 1; i < model.getGraph().getInputCount(); i++) {
                var dims = model.getGraph().getInput(i).getType().getTensorType().getShape().getDimList();
                long[] shape = {n, dims.get(1).getDimValue(), dims.get(2).getDimValue(), dims.get(3).getDimValue()};
                float[] values = uniform(Math.toIntExact(n * shape[1] * shape[2] * shape[3]), 100 + i);
                noise.add(values);
                inputs.put(model.getGraph().getInput(i).getName(), new OnnxSession.Input(values, shape));
            }
            int[] drawn = {0};
            g.useNoise((manager, shape) -> OwnedArrays.of(manager, noise.get(drawn[0]++), shape));
            float[] expected = g.forward(new ParameterStore(m, false), new NDList(OwnedArrays.of(m, images, new Shape(n, c, h, w))), false)
                    .singletonOrThrow().toFloatArray();
            assertEquals(noise.size(), drawn[0], "DJL drew one noise channel per ONNX noise input");
            try (OnnxSession onnx = new OnnxSession(model.toByteArray(), what, 1)) {
                float[] got = onnx.run(inputs, GeneratorExport.VIEWS).get(GeneratorExport.VIEWS);
                assertClose(expected, got, what + " views");
                // the perturbation itself, relative to its size (the budget): views near 1 would hide a small error in it
                double worst = 0;
                for (int i = 0; i < got.length; i++) {
                    worst = Math.max(worst, Math.abs((expected[i] - images[i]) - (got[i] - images[i])) / spec.budget());
                }
                assertTrue(worst <= 1e-3, what + ": delta differs by " + worst + " of the budget");
            }
            g.useNoise(NoiseSource.engine());
        }
    }

    @Test
    void theModelSaysWhatItIsAndTakesAnyBatchSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetEncoder encoder = Models.encoder(new EncoderSpec("resnet-small", 4, 8, false, true), GREY, m, 1, WeightInit.PYTORCH);
            ModelProto model = EncoderExport.model(encoder, new ExportInfo("run-7", 300, GREY.name(), "viewmaker", 1, 28, 28));
            assertTrue(model.getOpsetImport(0).getVersion() >= 17);
            assertEquals("images", model.getGraph().getInput(0).getName());
            assertEquals(OnnxGraph.BATCH, model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
            assertEquals(List.of("features", "prepool_features", "embedding"), model.getGraph().getOutputList().stream().map(v -> v.getName()).toList());
            Map<String, String> meta = OnnxModelFile.metadata(model);
            assertEquals("run-7", meta.get("featuredrop.run_id"));
            assertEquals("300", meta.get("featuredrop.step"));
            assertEquals(GREY.name(), meta.get("featuredrop.dataset"));
            assertEquals("viewmaker", meta.get("featuredrop.mode"));
            assertEquals("encoder", meta.get("featuredrop.kind"));
            assertEquals(EncoderExport.join(GREY.inputStatistics().mean()), meta.get("featuredrop.normalization.mean"));
            assertEquals(EncoderExport.join(GREY.inputStatistics().std()), meta.get("featuredrop.normalization.std"));
        }
    }

    @Test
    void truncatedOrForeignFilesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        byte[] good;
        try (NDManager m = NDManager.newBaseManager()) {
            good = EncoderExport.model(Models.encoder(new EncoderSpec("resnet-small", 4, 8, false, true), GREY, m, 1, WeightInit.PYTORCH),
                    info(GREY)).toByteArray();
        }
        Path file = dir.resolve("encoder.onnx");
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        var truncated = assertThrows(OnnxModelFile.MalformedOnnxModel.class, () -> OnnxModelFile.read(file));
        assertTrue(truncated.getMessage().contains("not an ONNX model") && truncated.getMessage().contains(file.toString()), truncated.getMessage());
        assertThrows(OnnxModelFile.MalformedOnnxModel.class, () -> new OnnxSession(java.util.Arrays.copyOf(good, good.length - 7), "cut", 1));
        var text = assertThrows(OnnxModelFile.MalformedOnnxModel.class,
                () -> OnnxModelFile.parse("{\"not\": \"onnx\"}".getBytes(), "config.json"));
        assertTrue(text.getMessage().startsWith("config.json"), text.getMessage());
        assertThrows(OnnxModelFile.MalformedOnnxModel.class, () -> OnnxModelFile.parse(new byte[0], "empty"));
        assertThrows(OnnxModelFile.MalformedOnnxModel.class, () -> new OnnxFeatureExtractor(new byte[] {8, 8}, 1));
        Files.write(file, good);
        assertEquals(OnnxModelFile.metadata(OnnxModelFile.parse(good, "x")), OnnxModelFile.metadata(OnnxModelFile.read(file)));
    }

    static ExportInfo info(DatasetInfo data) {
        return new ExportInfo("test-run", 0, data.name(), "viewmaker", data.channels(), data.height(), data.width());
    }

    /** Batch-norm running statistics away from their initial 0 / 1, so inference-mode normalisation is exercised. */
    static void randomizeBatchNormStatistics(Block block, SplittableRandom random) {
        if (block instanceof BatchNorm) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[Math.toIntExact(a.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = p.getKey().equals("runningVar") ? (float) (0.5 + random.nextDouble()) : (float) (random.nextDouble() - 0.5);
                }
                a.set(v);
            }
        }
        block.getChildren().values().forEach(child -> randomizeBatchNormStatistics(child, random));
    }

    static float[] uniform(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return v;
    }

    /** |a - b| <= 1e-4 * max(1, |a|) element by element. */
    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.max(1.0, Math.abs(expected[i]));
            assertTrue(Double.isFinite(actual[i]), what + ": non-finite at " + i);
            worst = Math.max(worst, err);
        }
        assertTrue(worst <= TOLERANCE, what + ": worst difference " + worst + " > " + TOLERANCE);
    }
}
