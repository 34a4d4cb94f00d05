package io.featuredrop.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Every knob of one run, as published on {@code fd.runs} and normalised by
 * {@link io.featuredrop.config.RunConfigValidator} (all defaults filled in). Users may omit any
 * field that has a default; unknown fields are rejected.
 */
@JsonPropertyOrder({"schemaVersion", "runId", "dataset", "mode", "steps", "batchSize", "seed"})
public record RunConfig(
        int schemaVersion,
        String runId,
        String dataset,
        AugmentationMode mode,
        int steps,
        int batchSize,
        long seed,
        String encoder,
        int encoderWidth,
        int embeddingDim,
        boolean projectionHead,
        Boolean normalizeInputs,
        Integer encoderPasses,
        String weightInit,
        double encoderLr,
        double encoderMomentum,
        double encoderWeightDecay,
        double temperature,
        String loss,
        int generatorWidth,
        int generatorBlocks,
        double generatorLr,
        double budget,
        boolean clampViews,
        int maxInFlight,
        int checkpointEvery,
        WirePrecision wirePrecision,
        ProbeSettings probe) {

    public static final int SCHEMA_VERSION = 1;

    // The recipe fields of issue 15 are absent from configs written before it (statuses, checkpoints
    // and fd.runs records a restarted service replays); absent means the recipe those runs trained with.

    /** Whether the encoder normalises its input (absent: no, as before issue 15). */
    public boolean inputsNormalized() {
        return Boolean.TRUE.equals(normalizeInputs);
    }

    /** Encoder forward passes per step (absent: 1, one joint pass, as before issue 15). */
    public int encoderPassCount() {
        if (encoderPasses == null) {
            return 1;
        }
        if (encoderPasses != 1 && encoderPasses != 2) {
            throw new IllegalArgumentException("encoderPasses must be 1 or 2, was " + encoderPasses);
        }
        return encoderPasses;
    }

    /** The weight initialisation (absent: DJL's, the only one before issue 15). */
    public io.featuredrop.model.WeightInit weightInitScheme() {
        return weightInit == null ? io.featuredrop.model.WeightInit.DJL
                : io.featuredrop.model.WeightInit.fromWireName(weightInit)
                        .orElseThrow(() -> new IllegalArgumentException("unknown weightInit '" + weightInit + "'"));
    }
}
