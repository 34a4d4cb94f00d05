package io.featuredrop.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;

/**
 * PyTorch's ReflectionPad2d as a block ({@link ImageOps#reflectionPad}) whose padding is readable,
 * so the ONNX export can write it; a {@link LambdaBlock} as before (same initialisation).
 */
public final class ReflectionPad extends LambdaBlock {

    private final int padding;

    public ReflectionPad(int padding) {
        super(inputs -> new NDList(ImageOps.reflectionPad(inputs.singletonOrThrow(), padding)), "reflectionPad");
        this.padding = padding;
    }

    public int padding() {
        return padding;
    }
}
