package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Differentiable image operations DJL lacks as blocks: reflection padding (composed from slices
 * and flips), nearest upsampling (element repeat) and uniform noise channels.
 */
public final class ImageOps {

    private ImageOps() {
    }

    /** Pads the last two axes by {@code p} with their mirror image, excluding the edge (PyTorch ReflectionPad2d). */
    public static NDArray reflectionPad(NDArray x, int p) {
        if (p == 0) {
            return x;
        }
        return reflectAxis(reflectAxis(x, 3, p), 2, p);
    }

    private static NDArray reflectAxis(NDArray x, int axis, int p) {
        long n = x.getShape().get(axis);
        if (p >= n) {
            throw new IllegalArgumentException("reflection pad " + p + " needs more than " + n + " pixels");
        }
        NDArray before = slice(x, axis, 1, p + 1).flip(axis);
        NDArray after = slice(x, axis, n - 1 - p, n - 1).flip(axis);
        return NDArrays.concat(new NDList(before, x, after), axis);
    }

    private static NDArray slice(NDArray x, int axis, long from, long to) {
        return axis == 3 ? x.get(":, :, :, " + from + ":" + to) : x.get(":, :, " + from + ":" + to);
    }

    /** Nearest-neighbour upsampling of the last two axes by {@code factor}. */
    public static NDArray upsampleNearest(NDArray x, int factor) {
        return x.repeat(2, factor).repeat(3, factor);
    }

    /** Appends one channel of uniform [0, 1) noise (a fresh draw per example and pixel). */
    public static NDArray withNoiseChannel(NDArray x, NoiseSource source) {
        Shape s = x.getShape();
        NDArray noise = source.uniform(x.getManager(), new Shape(s.get(0), 1, s.get(2), s.get(3)));
        return NDArrays.concat(new NDList(x, noise), 1);
    }
}
