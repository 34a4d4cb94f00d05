package io.featuredrop.events;

/**
 * How the evaluator's linear probes are fitted (DESIGN.md section 5).
 *
 * @param features  "prepool" (last block before pooling, the paper's choice) or "pooled"
 * @param trainOn   "clean" training images (default) or "views"
 * @param trainSize images the probe is fitted on
 * @param testSize  held-out images it is scored on
 * @param epochs    passes of the probe's optimiser
 * @param learningRate probe optimiser learning rate
 */
public record ProbeSettings(String features, String trainOn, int trainSize, int testSize, int epochs, double learningRate) {

    public static final String PREPOOL = "prepool";
    public static final String POOLED = "pooled";
    public static final String CLEAN = "clean";
    public static final String VIEWS = "views";

    public static ProbeSettings defaults() {
        return new ProbeSettings(PREPOOL, CLEAN, 10_000, 5_000, 100, 0.01);
    }
}
