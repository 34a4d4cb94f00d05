package io.featuredrop.augmenter.streaming;

/** A REWIND status from another service (a restarted trainer), published after this process started. */
public record RewindSeen(String runId, long step, String service) {
}
