package io.featuredrop.model;

import io.featuredrop.events.RunConfig;

/**
 * Shape of the SimCLR encoder: a CIFAR-style ResNet (3x3 stem, no max-pool) of four stages of
 * widths w, 2w, 4w, 8w. {@code resnet18} has two basic blocks per stage (the paper's encoder at
 * w = 64), {@code resnet-small} one (for CPU runs). {@code normalizeInputs}: the encoder's input is
 * normalised with the dataset's mean and standard deviation (the paper's recipe).
 */
public record EncoderSpec(String architecture, int width, int embeddingDim, boolean projectionHead, boolean normalizeInputs) {

    public static EncoderSpec of(RunConfig config) {
        return new EncoderSpec(config.encoder(), config.encoderWidth(), config.embeddingDim(), config.projectionHead(),
                config.inputsNormalized());
    }

    public int[] blocksPerStage() {
        return switch (architecture) {
            case "resnet18" -> new int[] {2, 2, 2, 2};
            case "resnet-small" -> new int[] {1, 1, 1, 1};
            default -> throw new IllegalArgumentException("unknown encoder '" + architecture + "' (resnet-small, resnet18)");
        };
    }

    /** Channels of the last block's output (pre-pool features per position). */
    public int featureChannels() {
        return 8 * width;
    }
}
