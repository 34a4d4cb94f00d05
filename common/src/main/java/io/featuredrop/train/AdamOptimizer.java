package io.featuredrop.train;

import io.featuredrop.model.OwnedArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Adam as {@code torch.optim.Adam} (betas 0.9 / 0.999, eps 1e-8, bias-corrected); the generator's optimiser. */
public final class AdamOptimizer extends OwnedOptimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final float EPSILON = 1e-8f;
    private final double learningRate;

    public AdamOptimizer(NDManager parent, double learningRate) {
        super(parent);
        this.learningRate = learningRate;
    }

    @Override
    protected int buffersPerParameter() {
        return 2;
    }

    @Override
    protected void update(NDArray weight, NDArray gradient, NDArray[] buffers, long step) {
        NDArray m = buffers[0];
        NDArray v = buffers[1];
        OwnedArrays.muli(m, (float) BETA1).addi(OwnedArrays.mul(gradient, (float) (1 - BETA1)));
        OwnedArrays.muli(v, (float) BETA2).addi(OwnedArrays.mul(gradient.square(), (float) (1 - BETA2)));
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        NDArray denominator = OwnedArrays.add(OwnedArrays.div(v.sqrt(), (float) Math.sqrt(correction2)), EPSILON);
        weight.subi(OwnedArrays.mul(m.div(denominator), (float) (learningRate / correction1)));
    }
}
