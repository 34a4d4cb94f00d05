package io.featuredrop.onnx;

import ai.djl.ndarray.types.Shape;
import io.featuredrop.data.InputStatistics;
import io.featuredrop.model.ResNetEncoder;
import onnx.Onnx.ModelProto;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A trained {@link ResNetEncoder} as an ONNX model. Input {@code images}: [batch, C, H, W] in [0, 1]
 * (the dataset normalisation is inside the model, as in the encoder). Outputs: {@code features}
 * [batch, 8w], the pooled features ({@code probe.features: pooled}); {@code prepool_features}
 * [batch, 8w*h*w], the last block's output flattened as {@link ResNetEncoder#features} does; and
 * {@code embedding} [batch, d], the SimCLR embedding (after the projection head when there is one).
 */
public final class EncoderExport {

    public static final String INPUT = "images";
    public static final String FEATURES = "features";
    public static final String PREPOOL_FEATURES = "prepool_features";
    public static final String EMBEDDING = "embedding";

    private EncoderExport() {
    }

    public static ModelProto model(ResNetEncoder encoder, ExportInfo info) {
        OnnxGraph graph = new OnnxGraph("featuredrop_encoder");
        BlockGraphWriter writer = new BlockGraphWriter(graph, shape -> {
            throw new IllegalStateException("the encoder has no noise channels");
        });
        int c = info.channels();
        String images = graph.input(INPUT, c, info.height(), info.width());
        String x = images;
        InputStatistics stats = encoder.inputNormalization();
        Map<String, String> meta = info.metadata();
        meta.put("featuredrop.kind", "encoder");
        meta.put("featuredrop.encoder", encoder.spec().architecture() + " width " + encoder.spec().width());
        if (stats != null) {
            // the same float constants as ResNetEncoder.normalized: (x - mean) * (1 / std)
            float[] mean = new float[c];
            float[] inverseStd = new float[c];
            for (int i = 0; i < c; i++) {
                mean[i] = (float) stats.mean()[i];
                inverseStd[i] = (float) (1.0 / stats.std()[i]);
            }
            x = graph.node("Sub", x, graph.constant("mean", mean, 1, c, 1, 1));
            x = graph.node("Mul", x, graph.constant("inverse_std", inverseStd, 1, c, 1, 1));
            meta.put("featuredrop.normalization.mean", join(stats.mean()));
            meta.put("featuredrop.normalization.std", join(stats.std()));
        } else {
            meta.put("featuredrop.normalization", "none");
        }
        BlockGraphWriter.Value prepool = writer.write(encoder.trunk(), new BlockGraphWriter.Value(x, new Shape(1, c, info.height(), info.width())));
        Shape p = prepool.shape();
        String pooled = graph.node("Flatten", new String[] {graph.node("GlobalAveragePool", prepool.name())}, "Flatten", Map.of("axis", 1L));
        String flat = graph.node("Flatten", new String[] {prepool.name()}, "Flatten", Map.of("axis", 1L));
        BlockGraphWriter.Value embedding = writer.write(encoder.head(), prepool);
        graph.output(pooled, FEATURES, p.get(1));
        graph.output(flat, PREPOOL_FEATURES, p.get(1) * p.get(2) * p.get(3));
        graph.output(embedding.name(), EMBEDDING, embedding.shape().get(1));
        return graph.model(meta, "featuredrop SimCLR encoder of run " + info.runId() + " at step " + info.step()
                + "; input images in [0, 1], normalised inside the model");
    }

    static String join(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
    }
}
