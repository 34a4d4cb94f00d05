package io.featuredrop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The padded convolution against the same convolution in float64 (ATen's own loops, no oneDNN),
 * values and all three gradients, for channel counts with and without tails; and the check's
 * verdict against a direct measurement of the plain kernels.
 */
@Tag("fast")
class ChannelPaddedConv2dTest {

    /** ic, oc, kernel, stride, padding: the tails the generator and the encoders use, and whole blocks. */
    private static final int[][] CASES = {
        {65, 65, 3, 1, 0}, {67, 32, 3, 1, 0}, {16, 3, 9, 1, 0}, {4, 16, 9, 1, 0}, {3, 8, 3, 1, 1},
        {8, 8, 3, 2, 1}, {24, 24, 3, 1, 1}, {16, 32, 1, 2, 0}, {32, 32, 3, 1, 1},
    };

    @Test
    void paddedConvolutionEqualsFloat64ValuesAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] c : CASES) {
                try (NDManager s = m.newSubManager()) {
                    Result f32 = run(s, c, DataType.FLOAT32, true);
                    Result f64 = run(s, c, DataType.FLOAT64, false);
                    String name = java.util.Arrays.toString(c);
                    assertClose(f64.y, f32.y, name + " output");
                    assertClose(f64.gx, f32.gx, name + " input gradient");
                    assertClose(f64.gw, f32.gw, name + " weight gradient");
                    assertClose(f64.gb, f32.gb, name + " bias gradient");
                    assertSame(s, f32.y.getManager(), "padding arrays live in the input's manager");
                }
            }
        }
    }

    @Test
    void theCheckAgreesWithADirectMeasurementOfThePlainKernels() {
        // the plain path on a case the check covers: wrong on this machine exactly when the check says so
        boolean plainWrong;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ConvolutionChannelCheck.pattern(m, new Shape(8, 17, 12, 12), 0.1f);
            NDArray w = OwnedArrays.mul(ConvolutionChannelCheck.pattern(m, new Shape(16, 17, 3, 3), 0.5f), 0.2f);
            NDArray y = Conv2d.conv2d(x, w).singletonOrThrow().toType(DataType.FLOAT64, true);
            NDArray ref = Conv2d.conv2d(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true)).singletonOrThrow();
            double err = y.sub(ref).abs().max().getDouble() / Math.max(1, ref.abs().max().getDouble());
            plainWrong = !(err <= ConvolutionChannelCheck.TOLERANCE);
        }
        ConvolutionChannelCheck.Outcome o = ConvolutionChannelCheck.outcome();
        if (plainWrong) {
            assertTrue(o.tailsWrong(), "the plain kernel is wrong here but the check passed: " + o.detail());
        }
        if (!o.tailsWrong()) {
            assertFalse(plainWrong, "check passed, kernel wrong");
        }
        assertEquals("auto", ConvolutionChannelCheck.setting());
        assertEquals(o.tailsWrong(), ConvolutionChannelCheck.padChannels());
        assertTrue(ConvolutionChannelCheck.describe().startsWith(o.tailsWrong() ? "padded" : "plain"), ConvolutionChannelCheck.describe());
        System.out.println("convolution channel check on this machine: " + ConvolutionChannelCheck.describe());
    }

    @Test
    void theCheckLeavesTheCallersGradModeAndRandomStreamAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            float first = m.randomUniform(0, 1, new Shape(1)).getFloat();
            Engine.getInstance().setRandomSeed(7);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                ConvolutionChannelCheck.Outcome again = ConvolutionChannelCheck.check();
                assertEquals(ConvolutionChannelCheck.outcome().tailsWrong(), again.tailsWrong(), again.detail());
                assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "grad mode restored inside a collector");
            }
            assertEquals(first, m.randomUniform(0, 1, new Shape(1)).getFloat(), "the check drew from the random stream");
        }
    }

    @Test
    void badSettingIsRefusedAndBuildersMakeThePaddedBlock() {
        String old = System.getProperty(ConvolutionChannelCheck.SETTING);
        try {
            System.setProperty(ConvolutionChannelCheck.SETTING, "fast");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ConvolutionChannelCheck::setting);
            assertTrue(e.getMessage().contains("auto, pad or plain"), e.getMessage());
            System.setProperty(ConvolutionChannelCheck.SETTING, "pad");
            assertTrue(ConvolutionChannelCheck.padChannels());
            assertEquals("padded (forced)", ConvolutionChannelCheck.describe());
        } finally {
            if (old == null) {
                System.clearProperty(ConvolutionChannelCheck.SETTING);
            } else {
                System.setProperty(ConvolutionChannelCheck.SETTING, old);
            }
        }
        Block conv = ChannelPaddedConv2d.paddedBuilder().setKernelShape(new Shape(3, 3)).setFilters(4).build();
        assertInstanceOf(ChannelPaddedConv2d.class, conv);
    }

    @Test
    void theBlockForcedToPadComputesItsOwnWeightsConvolution() {
        String old = System.getProperty(ConvolutionChannelCheck.SETTING);
        System.setProperty(ConvolutionChannelCheck.SETTING, "pad");
        try (NDManager m = NDManager.newBaseManager()) {
            Block conv = ChannelPaddedConv2d.paddedBuilder().setKernelShape(new Shape(3, 3)).setFilters(3)
                    .optPadding(new Shape(1, 1)).build();
            conv.initialize(m, DataType.FLOAT32, new Shape(2, 17, 9, 9));
            NDArray x = ConvolutionChannelCheck.pattern(m, new Shape(2, 17, 9, 9), 0.2f);
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            NDArray w = conv.getParameters().get("weight").getArray();
            NDArray b = conv.getParameters().get("bias").getArray();
            NDArray ref = Conv2d.conv2d(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true), b.toType(DataType.FLOAT64, true),
                    new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
            assertEquals(new Shape(2, 3, 9, 9), y.getShape());
            assertClose(ref, y, "block output");
        } finally {
            if (old == null) {
                System.clearProperty(ConvolutionChannelCheck.SETTING);
            } else {
                System.setProperty(ConvolutionChannelCheck.SETTING, old);
            }
        }
    }

    private record Result(NDArray y, NDArray gx, NDArray gw, NDArray gb) {
    }

    /** One forward and backward of a conv block; f32 runs the padded path, f64 the plain one. */
    private static Result run(NDManager s, int[] c, DataType type, boolean padded) {
        int ic = c[0], oc = c[1], k = c[2], stride = c[3], pad = c[4];
        NDArray x = ConvolutionChannelCheck.pattern(s, new Shape(4, ic, 11, 11), 0.1f).toType(type, false);
        NDArray w = OwnedArrays.mul(ConvolutionChannelCheck.pattern(s, new Shape(oc, ic, k, k), 0.5f), 0.2f).toType(type, false);
        NDArray b = ConvolutionChannelCheck.pattern(s, new Shape(oc), 0.9f).toType(type, false);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Shape st = new Shape(stride, stride);
            Shape pd = new Shape(pad, pad);
            y = padded ? ChannelPaddedConv2d.paddedConv2d(x, w, b, st, pd, new Shape(1, 1))
                    : Conv2d.conv2d(x, w, b, st, pd, new Shape(1, 1), 1).singletonOrThrow();
            NDArray g = ConvolutionChannelCheck.pattern(s, y.getShape(), 0.3f).toType(type, false);
            gc.backward(y.mul(g).sum());
        }
        return new Result(y.stopGradient(), x.getGradient().duplicate(), w.getGradient().duplicate(), b.getGradient().duplicate());
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        NDArray a = actual.toType(DataType.FLOAT64, true);
        assertTrue(a.isNaN().none().getBoolean(), what + " has NaN");
        double scale = Math.max(1, expected.abs().max().getDouble());
        double err = a.sub(expected).abs().max().getDouble() / scale;
        assertTrue(err < 1e-4, what + ": relative error " + err);
    }
}
