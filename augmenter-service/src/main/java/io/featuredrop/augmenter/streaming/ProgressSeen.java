package io.featuredrop.augmenter.streaming;

/** A trainer's PROGRESS status for {@code runId}: steps up to {@code step} (exclusive) are trained. */
public record ProgressSeen(String runId, long step) {
}
