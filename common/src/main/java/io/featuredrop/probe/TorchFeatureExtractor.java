package io.featuredrop.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.featuredrop.model.OwnedArrays;
import io.featuredrop.model.ResNetEncoder;
import io.featuredrop.train.GradMode;

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
    public float[] extractChunk(float[] images, int count, int c, int h, int w, boolean pooled) {
        GradMode.off();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray x = OwnedArrays.of(scratch, images, new Shape(count, c, h, w));
            return encoder.features(new ParameterStore(manager, false), x, pooled).toFloatArray();
        }
    }

    @Override
    public String engine() {
        return ENGINE;
    }
}
