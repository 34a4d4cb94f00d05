package io.featuredrop.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.featuredrop.model.ResNetEncoder;

/** Frozen-encoder features of images, in chunks so memory stays bounded. */
public final class FeatureExtractor {

    private static final int CHUNK = 256;

    private FeatureExtractor() {
    }

    public static Features extract(ResNetEncoder encoder, NDManager manager, float[] images, int n, int c, int h, int w, boolean pooled) {
        io.featuredrop.train.GradMode.off();
        ParameterStore store = new ParameterStore(manager, false);
        int size = c * h * w;
        float[] out = null;
        int dim = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            try (NDManager scratch = manager.newSubManager()) {
                float[] chunk = java.util.Arrays.copyOfRange(images, from * size, (from + count) * size);
                NDArray x = io.featuredrop.model.OwnedArrays.of(scratch, chunk, new Shape(count, c, h, w));
                float[] f = encoder.features(store, x, pooled).toFloatArray();
                if (out == null) {
                    dim = f.length / count;
                    out = new float[n * dim];
                }
                System.arraycopy(f, 0, out, from * dim, f.length);
            }
        }
        return new Features(n, dim, out == null ? new float[0] : out);
    }
}
