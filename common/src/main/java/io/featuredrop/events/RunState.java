package io.featuredrop.events;

/** Life cycle of a run as seen on {@code fd.run-status}; PROGRESS records go to {@code fd.run-progress}. */
public enum RunState {
    ACCEPTED,
    REJECTED,
    RUNNING,
    PROGRESS,
    /**
     * A service restarted mid-run (or found its partner restarted) and asks both halves to continue
     * from {@code step}, the newest checkpoint they share; not a state a run stays in.
     */
    REWIND,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == REJECTED || this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
