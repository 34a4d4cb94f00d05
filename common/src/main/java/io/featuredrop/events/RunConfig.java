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
        boolean normalizeInputs,
        int encoderPasses,
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
}
