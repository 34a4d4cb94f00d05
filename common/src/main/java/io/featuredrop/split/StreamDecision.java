package io.featuredrop.split;

import io.featuredrop.events.RunState;
import io.featuredrop.runs.RunView;
import java.util.Optional;

/**
 * What the augmenter does with a run's view stream (DESIGN.md section 2), decided without Kafka or
 * a model: the channel classes carry the verdicts out. The trainer's side is {@link ViewBatchDecision}.
 */
public final class StreamDecision {

    /** Whether a run may be started from step 0 here, or resumed from its checkpoints, or neither. */
    public enum Start { FROM_STEP_ZERO, RESUME_FROM_CHECKPOINTS, NOTHING }

    /** What a run's stream does when the run's status says it ended. */
    public enum OnEnded { CLOSE, AWAIT_LAST_GRADIENT, NOTHING }

    private StreamDecision() {
    }

    /**
     * A run just accepted (here or by another replica): started from step 0 only by its owner, only
     * when no stream of it runs here, and only while nothing has happened to it yet (no progress, no
     * rewind): a run streamed before continues from its checkpoints, never from scratch.
     */
    public static Start onAccepted(boolean owned, boolean streamingHere, Optional<RunView> run) {
        if (!owned || streamingHere) {
            return Start.NOTHING;
        }
        boolean untouched = run.map(r -> r.state() == RunState.ACCEPTED && r.latest().state() == RunState.ACCEPTED).orElse(false);
        return untouched ? Start.FROM_STEP_ZERO : Start.NOTHING;
    }

    /** A run of a partition this replica was just given: resumed unless it already streams here or has ended (or is unknown). */
    public static Start onGained(boolean owned, boolean streamingHere, Optional<RunView> run) {
        if (!owned || streamingHere || run.map(r -> r.state().isTerminal()).orElse(true)) {
            return Start.NOTHING;
        }
        return Start.RESUME_FROM_CHECKPOINTS;
    }

    /**
     * Every step trained, and in Viewmaker modes every generator step taken (its last checkpoint
     * written): the stream can close.
     */
    public static boolean done(long trainedSteps, long steps, boolean needsGradients, long generatorStep) {
        return trainedSteps >= steps && (!needsGradients || generatorStep >= steps);
    }

    /**
     * The run ended elsewhere. A COMPLETED from the trainer can overtake its last view gradient (two
     * topics): a Viewmaker stream that still lacks generator steps waits for them (bounded by the
     * caller); anything else closes.
     */
    public static OnEnded onEnded(boolean streamingHere, RunState ended, boolean done) {
        if (!streamingHere) {
            return OnEnded.NOTHING;
        }
        return ended == RunState.COMPLETED && !done ? OnEnded.AWAIT_LAST_GRADIENT : OnEnded.CLOSE;
    }
}
