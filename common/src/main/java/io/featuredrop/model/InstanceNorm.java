package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Instance normalisation with a learned per-channel scale and shift (PyTorch's
 * {@code InstanceNorm2d(affine=True)}, as the Viewmaker uses); DJL has no such block, so it is
 * composed from mean and variance over each example's spatial axes (differentiable end to end).
 */
public final class InstanceNorm extends AbstractBlock {

    private static final float EPSILON = 1e-5f;
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
        ai.djl.ndarray.types.Shape shape = x.getShape();
        long channels = shape.get(1);
        // PyTorch's mean takes one axis at a time here: flatten the spatial axes
        NDArray flat = x.reshape(shape.get(0), channels, -1);
        NDArray centred = flat.sub(flat.mean(new int[] {2}, true));
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normalised = centred.div(variance.add(EPSILON).sqrt()).reshape(shape);
        // a reshape lands in the parameter's (long-lived) manager: move it to the step's, or it leaks
        NDArray g = store.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1, 1);
        NDArray b = store.getValue(beta, x.getDevice(), training).reshape(1, channels, 1, 1);
        g.attach(x.getManager());
        b.attach(x.getManager());
        return new NDList(normalised.mul(g).add(b));
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
