package io.featuredrop.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.featuredrop.train.GradMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The libtorch-owned replacements of DJL's Number ops compute exactly what those ops compute. */
@Tag("fast")
class OwnedArraysTest {

    private static final float[] X = {-0.5f, 0f, 0.25f, 1f, 1.5f, Float.NaN};

    @Test
    void scalarOpsEqualDjlsNumberOps() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = OwnedArrays.of(m, X, new Shape(X.length));
            assertArrayEquals(x.mul(0.3f).toFloatArray(), OwnedArrays.mul(x, 0.3f).toFloatArray(), 0f);
            assertArrayEquals(x.div(-7).toFloatArray(), OwnedArrays.div(x, -7).toFloatArray(), 0f);
            assertArrayEquals(x.add(1e-4f).toFloatArray(), OwnedArrays.add(x, 1e-4f).toFloatArray(), 0f);
            assertArrayEquals(x.sub(2.7f).toFloatArray(), OwnedArrays.sub(x, 2.7f).toFloatArray(), 0f);
            assertArrayEquals(x.maximum(1e-12f).toFloatArray(), OwnedArrays.maximum(x, 1e-12f).toFloatArray(), 0f);
            assertArrayEquals(x.clip(0f, 1f).toFloatArray(), OwnedArrays.clip(x, 0f, 1f).toFloatArray(), 0f);
        }
    }

    @Test
    void clipHasClampsGradientBoundsIncluded() {
        GradMode.off();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = OwnedArrays.of(m, new float[] {-0.5f, 0f, 0.25f, 1f, 1.5f}, new Shape(5));
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(OwnedArrays.clip(x, 0f, 1f).sum());
            }
            assertArrayEquals(new float[] {0f, 1f, 1f, 1f, 0f}, x.getGradient().toFloatArray(), 0f);
        }
    }
}
