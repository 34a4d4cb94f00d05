package io.featuredrop.train;

import io.featuredrop.model.OwnedArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** SGD with momentum and L2 weight decay, as {@code torch.optim.SGD} (the paper's encoder optimiser). */
public final class SgdMomentum extends OwnedOptimizer {

    private final float learningRate;
    private final float momentum;
    private final float weightDecay;

    public SgdMomentum(NDManager parent, double learningRate, double momentum, double weightDecay) {
        super(parent);
        this.learningRate = (float) learningRate;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    protected int buffersPerParameter() {
        return 1;
    }

    @Override
    protected void update(NDArray weight, NDArray gradient, NDArray[] buffers, long step) {
        NDArray direction = weightDecay == 0f ? gradient : gradient.add(OwnedArrays.mul(weight, weightDecay));
        NDArray velocity = buffers[0];
        OwnedArrays.muli(velocity, momentum).addi(direction);
        weight.subi(OwnedArrays.mul(velocity, learningRate));
    }
}
