package io.featuredrop.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The encoders' and the generator's convolution: a DJL {@code Conv2d} that, where
 * {@link ConvolutionChannelCheck} finds libtorch's kernels wrong for channel tails, computes the
 * same convolution with zero channels added so that every count the kernels reduce over is a whole
 * block: input channels above 8 (forward) and all output channels (backward to the input). The
 * zeros go in front and come from the input's manager, so every intermediate lives in the step's
 * manager, never the parameters'. Elsewhere it is a plain Conv2d.
 */
public final class ChannelPaddedConv2d {

    /** oneDNN's widest float block (AVX-512: 16 floats; a multiple of AVX2's 8). */
    static final int BLOCK = 16;

    private ChannelPaddedConv2d() {
    }

    /** A builder with Conv2d's options whose blocks pad where the check says so. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The block. Its simple name is {@code Conv2d} on purpose: DJL names a sequential block's
     * children (and so the checkpoint tensors, {@code 01trunk_01Conv2d_weight}) after the child's
     * class, and checkpoints written before the padding existed must still load.
     */
    public static final class Conv2d extends ai.djl.nn.convolutional.Conv2d {

        private Conv2d(Builder builder) {
            super(builder);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            if (groups != 1 || !ConvolutionChannelCheck.padChannels()) {
                return super.forwardInternal(store, inputs, training, params);
            }
            NDArray x = inputs.singletonOrThrow();
            Device device = x.getDevice();
            NDArray w = store.getValue(weight, device, training);
            NDArray b = includeBias ? store.getValue(bias, device, training) : null;
            return new NDList(paddedConv2d(x, w, b, stride, padding, dilation));
        }
    }

    /** conv2d(x, w, b) with input channels above 8 and all output channels padded to whole blocks. */
    static NDArray paddedConv2d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation) {
        Shape ws = w.getShape();
        long oc = ws.get(0);
        long ic = ws.get(1);
        long icPad = ic > 8 ? roundUp(ic) - ic : 0;
        long ocPad = roundUp(oc) - oc;
        if (icPad == 0 && ocPad == 0) {
            return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, stride, padding, dilation, 1).singletonOrThrow();
        }
        NDManager m = x.getManager();
        Shape xs = x.getShape();
        NDArray xp = x;
        NDArray wp = w;
        if (icPad > 0) {
            xp = NDArrays.concat(new NDList(m.zeros(new Shape(xs.get(0), icPad, xs.get(2), xs.get(3)), x.getDataType(), x.getDevice()), x), 1);
            wp = NDArrays.concat(new NDList(m.zeros(new Shape(oc, icPad, ws.get(2), ws.get(3)), w.getDataType(), x.getDevice()), wp), 1);
        }
        NDArray bp = b;
        if (ocPad > 0) {
            wp = NDArrays.concat(new NDList(m.zeros(new Shape(ocPad, ic + icPad, ws.get(2), ws.get(3)), w.getDataType(), x.getDevice()), wp), 0);
            if (b != null) {
                bp = NDArrays.concat(new NDList(m.zeros(new Shape(ocPad), b.getDataType(), x.getDevice()), b), 0);
            }
        }
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(xp, wp, bp, stride, padding, dilation, 1).singletonOrThrow();
        // the zero output channels came first: the real ones are the last oc
        return ocPad > 0 ? y.get(new NDIndex(":, {}:", ocPad)) : y;
    }

    private static long roundUp(long channels) {
        return (channels + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Builds a {@link Conv2d} with DJL Conv2d's options. */
    public static final class Builder extends ai.djl.nn.convolutional.Conv2d.Builder {

        private Builder() {
        }

        @Override
        public Conv2d build() {
            validate();
            return new Conv2d(this);
        }
    }
}
