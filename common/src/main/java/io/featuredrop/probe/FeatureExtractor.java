package io.featuredrop.probe;

import java.util.Arrays;

/**
 * Frozen-encoder features of a batch of images (row-major N x C x H x W floats in [0, 1]): pooled
 * (N x 8w) or pre-pool (N x 8w*h*w), extracted in chunks of {@link #CHUNK} so memory stays
 * bounded: {@link TorchFeatureExtractor} runs the DJL encoder on PyTorch, {@code OnnxFeatureExtractor}
 * its ONNX export on ONNX Runtime.
 */
public interface FeatureExtractor {

    /** Images per forward pass. */
    int CHUNK = 256;

    /** The features of {@code count} images (count x dim values). */
    float[] extractChunk(float[] images, int count, int c, int h, int w, boolean pooled);

    /** The engine's name, for provenance. */
    String engine();

    default Features extract(float[] images, int n, int c, int h, int w, boolean pooled) {
        int size = c * h * w;
        float[] out = null;
        int dim = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            float[] f = extractChunk(Arrays.copyOfRange(images, from * size, (from + count) * size), count, c, h, w, pooled);
            if (out == null) {
                dim = f.length / count;
                out = new float[n * dim];
            }
            System.arraycopy(f, 0, out, from * dim, f.length);
        }
        return new Features(n, dim, out == null ? new float[0] : out);
    }
}
