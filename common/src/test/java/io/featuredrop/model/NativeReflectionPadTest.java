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
            NDArray x = step.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
            x.setRequiresGradient(true);
            NDArray outside = ImageOps.reflectionPad(x, 1);
            assertFalse(JniUtils.requiresGrad((PtNDArray) outside), "no graph while gradients are off");
            assertSame(step, outside.getManager(), "the output belongs to the caller's manager");
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = ImageOps.reflectionPad(x, 2);
                // the native op, not the selection GEMMs (whose backward would be MmBackward)
                assertEquals("ReflectionPad2DBackward0", JniUtils.getGradientFunctionNames((PtNDArray) y));
                assertArrayEquals(new long[] {1, 1, 7, 7}, y.getShape().getShape());
                c.backward(y.sum());
            }
            // how many of the 49 padded pixels each source pixel fills: per axis 2, 3, 2 (sources 2 1 0 1 2 1 0)
            assertArrayEquals(new float[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, x.getGradient().toFloatArray());
        }
    }

    @Test
    void paddingAsWideAsTheImageIsRefusedBeforeReachingLibtorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, 3, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageOps.reflectionPad(x, 3));
            assertTrue(e.getMessage().contains("needs more than 3 pixels"), e.getMessage());
        }
    }
}
