package io.featuredrop.model;

import io.featuredrop.events.RunConfig;

/**
 * Shape of the Viewmaker generator: widths w, 2w, 4w (the paper: 32/64/128; 16/32/64 is a CPU
 * setting), {@code residualBlocks} noise-fed residual blocks, and the L1 budget: each view's mean
 * |delta| per pixel.
 */
public record GeneratorSpec(int width, int residualBlocks, double budget, boolean clampViews) {

    public static GeneratorSpec of(RunConfig config) {
        return new GeneratorSpec(config.generatorWidth(), config.generatorBlocks(), config.budget(), config.clampViews());
    }
}
