package io.featuredrop.augmenter.streaming;

import io.featuredrop.events.RunState;

/** A terminal status of a run (COMPLETED, FAILED, CANCELLED) seen on fd.run-status, from any service. */
public record RunEnded(String runId, RunState state, String reason) {
}
