package io.featuredrop.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.featuredrop.data.DataLocations;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this machine's libtorch computes a convolution right when a channel count is not a
 * multiple of oneDNN's SIMD block (8 floats for AVX2, 16 for AVX-512). On some virtual CPUs
 * (seen: AMD EPYC family 26 under a hypervisor that reports no cache sizes) oneDNN's AVX2 and
 * AVX-512 kernels return wrong values, and now and then NaN, for such counts: forward over input
 * channels, backward to the input over output channels. ATen's float64 path and oneDNN's SSE4.1
 * kernels are right there, so the Viewmaker (64 + noise channels) would train on garbage without a
 * word. Checked once per process against float64 on small deterministic tensors (no draw from the
 * engine's random stream), on a thread of its own so the caller's autograd state is not touched;
 * when wrong, {@link ChannelPaddedConv2d} pads the channels to whole blocks.
 *
 * <p>{@code -Dfeaturedrop.conv-channels=auto|pad|plain} (env {@code FEATUREDROP_CONV_CHANNELS}):
 * auto (default) pads where the check fails, pad always pads, plain never does. Any other value is
 * refused.
 */
public final class ConvolutionChannelCheck {

    public static final String SETTING = "featuredrop.conv-channels";

    /** Relative error above which a float32 convolution counts as wrong (float32 rounding is ~1e-6). */
    static final double TOLERANCE = 1e-3;

    static final int ROUNDS = 3;

    private ConvolutionChannelCheck() {
    }

    /** What the check found: whether it ran, whether channel tails came out wrong, and the cases it saw. */
    public record Outcome(boolean checked, boolean tailsWrong, String detail) {
    }

    /** The setting this process runs with: auto, pad or plain. */
    public static String setting() {
        String v = DataLocations.setting(SETTING, "FEATUREDROP_CONV_CHANNELS", "auto").trim();
        if (!v.equals("auto") && !v.equals("pad") && !v.equals("plain")) {
            throw new IllegalArgumentException(SETTING + " must be auto, pad or plain, not '" + v + "'");
        }
        return v;
    }

    /** Whether convolutions pad their channels to whole SIMD blocks in this process. */
    public static boolean padChannels() {
        return switch (setting()) {
            case "pad" -> true;
            case "plain" -> false;
            default -> outcome().tailsWrong();
        };
    }

    /** For provenance: which convolution path ran, and why. */
    public static String describe() {
        return switch (setting()) {
            case "pad" -> "padded (forced)";
            case "plain" -> "plain (forced)";
            // stable across processes (the measured errors vary and go to the log)
            default -> outcome().tailsWrong() ? "padded (channel tails wrong on this CPU)"
                    : outcome().checked() ? "plain (checked)" : "plain (" + outcome().detail() + ")";
        };
    }

    /** The check's result, computed on first use. */
    public static Outcome outcome() {
        return Checked.OUTCOME;
    }

    private static final class Checked {
        static final Outcome OUTCOME = runOnOwnThread();
    }

    /**
     * Runs {@link #check} on a thread of its own and never throws: a check that cannot run (or is
     * interrupted) counts as wrong tails, since padding is always right and only costs time.
     */
    static Outcome runOnOwnThread() {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return new Outcome(false, false, "not checked: not the PyTorch engine");
        }
        AtomicReference<Outcome> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(check());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "featuredrop-conv-channel-check");
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;  // finish the check; the caller's interrupt is restored below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Outcome o = failure.get() != null
                ? new Outcome(false, true, "the check failed to run (" + failure.get() + "); padding to be safe")
                : result.get();
        if (o.tailsWrong()) {
            System.getLogger(ConvolutionChannelCheck.class.getName()).log(System.Logger.Level.WARNING,
                    "libtorch's convolution is wrong on this CPU for channel counts that are not a multiple of the SIMD block ("
                            + o.detail() + "); featuredrop pads channels to whole blocks (set " + SETTING + "=plain to measure the wrong path)");
        }
        return o;
    }

    /**
     * Forward with input channels 9, 17 and 65 (tails for both block widths; 65 is the Viewmaker's
     * residual width) and backward to the input with output channels 3, 8 and 17, each against the
     * same convolution in float64.
     */
    static Outcome check() {
        List<String> wrong = new ArrayList<>();
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager m = NDManager.newBaseManager()) {
            // the wrong results come and go between calls for some shapes: three rounds, any failure counts
            for (int round = 0; round < ROUNDS && wrong.isEmpty(); round++) {
                for (int ic : new int[] {9, 17, 65}) {
                    double e = forwardError(m, ic, 16);
                    if (!(e <= TOLERANCE)) {
                        wrong.add("forward in " + ic + ": " + format(e));
                    }
                }
                JniUtils.setGradMode(true);
                for (int oc : new int[] {3, 8, 17}) {
                    double e = inputGradientError(m, 16, oc);
                    if (!(e <= TOLERANCE)) {
                        wrong.add("input gradient out " + oc + ": " + format(e));
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return new Outcome(true, !wrong.isEmpty(), wrong.isEmpty() ? "all within " + TOLERANCE : String.join(", ", wrong));
    }

    private static String format(double e) {
        return Double.isNaN(e) ? "NaN" : String.format("relative error %.2g", e);
    }

    /** Smooth deterministic values in [-1, 1]: sin of a scaled index, shifted per array. */
    static NDArray pattern(NDManager m, Shape shape, float phase) {
        NDArray i = m.arange(0f, (float) shape.size(), 1f, DataType.FLOAT32);
        return OwnedArrays.add(OwnedArrays.mul(i, 0.7137f), phase).sin().reshape(shape);
    }

    /** Relative error of a float32 forward with ic input channels against float64. */
    static double forwardError(NDManager m, int ic, int oc) {
        try (NDManager s = m.newSubManager()) {
            NDArray x = pattern(s, new Shape(8, ic, 12, 12), 0.1f);
            NDArray w = OwnedArrays.mul(pattern(s, new Shape(oc, ic, 3, 3), 0.5f), 0.2f);
            NDArray y = conv(x, w);
            NDArray ref = conv(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true));
            return relativeError(y, ref);
        }
    }

    private static double inputGradientError(NDManager m, int ic, int oc) {
        try (NDManager s = m.newSubManager()) {
            NDArray g = pattern(s, new Shape(8, oc, 10, 10), 0.3f);
            NDArray w = OwnedArrays.mul(pattern(s, new Shape(oc, ic, 3, 3), 0.5f), 0.2f);
            NDArray x = pattern(s, new Shape(8, ic, 12, 12), 0.1f);
            NDArray x64 = x.toType(DataType.FLOAT64, true);
            return relativeError(inputGradient(x, w, g), inputGradient(x64, w.toType(DataType.FLOAT64, true), g.toType(DataType.FLOAT64, true)));
        }
    }

    private static NDArray conv(NDArray x, NDArray w) {
        return Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
    }

    /** d(sum(conv(x, w) * g)) / dx by libtorch's autograd (no GradientCollector: its flag is global). */
    private static NDArray inputGradient(NDArray x, NDArray w, NDArray g) {
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        NDArray loss = conv(leaf, w).mul(g).sum();
        JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
        return leaf.getGradient().duplicate();
    }

    /** max |a - ref| / max(1, max |ref|); NaN when a holds a NaN or infinity. */
    static double relativeError(NDArray a, NDArray ref) {
        NDArray a64 = a.toType(DataType.FLOAT64, true);
        if (!a64.isInfinite().logicalOr(a64.isNaN()).none().getBoolean()) {
            return Double.NaN;
        }
        double diff = a64.sub(ref).abs().max().getDouble();
        double scale = Math.max(1.0, ref.abs().max().getDouble());
        return diff / scale;
    }
}
