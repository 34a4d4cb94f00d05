package io.featuredrop.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;

/**
 * Nearest-neighbour upsampling by an integer factor as a block ({@link ImageOps#upsampleNearest})
 * whose factor is readable for the ONNX export; a {@link LambdaBlock} as before (same initialisation).
 */
public final class NearestUpsample extends LambdaBlock {

    private final int factor;

    public NearestUpsample(int factor) {
        super(inputs -> new NDList(ImageOps.upsampleNearest(inputs.singletonOrThrow(), factor)), "upsample");
        this.factor = factor;
    }

    public int factor() {
        return factor;
    }
}
