package io.featuredrop.events;

/**
 * How the evaluator's linear probes are fitted (DESIGN.md section 5).
 *
 * @param protocol  "clean": the probe is fitted on clean training images (featuredrop's default);
 *                  "paper": fitted on the run's own views of the training images (Viewmaker or
 *                  expert, as the paper's code does), pre-pool features, 100 epochs of SGD with
 *                  the x0.1 steps at 60% and 80%; both score clean test images. Null in results
 *                  written before issue 15 (those were "clean" unless trainOn says views).
 * @param features  "prepool" (last block before pooling, the paper's choice) or "pooled"
 * @param trainOn   "clean" training images (default) or "views"
 * @param trainSize images the probe is fitted on
 * @param testSize  held-out images it is scored on
 * @param epochs    passes of the probe's optimiser
 * @param learningRate probe optimiser learning rate
 */
public record ProbeSettings(String protocol, String features, String trainOn, int trainSize, int testSize, int epochs,
                            double learningRate) {

    public static final String PREPOOL = "prepool";
    public static final String POOLED = "pooled";
    public static final String CLEAN = "clean";
    public static final String VIEWS = "views";
    /** The paper's protocol (a value of {@code protocol}); the other is {@link #CLEAN}. */
    public static final String PAPER = "paper";

    public static ProbeSettings defaults() {
        return defaults(CLEAN);
    }

    /** A protocol's settings: only what the probe trains on differs. */
    public static ProbeSettings defaults(String protocol) {
        return new ProbeSettings(protocol, PREPOOL, PAPER.equals(protocol) ? VIEWS : CLEAN, 10_000, 5_000, 100, 0.01);
    }

    /** The protocol these settings follow, for results written before the field existed too. */
    public String protocolName() {
        return protocol != null ? protocol : VIEWS.equals(trainOn) ? PAPER : CLEAN;
    }
}
