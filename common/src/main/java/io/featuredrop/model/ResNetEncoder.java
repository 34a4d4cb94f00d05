package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.featuredrop.data.InputStatistics;

import java.util.List;

/**
 * The SimCLR encoder f: a CIFAR-style ResNet trunk, global average pooling and a linear map to
 * the embedding (or, with the optional head, a 2-layer MLP). {@link #features} exposes the
 * trunk's output before pooling, which the linear probes read (the paper's choice). When the
 * spec asks, every input is first normalised with the dataset's per-channel mean and standard
 * deviation, so views are normalised after the Viewmaker and after the expert recipe, and the
 * probes' clean images the same way; dL/dviews flows back through the normalisation.
 */
public final class ResNetEncoder extends AbstractBlock {

    private final EncoderSpec spec;
    private final SequentialBlock trunk;
    private final SequentialBlock head;
    private final InputStatistics normalization;

    /** {@code statistics} is used when the spec normalises inputs (then it must match the image channels). */
    public ResNetEncoder(EncoderSpec spec, InputStatistics statistics) {
        this.spec = spec;
        if (spec.normalizeInputs() && statistics == null) {
            throw new IllegalArgumentException("normalizeInputs needs the dataset's input statistics");
        }
        this.normalization = spec.normalizeInputs() ? statistics : null;
        SequentialBlock t = new SequentialBlock()
                .add(conv3x3(spec.width(), 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int[] blocks = spec.blocksPerStage();
        int inChannels = spec.width();
        for (int stage = 0; stage < 4; stage++) {
            int channels = spec.width() << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                t.add(basicBlock(channels, stride, inChannels != channels || stride != 1));
                inChannels = channels;
            }
        }
        this.trunk = addChildBlock("trunk", t);
        SequentialBlock h = new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        if (spec.projectionHead()) {
            h.add(Linear.builder().setUnits(spec.featureChannels()).build()).add(Activation.reluBlock());
        }
        h.add(Linear.builder().setUnits(spec.embeddingDim()).build());
        this.head = addChildBlock("head", h);
    }

    public EncoderSpec spec() {
        return spec;
    }

    /** The per-channel statistics inputs are normalised with, or null when the spec does not normalise. */
    public InputStatistics inputNormalization() {
        return normalization;
    }

    /** The ResNet stages up to the last block's output (pre-pool features before flattening). */
    public Block trunk() {
        return trunk;
    }

    /** Global average pooling, flattening and the projection to the embedding. */
    public Block head() {
        return head;
    }

    private static Conv2d conv3x3(int filters, int stride) {
        return ChannelPaddedConv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)).optBias(false).build();
    }

    private static Block basicBlock(int channels, int stride, boolean projectShortcut) {
        SequentialBlock main = new SequentialBlock()
                .add(conv3x3(channels, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv3x3(channels, 1)).add(BatchNorm.builder().build());
        Block shortcut = projectShortcut
                ? new SequentialBlock()
                        .add(ChannelPaddedConv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(channels)
                                .optStride(new Shape(stride, stride)).optBias(false).build())
                        .add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                        List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return head.forward(store, trunk.forward(store, new NDList(normalized(inputs.singletonOrThrow())), training, params), training, params);
    }

    /** Pre-pool features (N x 8w x h x w) of the last block, or pooled ones (N x 8w) when {@code pooled}. */
    public NDArray features(ParameterStore store, NDArray images, boolean pooled) {
        NDArray prepool = trunk.forward(store, new NDList(normalized(images)), false).singletonOrThrow();
        ai.djl.ndarray.types.Shape s = prepool.getShape();
        return pooled ? prepool.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}) : prepool.reshape(s.get(0), -1);
    }

    /** (x - mean) / std per channel; the constants are copied into libtorch memory (never Java-owned on the graph). */
    private NDArray normalized(NDArray x) {
        if (normalization == null) {
            return x;
        }
        int c = normalization.channels();
        if (x.getShape().get(1) != c) {
            throw new IllegalArgumentException("input has " + x.getShape().get(1) + " channels, the statistics " + c);
        }
        float[] mean = new float[c];
        float[] inverseStd = new float[c];
        for (int i = 0; i < c; i++) {
            mean[i] = (float) normalization.mean()[i];
            inverseStd[i] = (float) (1.0 / normalization.std()[i]);
        }
        NDManager m = x.getManager();
        Shape perChannel = new Shape(1, c, 1, 1);
        return x.sub(OwnedArrays.of(m, mean, perChannel)).mul(OwnedArrays.of(m, inverseStd, perChannel));
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        trunk.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, trunk.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(trunk.getOutputShapes(inputShapes));
    }
}
