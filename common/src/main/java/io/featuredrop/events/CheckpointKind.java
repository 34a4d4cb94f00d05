package io.featuredrop.events;

/** ENCODER: trainer (encoder + optimiser state). GENERATOR: augmenter (generator + optimiser + data position). */
public enum CheckpointKind {
    ENCODER,
    GENERATOR
}
