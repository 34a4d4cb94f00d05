package io.featuredrop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import ai.djl.pytorch.jni.JniUtils;
import io.featuredrop.data.InputStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The padded convolution against the same convolution in float64 (ATen's own loops, no oneDNN),
 * values and all three gradients, for channel counts with and without tails; and the check's
 * verdict against a direct measurement of the plain kernels.
 */
@Tag("fast")
class ChannelPaddedConv2dTest {

    /**
     * ic, oc, kernel, stride, padding, bias (1/0), dilation: the tails the generator and the encoders
     * use (the encoders have no bias), and whole blocks.
     */
    private static final int[][] CASES = {
        {65, 65, 3, 1, 0, 1, 1}, {67, 32, 3, 1, 0, 1, 1}, {16, 3, 9, 1, 0, 1, 1}, {4, 16, 9, 1, 0, 1, 1}, {3, 8, 3, 1, 1, 0, 1},
        {8, 8, 3, 2, 1, 0, 1}, {24, 24, 3, 1, 1, 0, 1}, {16, 32, 1, 2, 0, 0, 1}, {32, 32, 3, 1, 1, 0, 1}, {17, 5, 3, 1, 2, 1, 2},
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
                    if (c[5] == 1) {
                        assertClose(f64.gb, f32.gb, name + " bias gradient");
                    }
                    assertSame(s, f32.y.getManager(), "the output lives in the input's manager");
                }
            }
        }
    }

    @Test
    void theCheckAgreesWithADirectMeasurementOfThePlainKernels() {
        assumeTrue(ConvolutionChannelCheck.setting().equals("auto"), "conv-channels forced: the check's verdict is not used");
        // the plain path on a case the check covers: wrong on this machine exactly when the check says so
        boolean plainWrong;
        try (NDManager m = NDManager.newBaseManager()) {
            plainWrong = !(ConvolutionChannelCheck.forwardError(m, 17, 16) <= ConvolutionChannelCheck.TOLERANCE);
        }
        ConvolutionChannelCheck.Outcome o = ConvolutionChannelCheck.outcome();
        assertTrue(o.checked(), o.detail());
        if (plainWrong) {
            assertTrue(o.tailsWrong(), "the plain kernel is wrong here but the check passed: " + o.detail());
        }
        if (!o.tailsWrong()) {
            assertFalse(plainWrong, "check passed, kernel wrong");
        }
        assertEquals(o.tailsWrong(), ConvolutionChannelCheck.padChannels());
        assertEquals(o.tailsWrong() ? "padded (channel tails wrong on this CPU)" : "plain (checked)", ConvolutionChannelCheck.describe());
        System.out.println("convolution channel check on this machine: " + ConvolutionChannelCheck.describe() + ": " + o.detail());
    }

    @Test
    void theCheckLeavesTheCallersGradModeAndRandomStreamAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            float first = m.randomUniform(0, 1, new Shape(1)).getFloat();
            Engine.getInstance().setRandomSeed(7);
            boolean before = JniUtils.isGradMode();
            try {
                JniUtils.setGradMode(false);
                ConvolutionChannelCheck.Outcome direct = ConvolutionChannelCheck.check();
                assertFalse(JniUtils.isGradMode(), "the check left gradients on");
                ConvolutionChannelCheck.Outcome threaded = ConvolutionChannelCheck.runOnOwnThread();
                assertFalse(JniUtils.isGradMode(), "the threaded check left gradients on");
                assertEquals(direct.tailsWrong(), threaded.tailsWrong(), direct.detail() + " / " + threaded.detail());
            } finally {
                JniUtils.setGradMode(before);
            }
            // inside a collector: the check makes no collector of its own (DJL allows one at a time)
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                ConvolutionChannelCheck.check();
                assertTrue(JniUtils.isGradMode());
            }
            assertEquals(first, m.randomUniform(0, 1, new Shape(1)).getFloat(), "the check drew from the random stream");
        }
    }

    @Test
    void checkpointNamesStayThoseOfDjlsConv2d() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetEncoder encoder = new ResNetEncoder(new EncoderSpec("resnet-small", 4, 16, false, false),
                    new InputStatistics(new double[] {0.5}, new double[] {0.25}));
            encoder.initialize(m, DataType.FLOAT32, new Shape(2, 1, 12, 12));
            ViewmakerGenerator generator = new ViewmakerGenerator(new GeneratorSpec(4, 1, 0.05, false), 1);
            generator.initialize(m, DataType.FLOAT32, new Shape(2, 1, 12, 12));
            java.util.List<String> names = new java.util.ArrayList<>(encoder.getParameters().keys());
            names.addAll(generator.getParameters().keys());
            assertTrue(names.contains("01trunk_01Conv2d_weight"), names.toString());
            assertTrue(names.contains("01net_02SequentialBlock_02Conv2d_weight"), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.contains("Padded")), names.toString());
        }
    }

    @Test
    void badSettingIsRefusedAndBuildersMakeThePaddedBlock() {
        try (TemporaryProperty p = TemporaryProperty.set(ConvolutionChannelCheck.SETTING, "fast")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ConvolutionChannelCheck::setting);
            assertTrue(e.getMessage().contains("auto, pad or plain"), e.getMessage());
        }
        try (TemporaryProperty p = TemporaryProperty.set(ConvolutionChannelCheck.SETTING, "pad")) {
            assertTrue(ConvolutionChannelCheck.padChannels());
            assertEquals("padded (forced)", ConvolutionChannelCheck.describe());
        }
        Block conv = ChannelPaddedConv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build();
        assertInstanceOf(ChannelPaddedConv2d.Conv2d.class, conv);
    }

    @Test
    void theBlockForcedToPadComputesItsOwnWeightsConvolution() {
        try (TemporaryProperty p = TemporaryProperty.set(ConvolutionChannelCheck.SETTING, "pad");
             NDManager m = NDManager.newBaseManager()) {
            Block conv = ChannelPaddedConv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(3)
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
        }
    }

    private record Result(NDArray y, NDArray gx, NDArray gw, NDArray gb) {
    }

    /**
     * One forward and backward of a conv; f32 runs the padded path, f64 the plain one. The weight and
     * bias live in a manager of their own, which must gain no array from the forward and backward.
     */
    private static Result run(NDManager s, int[] c, DataType type, boolean padded) {
        int ic = c[0], oc = c[1], k = c[2], stride = c[3], pad = c[4], dil = c[6];
        NDArray x = ConvolutionChannelCheck.pattern(s, new Shape(4, ic, 11, 11), 0.1f).toType(type, false);
        x.setRequiresGradient(true);
        try (NDManager parameters = s.newSubManager()) {
            NDArray w = OwnedArrays.mul(ConvolutionChannelCheck.pattern(parameters, new Shape(oc, ic, k, k), 0.5f), 0.2f).toType(type, false);
            NDArray b = c[5] == 1 ? ConvolutionChannelCheck.pattern(parameters, new Shape(oc), 0.9f).toType(type, false) : null;
            w.setRequiresGradient(true);
            if (b != null) {
                b.setRequiresGradient(true);
            }
            int before = parameters.getManagedArrays().size();
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Shape st = new Shape(stride, stride);
                Shape pd = new Shape(pad, pad);
                Shape dl = new Shape(dil, dil);
                y = padded ? ChannelPaddedConv2d.paddedConv2d(x, w, b, st, pd, dl)
                        : Conv2d.conv2d(x, w, b, st, pd, dl, 1).singletonOrThrow();
                NDArray g = ConvolutionChannelCheck.pattern(s, y.getShape(), 0.3f).toType(type, false);
                gc.backward(y.mul(g).sum());
            }
            assertEquals(before, parameters.getManagedArrays().size(), "arrays added to the parameters' manager");
            NDArray gw = w.getGradient().duplicate();
            gw.attach(s);
            NDArray gb = null;
            if (b != null) {
                gb = b.getGradient().duplicate();
                gb.attach(s);
            }
            return new Result(y.stopGradient(), x.getGradient().duplicate(), gw, gb);
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        double err = ConvolutionChannelCheck.relativeError(actual, expected);
        assertFalse(Double.isNaN(err), what + " has NaN or infinity");
        assertTrue(err < 1e-4, what + ": relative error " + err);
    }
}
