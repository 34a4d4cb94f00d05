package io.featuredrop.onnx;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.featuredrop.model.InstanceNorm;
import io.featuredrop.model.NearestUpsample;
import io.featuredrop.model.NoiseChannel;
import io.featuredrop.model.ReflectionPad;

import java.util.Map;
import java.util.function.Function;

/**
 * Writes a tree of DJL blocks as ONNX nodes, block by block, with the trained weights as
 * initializers. It knows the blocks featuredrop's encoder and Viewmaker are made of; any other
 * block is refused by name, so a new layer type cannot be exported silently wrong. Shapes are
 * followed with the blocks' own {@code getOutputShapes} (batch 1 stands for the dynamic batch).
 */
final class BlockGraphWriter {

    /** The epsilon a DJL BatchNorm block was built with (the block keeps it private; read by reflection). */
    static float batchNormEpsilon(BatchNorm block) {
        try {
            java.lang.reflect.Field f = BatchNorm.class.getDeclaredField("epsilon");
            f.setAccessible(true);
            return f.getFloat(block);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the epsilon of a DJL BatchNorm (DJL changed?): " + e, e);
        }
    }

    /** A value in the graph and its shape. */
    record Value(String name, Shape shape) {
    }

    private final OnnxGraph graph;
    private final Function<Shape, String> noiseInput;

    /** {@code noiseInput} makes the model input a {@link NoiseChannel} reads, given the channel's shape. */
    BlockGraphWriter(OnnxGraph graph, Function<Shape, String> noiseInput) {
        this.graph = graph;
        this.noiseInput = noiseInput;
    }

    Value write(Block block, Value in) {
        if (block instanceof SequentialBlock s) {
            Value v = in;
            for (Block child : s.getChildren().values()) {
                v = write(child, v);
            }
            return v;
        }
        if (block instanceof ParallelBlock p) {
            // featuredrop's parallel blocks are residual connections: main path + shortcut, summed
            if (p.getChildren().size() != 2) {
                throw new UnsupportedOperationException("only two-branch residual ParallelBlocks are exported, this one has "
                        + p.getChildren().size() + " branches");
            }
            Value a = write(p.getChildren().get(0).getValue(), in);
            Value b = write(p.getChildren().get(1).getValue(), in);
            return new Value(graph.node("Add", a.name(), b.name()), a.shape());
        }
        Shape out = block.getOutputShapes(new Shape[] {in.shape()})[0];
        if (block instanceof Conv2d c) {
            return new Value(conv(c, in), out);
        }
        if (block instanceof BatchNorm bn) {
            return new Value(graph.node("BatchNormalization", new String[] {in.name(), param(block, "gamma"), param(block, "beta"),
                    param(block, "runningMean"), param(block, "runningVar")}, "BatchNormalization", Map.of("epsilon", batchNormEpsilon(bn))), out);
        }
        if (block instanceof Linear) {
            return new Value(graph.node("Gemm", new String[] {in.name(), param(block, "weight"), param(block, "bias")}, "Gemm",
                    Map.of("transB", 1L)), out);
        }
        if (block instanceof InstanceNorm) {
            return new Value(graph.node("InstanceNormalization", new String[] {in.name(), param(block, "gamma"), param(block, "beta")},
                    "InstanceNormalization", Map.of("epsilon", InstanceNorm.EPSILON)), out);
        }
        if (block instanceof ReflectionPad r) {
            long p = r.padding();
            String pads = graph.constantLongs("pads", 0, 0, p, p, 0, 0, p, p);
            return new Value(graph.node("Pad", new String[] {in.name(), pads}, "Pad", Map.of("mode", "reflect")), out);
        }
        if (block instanceof NearestUpsample u) {
            String scales = graph.constant("scales", new float[] {1f, 1f, u.factor(), u.factor()}, 4);
            // PyTorch's nearest: source index = floor(target index / factor)
            return new Value(graph.node("Resize", new String[] {in.name(), "", scales}, "Resize", Map.of("mode", "nearest",
                    "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor")), out);
        }
        if (block instanceof NoiseChannel) {
            Shape s = in.shape();
            String noise = noiseInput.apply(new Shape(s.get(0), 1, s.get(2), s.get(3)));
            return new Value(graph.node("Concat", new String[] {in.name(), noise}, "Concat", Map.of("axis", 1L)), out);
        }
        if (block instanceof LambdaBlock l) {
            return switch (l.getName()) {
                case "ReLU" -> new Value(graph.node("Relu", in.name()), out);
                case "identity" -> in;
                case "globalAvgPool2d" -> new Value(graph.node("GlobalAveragePool", in.name()), out);
                case "batchFlatten" -> new Value(graph.node("Flatten", new String[] {in.name()}, "Flatten", Map.of("axis", 1L)), out);
                default -> throw new UnsupportedOperationException("no ONNX export for the lambda block '" + l.getName() + "'");
            };
        }
        throw new UnsupportedOperationException("no ONNX export for block " + block.getClass().getName());
    }

    private String conv(Conv2d c, Value in) {
        Shape k = c.getKernelShape();
        Shape stride = c.getStride();
        Shape pad = c.getPadding();
        Shape dilation = c.getDilation();
        String[] inputs = c.isIncludeBias() ? new String[] {in.name(), param(c, "weight"), param(c, "bias")}
                : new String[] {in.name(), param(c, "weight")};
        return graph.node("Conv", inputs, "Conv", Map.of("kernel_shape", k.getShape(), "strides", stride.getShape(),
                "pads", new long[] {pad.get(0), pad.get(1), pad.get(0), pad.get(1)}, "dilations", dilation.getShape(),
                "group", (long) c.getGroups()));
    }

    /** A block's trained parameter as an initializer. */
    private String param(Block block, String name) {
        Parameter p = block.getDirectParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " has no initialised parameter '" + name + "'");
        }
        return graph.constant(name, p.getArray().toFloatArray(), p.getArray().getShape().getShape());
    }
}
