package io.featuredrop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.featuredrop.train.GradMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class NativeReflectionPadTest {

    @Test
    void theArchiveIsAStoredZipOfSourcePicklesAndVersion() throws IOException {
        List<String> names = new ArrayList<>();
        String code = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(NativeReflectionPad.archive(4)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                if (e.getName().endsWith(".py")) {
                    code = new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(List.of("reflection_pad_4/data.pkl", "reflection_pad_4/code/__torch__.py",
                "reflection_pad_4/constants.pkl", "reflection_pad_4/version"), names);
        assertTrue(code.contains("torch.reflection_pad2d(x, [4, 4, 4, 4])"), code);
        assertThrows(IllegalArgumentException.class, () -> NativeReflectionPad.archive(0));
    }

    @Test
    void runsLibtorchsOwnOpInsideTheCallersGraphAndManager() {
        GradMode.off();
        try (NDManager m = NDManager.newBaseManager(); NDManager step = m.newSubManager()) {
            NDArray x = OwnedArrays.of(step, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
            x.setRequiresGradient(true);
            NDArray outside = ImageOps.reflectionPad(x, 1);
            assertFalse(JniUtils.requiresGrad((PtNDArray) outside), "no graph while gradients are off");
            assertSame(step, outside.getManager(), "the output belongs to the caller's manager");
            // libtorch's graph executor profiles the first runs of a module and then runs an optimised
            // plan: every call up to and past that switch must give the same graph and gradient
            for (int call = 0; call < 5; call++) {
                x.getGradient().subi(x.getGradient()); // gradients accumulate on a leaf across collectors
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray y = ImageOps.reflectionPad(x, 2);
                    // the native op, not the selection GEMMs (whose backward would be MmBackward)
                    assertEquals("ReflectionPad2DBackward0", JniUtils.getGradientFunctionNames((PtNDArray) y), "call " + call);
                    assertArrayEquals(new long[] {1, 1, 7, 7}, y.getShape().getShape());
                    c.backward(y.sum());
                }
                // how many of the 49 padded pixels each source pixel fills: per axis 2, 3, 2 (sources 2 1 0 1 2 1 0)
                assertArrayEquals(new float[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, x.getGradient().toFloatArray(), "call " + call);
            }
        }
    }

    @Test
    void weightedGradientsEqualTheSelectionPathsOnEveryCall() {
        GradMode.off();
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        float[] values = new float[2 * 3 * 6 * 5];
        float[] weights = new float[2 * 3 * 14 * 13];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] reference = gradient(m, values, weights, true);
            for (int call = 0; call < 5; call++) {
                assertArrayEquals(reference, gradient(m, values, weights, false), 1e-5f, "call " + call);
            }
        }
    }

    /** d sum(w * pad(x, 4)) / dx, by the selection GEMMs (checked against finite differences elsewhere) or the native op. */
    private static float[] gradient(NDManager m, float[] values, float[] weights, boolean selection) {
        try (NDManager step = m.newSubManager()) {
            NDArray x = OwnedArrays.of(step, values, new Shape(2, 3, 6, 5));
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = selection ? ImageOps.reflectionPadBySelection(x, 4) : ImageOps.reflectionPad(x, 4);
                c.backward(y.mul(OwnedArrays.of(step, weights, y.getShape())).sum());
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void anUnknownPaddingSettingIsRefused() {
        try (TemporaryProperty p = TemporaryProperty.set(ImageOps.PAD_SETTING, "gemm")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ImageOps::reflectionPadPath);
            assertTrue(e.getMessage().contains("native or selection"), e.getMessage());
        }
        try (TemporaryProperty p = TemporaryProperty.set(ImageOps.PAD_SETTING, "selection")) {
            assertEquals("selection", ImageOps.reflectionPadPath());
        }
    }

    @Test
    void paddingAsWideAsTheImageIsRefusedBeforeReachingLibtorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, 3, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageOps.reflectionPad(x, 3));
            assertTrue(e.getMessage().contains("needs more than 3 pixels"), e.getMessage());
            NDArray fiveAxes = m.zeros(new Shape(1, 1, 1, 6, 6));
            e = assertThrows(IllegalArgumentException.class, () -> ImageOps.reflectionPad(fiveAxes, 1));
            assertTrue(e.getMessage().contains("[N, C, H, W]"), e.getMessage());
        }
    }
}
