package io.featuredrop.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Nearest-neighbour upsampling by an integer factor as a block ({@link ImageOps#upsampleNearest}). */
public final class NearestUpsample extends AbstractBlock {

    private final int factor;

    public NearestUpsample(int factor) {
        this.factor = factor;
    }

    public int factor() {
        return factor;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(ImageOps.upsampleNearest(inputs.singletonOrThrow(), factor));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) * factor, s.get(3) * factor)};
    }
}
