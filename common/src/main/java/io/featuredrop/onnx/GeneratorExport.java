package io.featuredrop.onnx;

import ai.djl.ndarray.types.Shape;
import io.featuredrop.model.GeneratorSpec;
import io.featuredrop.model.ViewmakerGenerator;
import onnx.Onnx.ModelProto;

import java.util.Map;

/**
 * A trained {@link ViewmakerGenerator} as an ONNX model. Inputs: {@code images} [batch, C, H, W] in
 * [0, 1] and one uniform [0, 1) noise channel per noise block, {@code noise_0} (full resolution,
 * before the first conv) and {@code noise_1}..{@code noise_B} (one per residual block), so a caller
 * draws the randomness and the same noise gives the same views as in DJL. Output {@code views}:
 * x + delta with each example's mean |delta| equal to the budget (clamped to [0, 1] when the run did).
 */
public final class GeneratorExport {

    public static final String INPUT = "images";
    public static final String VIEWS = "views";

    private GeneratorExport() {
    }

    public static ModelProto model(ViewmakerGenerator generator, ExportInfo info) {
        OnnxGraph graph = new OnnxGraph("featuredrop_viewmaker");
        String images = graph.input(INPUT, info.channels(), info.height(), info.width());
        int[] noiseInputs = {0};
        BlockGraphWriter writer = new BlockGraphWriter(graph,
                shape -> graph.input("noise_" + noiseInputs[0]++, shape.get(1), shape.get(2), shape.get(3)));
        BlockGraphWriter.Value out = writer.write(generator.network(),
                new BlockGraphWriter.Value(images, new Shape(1, info.channels(), info.height(), info.width())));
        GeneratorSpec spec = generator.spec();
        // delta = tanh(out) * budget / (mean |tanh(out)| per example + epsilon), as ViewmakerGenerator.budgeted
        String delta = graph.node("Tanh", out.name());
        String meanAbs = graph.node("ReduceMean", new String[] {graph.node("Abs", delta)}, "ReduceMean",
                Map.of("axes", new long[] {1, 2, 3}, "keepdims", 1L));
        String scaled = graph.node("Div", graph.node("Mul", delta, graph.constant("budget", new float[] {(float) spec.budget()})),
                graph.node("Add", meanAbs, graph.constant("budget_epsilon", new float[] {ViewmakerGenerator.BUDGET_EPSILON})));
        String views = graph.node("Add", images, scaled);
        if (spec.clampViews()) {
            views = graph.node("Clip", views, graph.constant("zero", new float[] {0f}), graph.constant("one", new float[] {1f}));
        }
        graph.output(views, VIEWS, info.channels(), info.height(), info.width());
        Map<String, String> meta = info.metadata();
        meta.put("featuredrop.kind", "generator");
        meta.put("featuredrop.generator", "width " + spec.width() + ", " + spec.residualBlocks() + " residual blocks");
        meta.put("featuredrop.budget", Double.toString(spec.budget()));
        meta.put("featuredrop.noise_inputs", Integer.toString(noiseInputs[0]));
        return graph.model(meta, "featuredrop Viewmaker generator of run " + info.runId() + " at step " + info.step()
                + "; inputs: images in [0, 1] and noise_0..noise_" + (noiseInputs[0] - 1) + ", uniform [0, 1) noise channels");
    }
}
