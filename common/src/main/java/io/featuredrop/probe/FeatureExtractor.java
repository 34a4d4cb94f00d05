package io.featuredrop.probe;

/**
 * Frozen-encoder features of a batch of images (row-major N x C x H x W floats in [0, 1]): pooled
 * (N x 8w) or pre-pool (N x 8w*h*w). Implementations extract in chunks so memory stays bounded:
 * {@link TorchFeatureExtractor} runs the DJL encoder on PyTorch, {@code OnnxFeatureExtractor} its
 * ONNX export on ONNX Runtime.
 */
public interface FeatureExtractor {

    /** Images per forward pass. */
    int CHUNK = 256;

    Features extract(float[] images, int n, int c, int h, int w, boolean pooled);

    /** The engine's name, for provenance. */
    String engine();
}
