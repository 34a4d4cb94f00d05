package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Instance normalisation with a learned per-channel scale and shift (PyTorch's
 * {@code InstanceNorm2d(affine=True)}, as the Viewmaker uses): each example's channel is
 * normalised by its own mean and (biased) variance over the pixels. DJL has no such block.
 */
public final class InstanceNorm extends AbstractBlock {

    public static final float EPSILON = 1e-5f;
    private final Parameter gamma;
    private final Parameter beta;

    public InstanceNorm() {
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(1));
        gamma.setShape(channels);
        beta.setShape(channels);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long n = shape.get(0);
        long channels = shape.get(1);
        // As PyTorch does it: instance norm is batch norm over a batch of one with N*C channels, in
        // batch-statistics mode (one fused native op instead of a chain of mean/variance arrays).
        // The running statistics are throw-away arrays in the step's manager.
        NDManager stepManager = x.getManager();
        NDArray g = store.getValue(gamma, x.getDevice(), training).tile(n);
        NDArray b = store.getValue(beta, x.getDevice(), training).tile(n);
        g.attach(stepManager);
        b.attach(stepManager);
        NDArray runningMean = stepManager.zeros(new Shape(n * channels), x.getDataType());
        NDArray runningVar = stepManager.ones(new Shape(n * channels), x.getDataType());
        NDArray y = x.getNDArrayInternal().batchNorm(x.reshape(1, n * channels, shape.get(2), shape.get(3)),
                runningMean, runningVar, g, b, 1, 0.1f, EPSILON, true).singletonOrThrow();
        return new NDList(y.reshape(shape));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public DataType[] getOutputDataTypes() {
        return new DataType[] {DataType.FLOAT32};
    }
}
