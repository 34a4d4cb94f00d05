package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.List;

/**
 * The Viewmaker network G (Tamkin et al.; after Johnson et al.'s style-transfer net): the image
 * plus a uniform-noise channel, a reflection-padded 9x9 conv to w, two stride-2 3x3 convs to 2w
 * and 4w (instance norm + ReLU), residual blocks each fed one more noise channel, two nearest
 * upsample + 3x3 convs back to 2w and w, and a 9x9 conv to the image's channels. Its forward
 * returns the view x + delta, where delta = tanh(out) rescaled so that each example's mean |delta|
 * equals the budget (an L1 sphere), clamped to [0, 1] only when asked.
 */
public final class ViewmakerGenerator extends AbstractBlock {

    /** Added to each example's mean |tanh(out)| before the budget rescaling divides by it. */
    public static final float BUDGET_EPSILON = 1e-4f;

    private final GeneratorSpec spec;
    private final SequentialBlock net;
    private NoiseSource noise = NoiseSource.engine();

    public ViewmakerGenerator(GeneratorSpec spec, int imageChannels) {
        this.spec = spec;
        int w = spec.width();
        SequentialBlock s = new SequentialBlock()
                .add(new NoiseChannel(() -> noise))
                .add(paddedConv(w, 9, 1)).add(new InstanceNorm()).add(Activation.reluBlock())
                .add(paddedConv(2 * w, 3, 2)).add(new InstanceNorm()).add(Activation.reluBlock())
                .add(paddedConv(4 * w, 3, 2)).add(new InstanceNorm()).add(Activation.reluBlock());
        for (int i = 0; i < spec.residualBlocks(); i++) {
            int channels = 4 * w + i + 1;
            s.add(new NoiseChannel(() -> noise));
            s.add(residualBlock(channels));
        }
        s.add(new NearestUpsample(2))
                .add(paddedConv(2 * w, 3, 1)).add(new InstanceNorm()).add(Activation.reluBlock())
                .add(new NearestUpsample(2))
                .add(paddedConv(w, 3, 1)).add(new InstanceNorm()).add(Activation.reluBlock())
                .add(paddedConv(imageChannels, 9, 1));
        this.net = addChildBlock("net", s);
    }

    /** The noise the next forward passes draw (set per step for reproducible views). */
    public void useNoise(NoiseSource source) {
        this.noise = source;
    }

    public GeneratorSpec spec() {
        return spec;
    }

    /** The network whose tanh-squashed output, budgeted, is added to the image. */
    public Block network() {
        return net;
    }

    private static Block paddedConv(int filters, int kernel, int stride) {
        int pad = kernel / 2;
        return new SequentialBlock()
                .add(new ReflectionPad(pad))
                .add(ChannelPaddedConv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                        .optStride(new Shape(stride, stride)).build());
    }

    private static Block residualBlock(int channels) {
        SequentialBlock main = new SequentialBlock()
                .add(paddedConv(channels, 3, 1)).add(new InstanceNorm()).add(Activation.reluBlock())
                .add(paddedConv(channels, 3, 1)).add(new InstanceNorm());
        return new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(main, LambdaBlock.singleton(x -> x, "identity")));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = net.forward(store, inputs, training, params).singletonOrThrow();
        NDArray view = x.add(budgeted(out, spec.budget()));
        return new NDList(spec.clampViews() ? OwnedArrays.clip(view, 0f, 1f) : view);
    }

    /** delta = tanh(out) * budget / (mean |tanh(out)| per example + 1e-4). */
    static NDArray budgeted(NDArray out, double budget) {
        NDArray delta = out.tanh();
        long n = delta.getShape().get(0);
        NDArray meanAbs = delta.abs().reshape(n, -1).mean(new int[] {1}).reshape(n, 1, 1, 1);
        return OwnedArrays.mul(delta, (float) budget).div(OwnedArrays.add(meanAbs, BUDGET_EPSILON));
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        net.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
