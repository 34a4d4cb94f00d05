package io.featuredrop.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;

import java.util.function.Supplier;

/**
 * Appends one channel of uniform [0, 1) noise ({@link ImageOps#withNoiseChannel}), drawn from the
 * generator's current {@link NoiseSource}; in an ONNX export each such channel becomes a model input.
 * A {@link LambdaBlock}, as the generator's noise step always was: DJL runs a lambda block's function
 * to learn its output shape, so initialisation draws the same engine noise as before and a seed
 * gives the same initial weights (ViewmakerGeneratorTest pins them).
 */
public final class NoiseChannel extends LambdaBlock {

    public NoiseChannel(Supplier<NoiseSource> noise) {
        super(inputs -> new NDList(ImageOps.withNoiseChannel(inputs.singletonOrThrow(), noise.get())), "noise");
    }
}
