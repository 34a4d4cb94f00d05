package io.featuredrop.checkpoint;

/** A checkpoint that must not be used: missing file, sha256 mismatch, unreadable or foreign content. */
public final class CheckpointRejected extends Exception {

    public CheckpointRejected(String reason) {
        super(reason);
    }
}
