package io.featuredrop.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** PyTorch's ReflectionPad2d as a block ({@link ImageOps#reflectionPad}); its padding is readable, so the ONNX export can write it. */
public final class ReflectionPad extends AbstractBlock {

    private final int padding;

    public ReflectionPad(int padding) {
        this.padding = padding;
    }

    public int padding() {
        return padding;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(ImageOps.reflectionPad(inputs.singletonOrThrow(), padding));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) + 2L * padding, s.get(3) + 2L * padding)};
    }
}
