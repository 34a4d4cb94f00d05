package io.featuredrop.train;

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
        m.muli((float) BETA1).addi(gradient.mul((float) (1 - BETA1)));
        v.muli((float) BETA2).addi(gradient.square().mul((float) (1 - BETA2)));
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        NDArray denominator = v.sqrt().div((float) Math.sqrt(correction2)).add(EPSILON);
        weight.subi(m.div(denominator).mul((float) (learningRate / correction1)));
    }
}
