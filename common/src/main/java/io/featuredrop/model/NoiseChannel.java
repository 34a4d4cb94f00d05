package io.featuredrop.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.function.Supplier;

/**
 * Appends one channel of uniform [0, 1) noise ({@link ImageOps#withNoiseChannel}), drawn from the
 * generator's current {@link NoiseSource}; in an ONNX export each such channel becomes a model input.
 */
public final class NoiseChannel extends AbstractBlock {

    private final Supplier<NoiseSource> noise;

    public NoiseChannel(Supplier<NoiseSource> noise) {
        this.noise = noise;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(ImageOps.withNoiseChannel(inputs.singletonOrThrow(), noise.get()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1) + 1, s.get(2), s.get(3))};
    }
}
