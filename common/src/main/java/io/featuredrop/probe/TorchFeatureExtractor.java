package io.featuredrop.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.featuredrop.model.OwnedArrays;
import io.featuredrop.model.ResNetEncoder;
import io.featuredrop.train.GradMode;

import java.util.Arrays;

/** Features from the DJL encoder on the PyTorch engine, each chunk's arrays in a sub-manager. */
public final class TorchFeatureExtractor implements FeatureExtractor {

    public static final String ENGINE = "pytorch";

    private final ResNetEncoder encoder;
    private final NDManager manager;

    public TorchFeatureExtractor(ResNetEncoder encoder, NDManager manager) {
        this.encoder = encoder;
        this.manager = manager;
    }

    @Override
    public Features extract(float[] images, int n, int c, int h, int w, boolean pooled) {
        GradMode.off();
        ParameterStore store = new ParameterStore(manager, false);
        int size = c * h * w;
        float[] out = null;
        int dim = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            try (NDManager scratch = manager.newSubManager()) {
                float[] chunk = Arrays.copyOfRange(images, from * size, (from + count) * size);
                NDArray x = OwnedArrays.of(scratch, chunk, new Shape(count, c, h, w));
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

    @Override
    public String engine() {
        return ENGINE;
    }
}
