package io.featuredrop.split;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.runs.RunView;
import io.featuredrop.split.StreamDecision.OnEnded;
import io.featuredrop.split.StreamDecision.Start;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class StreamDecisionTest {

    private static Optional<RunView> run(RunState state, RunState latest) {
        RunStatus last = RunStatus.of("r", latest, "trainer-service", "x");
        return Optional.of(new RunView("r", null, state, last, "fd.runs-0@1"));
    }

    @Test
    void onlyTheOwnerStartsAnUntouchedAcceptedRunFromStepZero() {
        Optional<RunView> fresh = run(RunState.ACCEPTED, RunState.ACCEPTED);
        assertEquals(Start.FROM_STEP_ZERO, StreamDecision.onAccepted(true, false, fresh));
        assertEquals(Start.NOTHING, StreamDecision.onAccepted(false, false, fresh), "another replica owns it");
        assertEquals(Start.NOTHING, StreamDecision.onAccepted(true, true, fresh), "already streaming here");
        assertEquals(Start.NOTHING, StreamDecision.onAccepted(true, false, run(RunState.RUNNING, RunState.PROGRESS)), "trained before: resumed, never restarted");
        assertEquals(Start.NOTHING, StreamDecision.onAccepted(true, false, run(RunState.ACCEPTED, RunState.REWIND)), "rewound before");
        assertEquals(Start.NOTHING, StreamDecision.onAccepted(true, false, Optional.empty()));
    }

    @Test
    void aGainedPartitionsUnfinishedRunsResume() {
        assertEquals(Start.RESUME_FROM_CHECKPOINTS, StreamDecision.onGained(true, false, run(RunState.RUNNING, RunState.PROGRESS)));
        assertEquals(Start.RESUME_FROM_CHECKPOINTS, StreamDecision.onGained(true, false, run(RunState.ACCEPTED, RunState.ACCEPTED)));
        assertEquals(Start.NOTHING, StreamDecision.onGained(true, false, run(RunState.COMPLETED, RunState.COMPLETED)));
        assertEquals(Start.NOTHING, StreamDecision.onGained(true, false, run(RunState.CANCELLED, RunState.CANCELLED)));
        assertEquals(Start.NOTHING, StreamDecision.onGained(false, false, run(RunState.RUNNING, RunState.PROGRESS)));
        assertEquals(Start.NOTHING, StreamDecision.onGained(true, true, run(RunState.RUNNING, RunState.PROGRESS)));
        assertEquals(Start.NOTHING, StreamDecision.onGained(true, false, Optional.empty()));
    }

    @Test
    void aViewmakerStreamIsDoneOnlyWithItsLastGeneratorStep() {
        assertTrue(StreamDecision.done(40, 40, false, 0));
        assertFalse(StreamDecision.done(39, 40, false, 0));
        assertFalse(StreamDecision.done(40, 40, true, 39));
        assertTrue(StreamDecision.done(40, 40, true, 40));
    }

    @Test
    void aCompletedRunWaitsForItsLastGradientAnythingElseCloses() {
        assertEquals(OnEnded.AWAIT_LAST_GRADIENT, StreamDecision.onEnded(true, RunState.COMPLETED, false));
        assertEquals(OnEnded.CLOSE, StreamDecision.onEnded(true, RunState.COMPLETED, true));
        assertEquals(OnEnded.CLOSE, StreamDecision.onEnded(true, RunState.CANCELLED, false));
        assertEquals(OnEnded.CLOSE, StreamDecision.onEnded(true, RunState.FAILED, false));
        assertEquals(OnEnded.NOTHING, StreamDecision.onEnded(false, RunState.COMPLETED, false));
    }
}
