package io.featuredrop.augmenter.streaming;

import io.featuredrop.events.RunConfig;

/** A run was accepted while this replica follows the status topic live (by its own intake or another replica's). */
public record AcceptedSeen(RunConfig config) {
}
