package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;

/**
 * Differentiable image operations DJL lacks as blocks: reflection padding (libtorch's own op, or two
 * selection GEMMs), nearest upsampling (libtorch's interpolate) and uniform noise channels.
 */
public final class ImageOps {

    /**
     * {@code -Dfeaturedrop.reflection-pad=native|selection}: how {@link #reflectionPad} pads on the
     * PyTorch engine (default native; selection is the step benchmark's baseline). Any other value
     * is refused, so a typo cannot time one path under the other's name.
     */
    public static final String PAD_SETTING = "featuredrop.reflection-pad";

    private ImageOps() {
    }

    /** The padding path this process uses on the PyTorch engine: {@code native} or {@code selection}. */
    public static String reflectionPadPath() {
        String path = System.getProperty(PAD_SETTING, "native");
        if (!path.equals("native") && !path.equals("selection")) {
            throw new IllegalArgumentException(PAD_SETTING + " must be native or selection, not '" + path + "'");
        }
        return path;
    }

    /**
     * Pads the last two axes of {@code x} [N, C, H, W] by {@code p} with their mirror image,
     * excluding the edge (PyTorch ReflectionPad2d): libtorch's own reflection_pad2d on the PyTorch
     * engine ({@link NativeReflectionPad}), else {@link #reflectionPadBySelection}. Both are exact
     * and give the same values; gradients agree up to the order of summing a pixel's mirrored copies.
     * A named array takes the selection path: DJL reads input names as TorchScript argument syntax.
     */
    public static NDArray reflectionPad(NDArray x, int p) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("reflection pad needs [N, C, H, W], got " + s);
        }
        if (p == 0) {
            return x;
        }
        long h = s.get(2);
        long w = s.get(3);
        if (p < 0 || p >= h || p >= w) {
            throw new IllegalArgumentException("reflection pad " + p + " needs more than " + Math.min(h, w) + " pixels");
        }
        if (x instanceof PtNDArray && x.getName() == null && reflectionPadPath().equals("native")) {
            return NativeReflectionPad.pad(x, p);
        }
        return reflectionPadBySelection(x, p);
    }

    /**
     * Reflection padding as two matrix products with 0/1 selection matrices: R_h x R_w^T. Exact for
     * finite inputs (each output is one input times 1 plus zeros; a NaN or infinity spreads along its
     * row and column, 0 x Inf being NaN, where slicing kept it local: such a step fails either way),
     * and forward and backward are each two GEMMs: 12% of a Viewmaker step in libtorch's profiler,
     * against about 3% for the native op. Composed slices + flips + concatenation cost two
     * full-size zero fills and copies per slice in backward, and an indexed gather a serial
     * scatter-add: each about a fifth of a step (issue 15).
     */
    static NDArray reflectionPadBySelection(NDArray x, int p) {
        Shape s = x.getShape();
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        NDManager m = x.getManager();
        try (NDArray columns = OwnedArrays.of(m, selection(w, p, true), new Shape(w, w + 2L * p));
             NDArray rows = OwnedArrays.of(m, selection(h, p, false), new Shape(h + 2L * p, h))) {
            return rows.matMul(x.matMul(columns));
        }
    }

    /**
     * The 0/1 matrix that maps n positions to their n + 2p reflection-padded ones: n x (n + 2p)
     * when {@code inputRows} (x @ S pads the last axis), else its transpose (S @ x pads rows).
     */
    static float[] selection(int n, int p, boolean inputRows) {
        int[] source = reflectedIndex(n, p);
        int padded = n + 2 * p;
        float[] s = new float[n * padded];
        for (int j = 0; j < padded; j++) {
            s[inputRows ? source[j] * padded + j : j * n + source[j]] = 1f;
        }
        return s;
    }

    /** Source position of each of the n + 2p padded positions: p..1, 0..n-1, n-2..n-1-p. */
    static int[] reflectedIndex(int n, int p) {
        int[] index = new int[n + 2 * p];
        for (int i = 0; i < index.length; i++) {
            int j = Math.abs(i - p);
            index[i] = j < n ? j : 2 * (n - 1) - j;
        }
        return index;
    }

    /**
     * Nearest-neighbour upsampling of the last two axes by {@code factor} (libtorch's
     * upsample_nearest2d, whose backward is one pass; element repeats cost a reshape-and-sum).
     */
    public static NDArray upsampleNearest(NDArray x, int factor) {
        Shape s = x.getShape();
        return x.getNDArrayInternal().interpolation(new long[] {s.get(2) * factor, s.get(3) * factor}, 0, false);
    }

    /** Appends one channel of uniform [0, 1) noise (a fresh draw per example and pixel). */
    public static NDArray withNoiseChannel(NDArray x, NoiseSource source) {
        Shape s = x.getShape();
        NDArray noise = source.uniform(x.getManager(), new Shape(s.get(0), 1, s.get(2), s.get(3)));
        return NDArrays.concat(new NDList(x, noise), 1);
    }
}
