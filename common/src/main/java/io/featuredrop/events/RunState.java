package io.featuredrop.events;

/** Life cycle of a run as seen on {@code fd.run-status}. */
public enum RunState {
    ACCEPTED,
    REJECTED,
    RUNNING,
    PROGRESS,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == REJECTED || this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
