package io.featuredrop.onnx;

import io.featuredrop.probe.FeatureExtractor;
import io.featuredrop.probe.Features;

import java.util.Arrays;
import java.util.Map;

/**
 * Features from an encoder's ONNX export ({@link EncoderExport}) on DJL's ONNX Runtime engine, in
 * chunks of {@link #CHUNK} images. Needs {@code ai.djl.onnxruntime:onnxruntime-engine} on the class
 * path (the evaluator and the CLI have it). Close it to free the session.
 */
public final class OnnxFeatureExtractor implements FeatureExtractor, AutoCloseable {

    public static final String ENGINE = "onnxruntime";

    private final OnnxSession session;

    public OnnxFeatureExtractor(byte[] onnxEncoder, int threads) throws OnnxModelFile.MalformedOnnxModel {
        this.session = new OnnxSession(onnxEncoder, "the ONNX encoder", threads);
    }

    @Override
    public Features extract(float[] images, int n, int c, int h, int w, boolean pooled) {
        String output = pooled ? EncoderExport.FEATURES : EncoderExport.PREPOOL_FEATURES;
        int size = c * h * w;
        float[] out = null;
        int dim = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            float[] chunk = Arrays.copyOfRange(images, from * size, (from + count) * size);
            float[] f = session.run(Map.of(EncoderExport.INPUT, new OnnxSession.Input(chunk, count, c, h, w)), output).get(output);
            if (out == null) {
                dim = f.length / count;
                out = new float[n * dim];
            }
            System.arraycopy(f, 0, out, from * dim, f.length);
        }
        return new Features(n, dim, out == null ? new float[0] : out);
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public void close() {
        session.close();
    }
}
