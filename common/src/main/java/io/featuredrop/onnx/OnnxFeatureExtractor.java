package io.featuredrop.onnx;

import io.featuredrop.probe.FeatureExtractor;

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
    public float[] extractChunk(float[] images, int count, int c, int h, int w, boolean pooled) {
        String output = pooled ? EncoderExport.FEATURES : EncoderExport.PREPOOL_FEATURES;
        return session.run(Map.of(EncoderExport.INPUT, new OnnxSession.Input(images, count, c, h, w)), output).get(output);
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
